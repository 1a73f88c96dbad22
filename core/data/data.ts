// The shop's data services in one place (issue 11, items 3–5): importing a
// spreadsheet, exporting a dataset, backing the database up. The bot's
// /export, /backup and file import and the daily job all come through here,
// so two backups asked at once (the job and an owner) make one copy.
import type { CountryCode } from "libphonenumber-js";
import type { Clock } from "../clock.ts";
import type { Currency } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import { backupDatabase, listBackups } from "./backup.ts";
import { exportData, type ExportDataset, type ExportFormat, type ExportStyle } from "./export.ts";
import { createDataImport } from "./import.ts";

export interface DataOptions {
  timeZone: string;
  region: CountryCode;
  currency: Currency;
  backupDir: string;
  backupKeep: number;
}

export function createData(db: Db, clock: Clock, opts: DataOptions) {
  const imports = createDataImport(db, clock, opts);
  let backingUp: ReturnType<typeof backupDatabase> | null = null;
  return {
    imports: {
      ...imports,
      /** A claimed import that could not start (its file could not be read again): it ends failed, with the reason. */
      fail: (id: number, error: string) =>
        db.dataImport.updateMany({ where: { id, status: "running" }, data: { status: "failed", error: error.slice(0, 500), finishedAt: clock.now() } }),
      /**
       * At start-up no import of this process is running: one still marked running was cut off by a
       * restart. It ends failed ("interrupted"); sending the same file again completes it, nothing twice.
       */
      failInterrupted: () =>
        db.dataImport.updateMany({ where: { status: "running" }, data: { status: "failed", error: "interrupted", finishedAt: clock.now() } }),
    },
    exportTo: (dataset: ExportDataset, format: ExportFormat, out: string, style: ExportStyle) =>
      exportData(db, dataset, format, out, { timeZone: opts.timeZone, style, now: clock.now() }),
    /** A copy of the live database into backupDir, the oldest beyond backupKeep removed; joins a copy already being made. */
    backup() {
      backingUp ??= backupDatabase(db, { dir: opts.backupDir, keep: opts.backupKeep, now: clock.now() }).finally(() => {
        backingUp = null;
      });
      return backingUp;
    },
    backups: () => listBackups(opts.backupDir),
    backupDir: opts.backupDir,
    backupKeep: opts.backupKeep,
  };
}

export type DataServices = ReturnType<typeof createData>;
