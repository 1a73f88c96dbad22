// Opens a spreadsheet an owner sends (CSV from any Excel, or .xlsx), decides
// what it is by its bytes, and hands the importer its header and a stream of
// rows. Nothing here knows about clients or purchases.
import { canonicalColumn } from "./columns.ts";
import { csvRecords, type CsvState, type TableRecord } from "./read-csv.ts";
import { byteChunks, FileProblemError, headOf, sizeOf, type TableSource } from "./read-source.ts";
import type { TextEncoding } from "./read-text.ts";
import { xlsxRecords } from "./read-xlsx.ts";

export { FileProblemError, type TableSource };

export interface TableReader {
  format: "csv" | "xlsx";
  /** null for xlsx; "utf-16le" for Excel's "Unicode text". A pure-ASCII file reads as "utf-8"; the value is final once rows() has run. */
  encoding: TextEncoding | null;
  delimiter: "," | ";" | "\t" | null;
  /** Lower-cased, trimmed, aliases resolved to the canonical column names of rows.ts where known. */
  header: string[];
  /**
   * Data rows in file order, each with the line number a spreadsheet shows (header = line 1);
   * blank rows skipped. Streams: memory does not grow with the file. Each call reads the file
   * again from the start, so a dry run and a commit may both read it.
   */
  rows(): AsyncIterable<{ line: number; cells: string[] }>;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
// Files an owner may pick by mistake: images, PDF, old binary .xls/.doc, other archives.
const NOT_TABLES = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0xd0, 0xcf, 0x11, 0xe0], // OLE2: .xls, .doc
  [0x1f, 0x8b], // gzip
  [0x50, 0x4b, 0x05, 0x06], // empty ZIP
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
];
const startsWith = (head: Uint8Array, sig: number[]) => sig.every((b, i) => head[i] === b);

/**
 * Throws FileProblemError for a file that is not a table (format), cannot be
 * decoded (encoding), has no header or no data row (empty), or is larger than
 * maxBytes (too_large). rows() may throw it too (an encoding error found late).
 */
export async function openTable(source: TableSource, fileName: string, opts: { maxBytes?: number } = {}): Promise<TableReader> {
  const size = await sizeOf(source);
  if (opts.maxBytes !== undefined && size > opts.maxBytes) throw new FileProblemError({ problem: "too_large" });
  if (size === 0) throw new FileProblemError({ problem: "empty" });
  const head = await headOf(source);
  // The bytes decide; the name only tells that a non-ZIP ".xlsx" is a broken download, not text.
  if (startsWith(head, ZIP)) return reader("xlsx", () => xlsxRecords(source), { encoding: null, delimiter: null });
  if (NOT_TABLES.some((sig) => startsWith(head, sig)) || /\.xlsx$/i.test(fileName.trim())) throw new FileProblemError({ problem: "format" });
  const state: CsvState = { encoding: null, delimiter: null };
  const table = await reader("csv", () => csvRecords(byteChunks(source), state), state);
  // Reported after the header was read; rows() may still learn a non-ASCII file's encoding later.
  return Object.defineProperty(table, "encoding", { get: () => state.encoding ?? "utf-8", enumerable: true });
}

async function reader(format: "csv" | "xlsx", records: () => AsyncGenerator<TableRecord>, state: { encoding: TextEncoding | null; delimiter: CsvState["delimiter"] }): Promise<TableReader> {
  // Read just far enough to know there is a header and at least one row, then let the file go.
  const first = records();
  let header: string[] | null = null;
  try {
    const h = await first.next();
    if (!h.done && !(await first.next()).done) header = h.value.cells.map(canonicalColumn);
  } finally {
    await first.return(undefined);
  }
  if (!header) throw new FileProblemError({ problem: "empty" });
  return {
    format,
    encoding: state.encoding,
    delimiter: state.delimiter,
    header,
    async *rows() {
      let isHeader = true;
      for await (const record of records()) {
        if (!isHeader) yield record;
        isHeader = false;
      }
    },
  };
}
