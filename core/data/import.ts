// The owner's import of a spreadsheet, as a story: check the file (a dry run
// that writes nothing and shows every bad row), save what was checked, claim it
// once when the owner confirms, then run it: the same file read and checked
// again, written in chunks with points and tiers rebuilt as of the purchases'
// dates, one audit entry for the whole import.
import type { CountryCode } from "libphonenumber-js";
import { audit, type Actor } from "../audit/audit.ts";
import { parseIsoDate, shopDate, type CivilDate } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Currency } from "../config/config.ts";
import { sqlTime, type Db } from "../db/client.ts";
import { getSettings } from "../loyalty/settings.ts";
import { listTiers } from "../loyalty/tiers.ts";
import { writeClients } from "./import-clients.ts";
import { writePurchases } from "./import-purchases.ts";
import { sha256Of, stageFile, type ReadRules, type Refused, type Staged } from "./import-read.ts";
import { recomputeImportedTiers } from "./import-tiers.ts";
import { throttleProgress, tuneForImport, type ProgressListener, type WriteContext } from "./import-write.ts";
import type { ImportKind, RowProblem } from "./rows.ts";
import { withSqlite, type Sqlite } from "./sqlite.ts";
import type { TableSource } from "./read-source.ts";

export type { ProgressListener, Refused };
export type ImportMode = "valid_only" | "all_or_nothing";

interface CheckBase {
  fileName: string;
  sha256: string;
  /** Data rows read; valid ones pass every check; problems (the first 1000, by line) and how many in all. */
  total: number;
  valid: number;
  problems: RowProblem[];
  problemCount: number;
}
export type ImportCheck =
  | (CheckBase & { kind: "clients"; newClients: number; knownClients: number })
  | (CheckBase & { kind: "purchases"; clients: number; firstDate: CivilDate | null; lastDate: CivilDate | null });

export interface ImportOptions {
  timeZone: string;
  region: CountryCode;
  currency: Currency;
  /** Rows per transaction, and how often progress is passed on (tests make both small). */
  chunkRows?: number;
  progressEveryMs?: number;
}

const checkOf = (fileName: string, sha256: string, s: Staged): ImportCheck => {
  const base = { fileName, sha256, total: s.total, valid: s.valid, problems: s.problems.items, problemCount: s.problems.count };
  if (s.purchases) {
    const { clients, firstDay, lastDay } = s.purchases;
    return { ...base, kind: "purchases", clients, firstDate: firstDay ? parseIsoDate(firstDay) : null, lastDate: lastDay ? parseIsoDate(lastDay) : null };
  }
  return { ...base, kind: "clients", newClients: s.clients?.newClients ?? 0, knownClients: s.clients?.knownClients ?? 0 };
};

export function createDataImport(db: Db, clock: Clock, opts: ImportOptions) {
  const chunkRows = opts.chunkRows ?? 20_000;
  const rules = async (): Promise<ReadRules> => ({
    region: opts.region,
    timeZone: opts.timeZone,
    today: shopDate(clock.now(), opts.timeZone),
    maxAmount: (await getSettings(db)).maxPurchaseAmount,
  });
  const stage = async (sqlite: Sqlite, source: TableSource, fileName: string, o: Parameters<typeof stageFile>[4]) => {
    tuneForImport(sqlite);
    return stageFile(sqlite, source, fileName, await rules(), o);
  };

  return {
    /** The dry run: every row read and checked, nothing written. */
    async check(source: TableSource, fileName: string, o: { kind?: ImportKind; maxBytes?: number } = {}): Promise<ImportCheck | Refused> {
      const sha256 = await sha256Of(source);
      const staged = await withSqlite(db, (sqlite) => stage(sqlite, source, fileName, o));
      return "fileProblem" in staged ? staged : checkOf(fileName, sha256, staged);
    },

    /** Keeps a check until the owner confirms it; returns its id. */
    async save(check: ImportCheck, meta: { fileName: string; fileId?: string; actorTelegramId: number | null; chatId?: number; language?: string }) {
      const row = await db.dataImport.create({
        data: {
          kind: check.kind,
          fileName: meta.fileName,
          fileId: meta.fileId ?? null,
          sha256: check.sha256,
          totalRows: check.total,
          validRows: check.valid,
          badRows: check.total - check.valid,
          createdByTelegramId: meta.actorTelegramId === null ? null : BigInt(meta.actorTelegramId),
          chatId: meta.chatId === undefined ? null : BigInt(meta.chatId),
          language: meta.language ?? "ru",
          createdAt: clock.now(),
        },
      });
      return row.id;
    },

    get: (id: number) => db.dataImport.findUnique({ where: { id } }),

    /** True once: a double tap on "import" starts one run. */
    async claim(id: number, mode: ImportMode): Promise<boolean> {
      const { count } = await db.dataImport.updateMany({ where: { id, status: "checked" }, data: { status: "running", mode, startedAt: clock.now() } });
      return count === 1;
    },

    async cancel(id: number): Promise<boolean> {
      const { count } = await db.dataImport.updateMany({ where: { id, status: "checked" }, data: { status: "cancelled", finishedAt: clock.now() } });
      return count === 1;
    },

    /** Writes a claimed import; records what it did (or why not) on the DataImport row and returns it. */
    async run(id: number, source: TableSource, onProgress?: ProgressListener) {
      const job = await db.dataImport.findUniqueOrThrow({ where: { id } });
      if (job.status !== "running") throw new Error(`import ${id} is ${job.status}, not claimed`);
      const kind = job.kind as ImportKind;
      const actorId = job.createdByTelegramId === null ? null : Number(job.createdByTelegramId);
      const progress = throttleProgress(onProgress, opts.progressEveryMs ?? 1000);
      const end = (data: { status: string; error?: string; created?: number; updated?: number; unchanged?: number }) =>
        db.dataImport.update({ where: { id }, data: { ...data, finishedAt: clock.now() } });
      try {
        if ((await sha256Of(source)) !== job.sha256) return await end({ status: "failed", error: "file_changed" });
        const [settings, tiers] = await Promise.all([getSettings(db), listTiers(db)]);
        const result = await withSqlite(db, async (sqlite) => {
          const staged = await stage(sqlite, source, job.fileName, { kind, onRow: (n) => progress("reading", n, job.totalRows) });
          if ("fileProblem" in staged) return { error: "file_problem" };
          if (job.mode === "all_or_nothing" && staged.problems.count > 0) return { error: "has_problems" };
          const now = clock.now();
          const ctx = (phase: "writing" | "points", total: number): WriteContext => ({
            sqlite, now: sqlTime(now), nowDate: now, actorTelegramId: actorId, currency: opts.currency, chunkRows,
            chunkDone: (done) => progress(phase, done, total),
          });
          // The rows as this run found them: a client created since the check turns a row good.
          const rows = { totalRows: staged.total, validRows: staged.valid, badRows: staged.total - staged.valid };
          if (kind === "clients") return { counts: await writeClients(ctx("writing", staged.valid)), moved: 0, rows };
          const period = settings.tierPeriodMonths;
          const counts = await writePurchases(ctx("writing", staged.valid), { tiers, tierPeriodMonths: period, pointsLifetimeMonths: settings.pointsLifetimeMonths, now });
          await progress("points", 0, staged.purchases?.clients ?? 0);
          return { counts, moved: await recomputeImportedTiers(ctx("points", staged.purchases?.clients ?? 0), tiers, period), rows };
        });
        if ("error" in result) return await end({ status: "failed", error: result.error });
        const { counts, moved, rows } = result;
        const actor: Actor = actorId === null ? { telegramId: null, role: "system" } : { telegramId: actorId, role: "owner" };
        return await db.$transaction(async (tx) => {
          await audit(tx, actor, { action: "data.import", entity: "data_import", entityId: id, details: { kind, fileName: job.fileName, mode: job.mode, ...counts, skipped: rows.badRows, tierMoves: moved } });
          return tx.dataImport.update({ where: { id }, data: { status: "done", ...counts, ...rows, finishedAt: clock.now() } });
        });
      } catch (e) {
        await end({ status: "failed", error: (e instanceof Error ? e.message : String(e)).slice(0, 500) });
        throw e;
      }
    },
  };
}

export type DataImport = ReturnType<typeof createDataImport>;
