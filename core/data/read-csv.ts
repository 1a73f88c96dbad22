// CSV as Excel writes it: quoted fields with "" escapes and line breaks inside,
// CRLF or LF, "," ";" or tab. csv-parse does the quoting; this file feeds it
// decoded text and numbers the records the way a spreadsheet numbers rows.
import { Readable, pipeline } from "node:stream";
import { parse } from "csv-parse";
import { FileProblemError } from "./read-source.ts";
import { decodeText, detectDelimiter, hasHeaderLine, type TextState } from "./read-text.ts";

export interface CsvState extends TextState {
  delimiter: "," | ";" | "\t" | null;
}

export interface TableRecord {
  line: number;
  cells: string[];
}

// A record longer than this is an unclosed quote swallowing the rest of the file, not a cell.
const MAX_RECORD_CHARS = 1 << 20;

export const isBlank = (cells: string[]) => cells.every((c) => c.trim() === "");

/** Non-blank records in file order; `line` counts every record, blank ones too, as Excel's row numbers do. */
export async function* csvRecords(chunks: AsyncIterable<Uint8Array>, state: CsvState): AsyncGenerator<TableRecord> {
  const texts = decodeText(chunks, state);
  // The delimiter is read off the header line, so text is held back until that line is whole.
  let head = "";
  let ended = false;
  while (head.length < MAX_RECORD_CHARS && !hasHeaderLine(head)) {
    const next = await texts.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
  }
  const delimiter = (state.delimiter = detectDelimiter(head));
  async function* text() {
    try {
      if (head) yield head;
      if (!ended) yield* texts;
    } finally {
      await texts.return(undefined); // closes the file when the reader stops early
    }
  }
  const parser = parse({ delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, relax_quotes: true, max_record_size: MAX_RECORD_CHARS });
  // pipeline() passes an error of the source (an encoding found late) on to the parser's iterator.
  pipeline(Readable.from(text()), parser, () => {});
  let line = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      line++;
      if (!isBlank(cells)) yield { line, cells };
    }
  } catch (e) {
    if (e instanceof FileProblemError) throw e;
    // csv-parse's own complaints (a quote never closed, a record too long) mean it is not a table we can read.
    if (e instanceof Error && "code" in e && String(e.code).startsWith("CSV_")) throw new FileProblemError({ problem: "format" });
    throw e;
  } finally {
    parser.destroy();
  }
}
