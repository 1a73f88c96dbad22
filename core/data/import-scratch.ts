// The stage lives in a scratch SQLite file beside the shop's database, attached
// to the importer's connection as "stage". A check leaves it there under the
// file's SHA-256 and the rules its rows were judged by; the run of that check
// claims it (a rename, so two runs never share one) and takes the rows from it
// instead of reading and parsing the same bytes again — half the time of a
// million-row import. The run checks everything the database decides again.
// A stage nobody claims (a check never confirmed) is removed a day later.
import { hash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Db } from "../db/client.ts";
import type { ImportKind } from "./rows.ts";
import { databaseFile, type Sqlite } from "./sqlite.ts";

const KEEP_MS = 24 * 3_600_000;

/** What a stage was made from: the same bytes judged by the same rules give the same rows. */
export interface StageOrigin {
  sha256: string;
  rules: { region: string; timeZone: string; maxAmount: number; today: unknown };
}

/** What the row parsers found, kept with the rows they passed. */
export interface StageMeta {
  kind: ImportKind;
  total: number;
  problems: number;
  badRows: number;
}

const nameOf = (o: StageOrigin) => `${o.sha256.slice(0, 32)}-${hash("sha256", JSON.stringify(o.rules), "hex").slice(0, 12)}.db`;

export async function scratchDir(db: Db): Promise<string> {
  const dir = join(dirname(await databaseFile(db)), "import-stage");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A new scratch file's path, for a check (renamed by keepStage) or a run that reads the file itself. */
export const freshStage = (dir: string) => join(dir, `new-${randomUUID()}.db`);

/** Attaches a scratch file as "stage": no journal, no fsync — a crash loses only what can be read again. */
export function attachStage(sqlite: Sqlite, file: string): void {
  sqlite.prepare("ATTACH DATABASE ? AS stage").run(file);
  sqlite.pragma("stage.journal_mode = OFF");
  sqlite.pragma("stage.synchronous = OFF");
  sqlite.pragma("stage.cache_size = -16384");
}

export function writeMeta(sqlite: Sqlite, meta: StageMeta): void {
  sqlite.exec("DROP TABLE IF EXISTS stage.meta; CREATE TABLE stage.meta (kind TEXT, total INTEGER, problems INTEGER, badRows INTEGER)");
  sqlite.prepare("INSERT INTO stage.meta VALUES (?, ?, ?, ?)").run(meta.kind, meta.total, meta.problems, meta.badRows);
}

/** Undefined for a stage whose reading never finished. */
export function readMeta(sqlite: Sqlite): StageMeta | undefined {
  const finished = sqlite.prepare("SELECT 1 FROM stage.sqlite_schema WHERE name = 'meta'").get();
  return finished ? (sqlite.prepare("SELECT kind, total, problems, badRows FROM stage.meta").get() as StageMeta | undefined) : undefined;
}

/** A checked stage is kept for its run; older leftovers go. */
export function keepStage(dir: string, file: string, origin: StageOrigin): void {
  renameSync(file, join(dir, nameOf(origin)));
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_MS) rmSync(path, { force: true });
    } catch {
      // Claimed or removed by another import meanwhile.
    }
  }
}

/** The run's own copy of its check's stage, or null when there is none for these bytes and rules. */
export function claimStage(dir: string, origin: StageOrigin, runId: number): string | null {
  const claimed = join(dir, `run-${runId}-${randomUUID()}.db`);
  try {
    renameSync(join(dir, nameOf(origin)), claimed);
    return claimed;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** A cancelled check's stage (any rules) is of no use. */
export function dropStages(dir: string, sha256: string): void {
  for (const name of readdirSync(dir)) if (name.startsWith(`${sha256.slice(0, 32)}-`)) rmSync(join(dir, name), { force: true });
}
