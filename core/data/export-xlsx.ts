// XLSX through exceljs's streaming writer: each row is committed (turned into
// XML and handed to the zip) as soon as it is added, so a million rows never
// sit in memory. Cells keep their types: amounts are numbers with two
// decimals, days are real dates, phones and card numbers are text (a number
// would show +79001234567 as 7.9E+10 and drop the plus).
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import ExcelJS from "exceljs";
import type { Cell, Column, ColumnKind, ExportStyle } from "./export-cells.ts";
import type { SheetWriter } from "./export-csv.ts";

/** Excel's last row is 1,048,576: beyond it the rows go on in a second sheet. */
const SHEET_ROWS = 1_048_575;
/** How often the writer looks whether the zip has fallen behind, and how much unzipped XML may wait. */
const CHECK_EVERY = 500;
const BACKLOG_HIGH = 4 * 2 ** 20;
const BACKLOG_LOW = 2 ** 20;

const numFmt = (kind: ColumnKind, style: ExportStyle): string | undefined =>
  kind === "money" ? "#,##0.00" : kind === "date" ? (style === "ru" ? "dd.mm.yyyy" : "yyyy-mm-dd") : kind === "code" ? "@" : undefined;

/**
 * exceljs hands a sheet's XML to the zip without back-pressure, and deflate
 * takes an event-loop turn per chunk: left alone, the XML of a million rows
 * piles up in memory. The queue it piles up in (the zip's input stream,
 * internal to exceljs and archiver) says how much waits; 0 if it cannot be found.
 */
function zipBacklog(sheet: ExcelJS.Worksheet): number {
  const input = (sheet as unknown as { stream?: { pipes?: { _writableState?: { length?: number } }[] } }).stream?.pipes?.[0];
  return input?._writableState?.length ?? 0;
}

async function catchUp(sheet: ExcelJS.Worksheet, out: NodeJS.WritableStream & { destroyed: boolean }): Promise<void> {
  while (zipBacklog(sheet) > BACKLOG_LOW) {
    if (out.destroyed) throw new Error("the XLSX file closed early");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (out.destroyed) throw new Error("the XLSX file closed early");
}

function xlsxValue(kind: ColumnKind, value: Cell): ExcelJS.CellValue {
  if (value === null) return null;
  if (kind === "money") return Number(value) / 100;
  // A day, not an instant: Excel has no time zone and exceljs counts days from UTC.
  if (kind === "date") return new Date(`${String(value)}T00:00:00Z`);
  return value;
}

export function createXlsxWriter(file: string, sheetName: string, columns: Column[], style: ExportStyle): SheetWriter {
  const out = createWriteStream(file);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const kinds = columns.map((c) => c.kind);
  let sheets = 0;
  let sheet!: ExcelJS.Worksheet;
  let inSheet = 0;
  let written = 0;

  const openSheet = () => {
    sheets += 1;
    sheet = book.addWorksheet(sheets === 1 ? sheetName : `${sheetName} ${sheets}`, { views: [{ state: "frozen", ySplit: 1 }] });
    // A column's style reaches every cell added to it, so each row is only values.
    sheet.columns = columns.map((c) => {
      const fmt = numFmt(c.kind, style);
      return { header: c.name, key: c.name, width: c.width, ...(fmt ? { style: { numFmt: fmt } } : {}) };
    });
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
    inSheet = 0;
  };
  openSheet();

  return {
    write(cells) {
      if (inSheet === SHEET_ROWS) {
        sheet.commit();
        openSheet();
      }
      sheet.addRow(cells.map((value, i) => xlsxValue(kinds[i]!, value))).commit();
      inSheet += 1;
      written += 1;
      if (written % CHECK_EVERY !== 0) return undefined;
      if (zipBacklog(sheet) > BACKLOG_HIGH || out.destroyed) return catchUp(sheet, out);
      // Even when the zip keeps up, the disk gets a turn.
      return out.writableNeedDrain ? once(out, "drain").then(() => undefined) : undefined;
    },
    async finish() {
      sheet.commit();
      await book.commit();
    },
    async abort() {
      if (out.closed) return;
      const closed = once(out, "close").catch(() => undefined);
      out.destroy();
      await closed;
    },
  };
}
