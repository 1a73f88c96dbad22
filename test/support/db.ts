// A throw-away SQLite database per test file, migrated from the same SQL files
// that `prisma migrate deploy` applies in production (read directly: spawning
// the CLI for every file would cost seconds).
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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
    // A throw-away file need not survive a power cut: without an fsync per statement this takes milliseconds, not a second.
    sqlite.pragma("synchronous = OFF");
    const dirs = readdirSync(migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const dir of dirs) sqlite.exec(readFileSync(new URL(`${dir}/migration.sql`, migrationsDir), "utf8"));
  } finally {
    sqlite.close();
  }
}

let template: string | undefined;

/** The migrated schema, built once per test worker and copied for each database. */
function migratedTemplate(): string {
  if (!template) {
    const dir = mkdtempSync(join(tmpdir(), "shop-template-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    template = join(dir, "template.db");
    applyMigrations(template);
  }
  return template;
}

export async function createTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), "shop-test-"));
  const file = join(dir, "test.db");
  copyFileSync(migratedTemplate(), file);
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
