// Opens the shop's SQLite database through Prisma's better-sqlite3 driver
// adapter (no native query engine: works offline), in WAL mode so reports and
// backups can read while the bot writes.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client.ts";
export type { Client, Purchase, Refund, Tier } from "../generated/prisma/client.ts";

/** An instant as Prisma stores DateTime in SQLite, for raw SQL: text comparison then orders instants. */
export const sqlTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** How long a writer waits for a lock before SQLite answers "database is locked". */
export const BUSY_TIMEOUT_MS = 5_000;

export function sqliteFileFromUrl(url: string): string {
  return url.replace(/^file:/, "");
}

export async function openDb(url: string): Promise<Db> {
  const file = sqliteFileFromUrl(url);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter });
  // PRAGMAs return a row, so they go through $queryRawUnsafe.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // In WAL mode NORMAL is durable across a crash of the process (not of the machine) and
  // saves an fsync per transaction.
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return db;
}
