// A throw-away SQLite database per test file, migrated from the same SQL files
// that `prisma migrate deploy` applies in production (read directly: spawning
// the CLI for every file would cost seconds).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openDb, type Db } from "../../core/db/client.ts";

const migrationsDir = new URL("../../prisma/migrations/", import.meta.url);

export interface TestDb {
  db: Db;
  url: string;
  close(): Promise<void>;
}

export function applyMigrations(file: string): void {
  const sqlite = new Database(file);
  try {
    const dirs = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const dir of dirs) sqlite.exec(readFileSync(new URL(`${dir}/migration.sql`, migrationsDir), "utf8"));
  } finally {
    sqlite.close();
  }
}

export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), "shop-test-"));
  const file = join(dir, "test.db");
  applyMigrations(file);
  const url = `file:${file}`;
  const db = await openDb(url);
  return {
    db,
    url,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
