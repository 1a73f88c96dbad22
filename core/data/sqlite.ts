// Bulk work (importing a million purchases, exporting, a live backup) talks to
// SQLite directly through better-sqlite3: prepared statements in one
// transaction and cursors that stream rows, where a Prisma call per row or per
// page would cost minutes and memory. The connection is a second one to the
// same file as Prisma's, found from Prisma's own, so nothing else needs the
// path; WAL mode lets it read while the bot writes, and the busy timeout makes
// each side wait for the other's short write transactions.
import Database from "better-sqlite3";
import { BUSY_TIMEOUT_MS, type Db } from "../db/client.ts";

export type Sqlite = Database.Database;

/** The file behind Prisma's connection ("main" in PRAGMA database_list). */
export async function databaseFile(db: Db): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ name: string; file: string }[]>("PRAGMA database_list");
  const file = rows.find((r) => r.name === "main")?.file;
  if (!file) throw new Error("the database has no file (in-memory databases cannot be imported into or backed up)");
  return file;
}

/** Opens a second connection to the shop's database; the caller closes it. */
export async function openSqlite(db: Db, opts: { readonly?: boolean } = {}): Promise<Sqlite> {
  const sqlite = new Database(await databaseFile(db), { readonly: opts.readonly ?? false, timeout: BUSY_TIMEOUT_MS });
  if (!opts.readonly) {
    sqlite.pragma("synchronous = NORMAL");
    sqlite.pragma("foreign_keys = ON");
  }
  return sqlite;
}

/** Runs `work` on a second connection and always closes it. */
export async function withSqlite<T>(db: Db, work: (sqlite: Sqlite) => Promise<T> | T, opts: { readonly?: boolean } = {}): Promise<T> {
  const sqlite = await openSqlite(db, opts);
  try {
    return await work(sqlite);
  } finally {
    sqlite.close();
  }
}
