// Export (issue 11, item 4): the clients, purchases, points ledger or service
// tickets to CSV or XLSX, for the owner's spreadsheet or for another system.
// The clients and purchases files begin with the importer's columns under the
// importer's names, so an export imports back (into a fresh database, or this
// one after a restore). Rows stream from a cursor on a second, read-only
// connection straight into the file: a million purchases keep memory flat,
// and the bot keeps writing meanwhile (WAL: the cursor reads one snapshot).
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import type { Db } from "../db/client.ts";
import { createShopTime, type ExportStyle } from "./export-cells.ts";
import { createCsvWriter, type SheetWriter } from "./export-csv.ts";
import { DATASETS, type ExportDataset } from "./export-datasets.ts";
import { createXlsxWriter } from "./export-xlsx.ts";
import { withSqlite } from "./sqlite.ts";

export { EXPORT_DATASETS, type ExportDataset } from "./export-datasets.ts";
export type { ExportStyle } from "./export-cells.ts";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  /** The shop's time zone: dates are days on the shop's calendar. */
  timeZone: string;
  style: ExportStyle;
  /** The moment points balances are counted at (expired lots left out); now by default. */
  now?: Date;
}

export interface ExportResult {
  /** Data rows written (the header not counted). */
  rows: number;
  bytes: number;
  file: string;
}

/**
 * Writes one dataset to `out`. The file appears whole or not at all: it is
 * written under a temporary name and renamed when complete.
 */
export async function exportData(db: Db, dataset: ExportDataset, format: ExportFormat, out: string, opts: ExportOptions): Promise<ExportResult> {
  const def = DATASETS[dataset];
  const part = `${out}.part`;
  await mkdir(dirname(out), { recursive: true });
  const rows = await withSqlite(
    db,
    async (sqlite) => {
      const shop = createShopTime(opts.timeZone);
      const writer: SheetWriter = format === "csv" ? createCsvWriter(part, def.columns, opts.style) : createXlsxWriter(part, dataset, def.columns, opts.style);
      let count = 0;
      try {
        const cursor = sqlite.prepare(def.sql).iterate(def.params(opts.now ?? new Date())) as IterableIterator<Record<string, unknown>>;
        for (const row of cursor) {
          const wait = writer.write(def.cells(row, shop));
          count += 1;
          if (wait) await wait;
        }
        await writer.finish();
      } catch (error) {
        await writer.abort();
        await rm(part, { force: true });
        throw error;
      }
      return count;
    },
    { readonly: true },
  );
  await rename(part, out);
  return { rows, bytes: (await stat(out)).size, file: out };
}
