// CSV for Excel and for our own importer: UTF-8 with a BOM (without it Excel
// reads the file as the system's code page and Cyrillic and Chinese turn to
// mojibake), `;` and a decimal comma for a Russian-locale Excel, `,` and a dot
// otherwise. Rows stream through csv-stringify into the file, waiting when the
// disk falls behind, so memory stays flat whatever the number of rows.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { csvCell, type Cell, type Column, type ExportStyle } from "./export-cells.ts";

export interface SheetWriter {
  /** Returns a promise only when the caller must wait before the next row. */
  write(cells: Cell[]): Promise<void> | undefined;
  finish(): Promise<void>;
  /** Stops writing after a failure (the caller removes the file). */
  abort(): Promise<void>;
}

export function createCsvWriter(file: string, columns: Column[], style: ExportStyle): SheetWriter {
  const csv = stringify({ bom: true, delimiter: style === "ru" ? ";" : ",", record_delimiter: "windows" });
  const done = pipeline(csv, createWriteStream(file));
  // Seen by finish() or abort(); until then a failure must not surface as an unhandled rejection.
  done.catch(() => undefined);
  csv.write(columns.map((c) => c.name));
  const kinds = columns.map((c) => c.kind);
  return {
    write(cells) {
      // After a failure of the file, `done` carries its error (a destroyed stream never drains).
      if (csv.destroyed) return done.then(() => Promise.reject(new Error("the CSV stream closed early")));
      if (csv.write(cells.map((value, i) => csvCell(kinds[i]!, value, style)))) return undefined;
      return Promise.race([once(csv, "drain"), done]).then(() => undefined);
    },
    async finish() {
      csv.end();
      await done;
    },
    async abort() {
      csv.destroy();
      await done.catch(() => undefined);
    },
  };
}
