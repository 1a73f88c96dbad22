// The owner's import of a spreadsheet, as a story: check the file (a dry run
// that writes nothing and shows every bad row), save what was checked, claim it
// once when the owner confirms, then run it: the same bytes checked again and
// written in chunks, with points and tiers rebuilt as of the purchases' dates,
// one audit entry for the whole import.
import { rmSync } from "node:fs";
import type { CountryCode } from "libphonenumber-js";
import { audit, type Actor } from "../audit/audit.ts";
import { parseIsoDate, shopDate, type CivilDate } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Currency } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import { getSettings } from "../loyalty/settings.ts";
import { listTiers } from "../loyalty/tiers.ts";
import { recheckStage, sha256Of, stageFile, type ReadRules, type Refused, type Staged } from "./import-read.ts";
import { writeStaged, type RunPlan } from "./import-run.ts";
import { attachStage, claimStage, dropStages, freshStage, keepStage, scratchDir } from "./import-scratch.ts";
import { throttleProgress, tuneForImport, type ProgressListener } from "./import-write.ts";
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
  const rules = async (): Promise<ReadRules> => ({
    region: opts.region,
    timeZone: opts.timeZone,
    today: shopDate(clock.now(), opts.timeZone),
    maxAmount: (await getSettings(db)).maxPurchaseAmount,
  });
  /** Runs `work` on the importer's own connection with a scratch stage attached; the stage file is removed unless kept. */
  const withStage = async <T>(file: string, work: (sqlite: Sqlite) => Promise<T>) => {
    try {
      return await withSqlite(db, (sqlite) => {
        tuneForImport(sqlite);
        attachStage(sqlite, file);
        return work(sqlite);
      });
    } finally {
      rmSync(file, { force: true });
    }
  };

  return {
    /** The dry run: every row read and checked, nothing written; the stage is kept for the run unless `keep` is false. */
    async check(source: TableSource, fileName: string, o: { kind?: ImportKind; maxBytes?: number; keep?: boolean } = {}): Promise<ImportCheck | Refused> {
      const [sha256, r, dir] = await Promise.all([sha256Of(source), rules(), scratchDir(db)]);
      const file = freshStage(dir);
      const staged = await withStage(file, async (sqlite) => {
        const s = await stageFile(sqlite, source, fileName, r, o);
        if (!("fileProblem" in s) && o.keep !== false) keepStage(dir, file, { sha256, rules: r });
        return s;
      });
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
      const job = count === 1 ? await db.dataImport.findUnique({ where: { id } }) : null;
      if (job) dropStages(await scratchDir(db), job.sha256);
      return count === 1;
    },

    /**
     * Writes a claimed import: the same bytes as checked (by SHA-256), checked
     * again — the rows from the check's stage when the rules are unchanged, else
     * read again — then written. Records what it did (or why not) on the
     * DataImport row and returns it; an exception is recorded, then rethrown.
     */
    async run(id: number, source: TableSource, onProgress?: ProgressListener) {
      const job = await db.dataImport.findUniqueOrThrow({ where: { id } });
      if (job.status !== "running") throw new Error(`import ${id} is ${job.status}, not claimed`);
      const kind = job.kind as ImportKind;
      const progress = throttleProgress(onProgress, opts.progressEveryMs ?? 1000);
      const end = (data: { status: string; error?: string }) => db.dataImport.update({ where: { id }, data: { ...data, finishedAt: clock.now() } });
      try {
        if ((await sha256Of(source)) !== job.sha256) return await end({ status: "failed", error: "file_changed" });
        const [r, dir, settings, tiers] = await Promise.all([rules(), scratchDir(db), getSettings(db), listTiers(db)]);
        const actorTelegramId = job.createdByTelegramId === null ? null : Number(job.createdByTelegramId);
        const plan: RunPlan = { mode: job.mode, now: clock.now(), actorTelegramId, currency: opts.currency, chunkRows: opts.chunkRows ?? 20_000, settings, tiers, progress };
        const file = claimStage(dir, { sha256: job.sha256, rules: r }, id) ?? freshStage(dir);
        const result = await withStage(file, async (sqlite) => {
          const kept = recheckStage(sqlite, kind);
          if (kept) await progress("reading", kept.total, kept.total);
          const staged = kept ?? (await stageFile(sqlite, source, job.fileName, r, { kind, onRow: (n) => progress("reading", n, job.totalRows) }));
          return "fileProblem" in staged ? { error: "file_problem" as const } : writeStaged(sqlite, staged, plan);
        });
        if ("error" in result) return await end({ status: "failed", error: result.error });
        const { counts, moved, rows } = result;
        const actor: Actor = actorTelegramId === null ? { telegramId: null, role: "system" } : { telegramId: actorTelegramId, role: "owner" };
        const done = await db.$transaction(async (tx) => {
          await audit(tx, actor, { action: "data.import", entity: "data_import", entityId: id, details: { kind, fileName: job.fileName, mode: job.mode, ...counts, skipped: rows.badRows, tierMoves: moved } });
          return tx.dataImport.update({ where: { id }, data: { status: "done", ...counts, ...rows, finishedAt: clock.now() } });
        });
        // A big import grows the WAL file by gigabytes; give the disk back once it is all in the database.
        await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
        return done;
      } catch (e) {
        await end({ status: "failed", error: (e instanceof Error ? e.message : String(e)).slice(0, 500) });
        throw e;
      }
    },
  };
}

export type DataImport = ReturnType<typeof createDataImport>;
