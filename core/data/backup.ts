// Backup (issue 11, item 5) while the bot runs: SQLite's online backup on a
// second connection copies the database a few pages per turn of the event
// loop, so the bot keeps answering and writing meanwhile; the copy is one
// consistent state of the database. A copy is kept only once it passes
// PRAGMA integrity_check, under a name that sorts by time, and the oldest
// beyond `keep` are deleted.
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Db } from "../db/client.ts";
import { withSqlite } from "./sqlite.ts";

export interface BackupResult {
  file: string;
  bytes: number;
  /** "ok": what PRAGMA integrity_check answered on the copy. */
  integrity: string;
  /** Older copies deleted to keep `keep`. */
  removed: string[];
}

export interface BackupInfo {
  file: string;
  name: string;
  bytes: number;
  /** From the name: when the copy was taken (UTC). */
  takenAt: Date;
}

const NAME = /^shop-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.db$/;
/** About 1 MiB at SQLite's default 4 KiB page, per turn of the event loop. */
const STEP_PAGES = 256;
/** sqlite3_backup_step copies everything that is left in one step. */
const ALL_PAGES = 0x7fffffff;
/** A write by another connection restarts the copy; after this many restarts the rest goes in one step. */
const MAX_RESTARTS = 3;

/** "shop-20261124-090000.db": UTC, so names sort in the order the copies were taken. */
export const backupName = (at: Date) => `shop-${at.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-")}.db`;

/**
 * SQLite restarts an online backup whenever another connection writes to the
 * source between two steps. Under steady writes the copy would never finish,
 * so once it has restarted a few times (no progress since the last step) the
 * rest is copied in one step: one read transaction, which WAL lets the bot's
 * writes go on beside.
 */
function stepper() {
  let lastRemaining = Infinity;
  let restarts = 0;
  return ({ remainingPages }: { totalPages: number; remainingPages: number }) => {
    if (remainingPages >= lastRemaining) restarts += 1;
    lastRemaining = remainingPages;
    return restarts >= MAX_RESTARTS ? ALL_PAGES : STEP_PAGES;
  };
}

/** Makes the copy one self-contained file (no -wal beside it), then reads every page of it. */
function checkCopy(file: string): string {
  const rw = new Database(file);
  try {
    rw.pragma("journal_mode = DELETE");
  } finally {
    rw.close();
  }
  const ro = new Database(file, { readonly: true });
  try {
    const rows = ro.pragma("integrity_check") as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    ro.close();
  }
}

export async function backupDatabase(db: Db, opts: { dir: string; keep: number; now: Date }): Promise<BackupResult> {
  await mkdir(opts.dir, { recursive: true });
  const file = join(opts.dir, backupName(opts.now));
  // Not matched by NAME: a copy cut short is never listed, pruned as a good one, or restored.
  const part = `${file}.part`;
  await rm(part, { force: true });
  try {
    await withSqlite(db, (sqlite) => sqlite.backup(part, { progress: stepper() }), { readonly: true });
    const integrity = checkCopy(part);
    if (integrity !== "ok") throw new Error(`the copy failed PRAGMA integrity_check: ${integrity}`);
    await rename(part, file);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  const removed: string[] = [];
  for (const old of (await listBackups(opts.dir)).slice(Math.max(1, opts.keep))) {
    await rm(old.file, { force: true });
    removed.push(old.file);
  }
  return { file, bytes: (await stat(file)).size, integrity: "ok", removed };
}

/** The copies in `dir`, newest first; none when the folder does not exist. */
export async function listBackups(dir: string): Promise<BackupInfo[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const copies: BackupInfo[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
    const file = join(dir, name);
    copies.push({ file, name, bytes: (await stat(file)).size, takenAt: new Date(Date.UTC(y, mo - 1, d, h, mi, s)) });
  }
  return copies.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}
