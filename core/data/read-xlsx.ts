// The first worksheet of an .xlsx, row by row through exceljs's streaming
// reader, each cell turned into the text the owner sees in it, so the same
// parsers serve CSV and XLSX.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { isBlank, type TableRecord } from "./read-csv.ts";
import { FileProblemError, type TableSource } from "./read-source.ts";

const pad = (n: number) => String(n).padStart(2, "0");

/** Excel keeps a date as a day count; exceljs hands it over as UTC midnight of that civil date. */
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/**
 * Plain decimal, as Excel shows it: 79001234567 rather than 7.9e10, and
 * 1234.56 rather than the 1234.5599999999999 a formula may have stored
 * (Excel itself keeps 15 significant digits).
 */
export function numberText(n: number): string {
  const shortest = String(n);
  // The shortest round-trip form is already what Excel shows when it is this short.
  if (shortest.length <= 15 && !shortest.includes("e")) return shortest;
  if (Number.isSafeInteger(n)) return shortest;
  const rounded = Number(n.toPrecision(15));
  const text = String(rounded);
  return /e/i.test(text) && Math.abs(rounded) < 1e21 ? rounded.toFixed(20).replace(/\.?0+$/, "") : text;
}

// exceljs's own test for a date number format: date letters outside quotes and brackets.
const looksLikeDateFormat = (fmt: string | undefined) => !!fmt && /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]|"[^"]*"/g, ""));
const serialToDate = (serial: number) => new Date(Math.round((serial - 25569) * 86_400_000));

/** A cell's value as text: dates "yyyy-mm-dd", rich text joined, a formula's result. */
export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : isoDay(value);
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join("");
    // The streaming reader gives a date formula's result as the bare day count.
    if ("result" in v) return typeof v.result === "number" && looksLikeDateFormat(numFmt) ? isoDay(serialToDate(v.result)) : cellText(v.result);
    if (v.text !== undefined) return cellText(v.text); // a hyperlink
    if (v.error) return v.error;
  }
  return "";
}

function openStream(source: TableSource): Readable {
  return "path" in source ? createReadStream(source.path) : Readable.from([Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength)], { objectMode: false });
}

/** Non-blank rows of the first worksheet with their row numbers; "format" for a ZIP that is not a workbook. */
export async function* xlsxRecords(source: TableSource): AsyncGenerator<TableRecord> {
  const stream = openStream(source);
  // styles: "cache" is what lets exceljs tell a date cell from a number.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: "emit", sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", entries: "ignore" });
  const sheets = workbook[Symbol.asyncIterator]();
  let sheet: ExcelJS.stream.xlsx.WorksheetReader | null = null;
  let rows: AsyncIterator<ExcelJS.Row> | null = null;
  try {
    const first = await step(sheets.next());
    if (first.done) throw new FileProblemError({ problem: "format" });
    sheet = first.value;
    rows = sheet[Symbol.asyncIterator]();
    for (;;) {
      const next = await step(rows.next());
      if (next.done) break;
      const row = next.value;
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        while (cells.length < col - 1) cells.push("");
        cells[col - 1] = cellText(cell.value, cell.numFmt);
      });
      if (!isBlank(cells)) yield { line: row.number, cells };
    }
  } finally {
    await release(sheet, rows, sheets);
    stream.destroy();
  }
}

/**
 * When the sheet comes before the shared strings in the archive (as Excel and
 * exceljs write it), exceljs copies it to a temporary file and deletes that
 * file only once the reader moves past the sheet. So instead of abandoning the
 * reader when the header is read or the caller stops early, close the sheet's
 * stream and let exceljs step past the sheets without parsing them: that
 * deletes the copies and closes their files, which a long-running bot would
 * otherwise collect until it exits.
 */
async function release(sheet: ExcelJS.stream.xlsx.WorksheetReader | null, rows: AsyncIterator<unknown> | null, sheets: AsyncIterator<ExcelJS.stream.xlsx.WorksheetReader>) {
  try {
    await rows?.return?.();
    if (sheet) await closeCopy(sheet);
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      await closeCopy(next.value); // a later sheet, never read
    }
  } catch {
    // A broken archive: nothing more to release than what the stream's destroy does.
  }
}

/** The stream of a sheet's temporary copy is exceljs's `iterator`; it is closed only once its file is. */
async function closeCopy(sheet: ExcelJS.stream.xlsx.WorksheetReader) {
  const copy = (sheet as unknown as { iterator?: unknown }).iterator;
  if (!(copy instanceof Readable) || copy.closed) return;
  // Not events.once: a stream stopped mid-iteration emits an AbortError before it closes.
  const closed = new Promise((resolve) => copy.once("close", resolve));
  copy.on("error", () => {});
  copy.destroy();
  await closed;
}

/** exceljs and unzipper fail in their own ways on a broken archive; to the owner it is not a workbook. */
async function step<T>(p: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof FileProblemError) throw e;
    throw new FileProblemError({ problem: "format" });
  }
}
