import { execFile } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupDatabase, listBackups } from "../../core/data/backup.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { openDb } from "../../core/db/client.ts";
import { applyMigrations, createTestDb, type TestDb } from "../support/db.ts";

let t: TestDb;
let root: string;
let clientId: number;
const run = promisify(execFile);

/** A child process starts tsx and Prisma: seconds on a busy machine. */
const CHILD_TIMEOUT = 60_000;

beforeAll(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  clientId = (await t.db.client.create({ data: { phone: "+79001234567", givenName: "Ирина", referralCode: "r1" } })).id;
  // A few MiB (one statement: 30,000 Prisma creates would take minutes), so the copy takes many steps and the writer gets turns between them.
  await t.db.$executeRawUnsafe(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)
     INSERT INTO Purchase (clientId, amount, paid, currency, idempotencyKey, createdAt)
     SELECT ?, 100000, 100000, 'RUB', 'seed-' || i || '-' || hex(randomblob(30)), '2026-11-01T09:00:00.000+00:00' FROM n`,
    clientId,
  );
  root = mkdtempSync(join(tmpdir(), "shop-backup-test-"));
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

const until = async (ok: () => boolean) => {
  while (!ok()) await new Promise((resolve) => setTimeout(resolve, 5));
};

function readCopy(file: string) {
  const copy = new Database(file, { readonly: true });
  try {
    return {
      integrity: (copy.pragma("integrity_check", { simple: true }) as string),
      purchases: (copy.prepare("SELECT count(*) AS n FROM Purchase").get() as { n: number }).n,
      journal: copy.pragma("journal_mode", { simple: true }) as string,
    };
  } finally {
    copy.close();
  }
}

describe("backup", () => {
  it("When purchases are written through Prisma before, during and after the backup, then the copy passes integrity_check and holds a count between the two", async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await t.db.purchase.create({ data: { clientId, amount: 500_00, paid: 500_00, currency: "RUB", items: { create: [{ description: "Кольцо" }] } } });
        written += 1;
        // As the bot does between two updates: back-to-back Prisma calls on the synchronous driver never let timers and the backup's steps run.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await until(() => written >= 20);
    const before = await t.db.purchase.count();
    const result = await backupDatabase(t.db, { dir: join(root, "live", "nested"), keep: 7, now: new Date("2026-11-24T09:00:00Z") });
    const after = await t.db.purchase.count();
    const atEnd = written;
    await until(() => written >= atEnd + 20);
    writing = false;
    await writer;

    expect(after).toBeGreaterThan(before);
    expect(result).toMatchObject({ file: join(root, "live", "nested", "shop-20261124-090000.db"), integrity: "ok", removed: [] });
    expect(result.bytes).toBeGreaterThan(1_000_000);
    const copy = readCopy(result.file);
    expect(copy.integrity).toBe("ok");
    expect(copy.purchases).toBeGreaterThanOrEqual(before);
    expect(copy.purchases).toBeLessThanOrEqual(after);
    // One self-contained file: no temporary name, no -wal or -shm beside it.
    expect(copy.journal).toBe("delete");
    expect(readdirSync(join(root, "live", "nested"))).toEqual(["shop-20261124-090000.db"]);
  });

  it("When a third copy is taken with keep=2, then the two newest stay and the oldest is removed; other files are left alone", async () => {
    const dir = join(root, "keep");
    const at = (iso: string) => new Date(iso);
    await backupDatabase(t.db, { dir, keep: 2, now: at("2026-11-20T03:30:00Z") });
    writeFileSync(join(dir, "notes.txt"), "mine");
    writeFileSync(join(dir, "shop-20261101-033000.db.part"), "cut short");
    const second = await backupDatabase(t.db, { dir, keep: 2, now: at("2026-11-21T03:30:00Z") });
    expect(second.removed).toEqual([]);
    const third = await backupDatabase(t.db, { dir, keep: 2, now: at("2026-11-22T03:30:00Z") });
    expect(third.removed).toEqual([join(dir, "shop-20261120-033000.db")]);
    const copies = await listBackups(dir);
    expect(copies.map((c) => [c.name, c.takenAt.toISOString()])).toEqual([
      ["shop-20261122-033000.db", "2026-11-22T03:30:00.000Z"],
      ["shop-20261121-033000.db", "2026-11-21T03:30:00.000Z"],
    ]);
    expect(copies[0]!.bytes).toBe(third.bytes);
    expect(existsSync(join(dir, "notes.txt"))).toBe(true);
    expect(existsSync(join(dir, "shop-20261101-033000.db.part"))).toBe(true);
  });

  it("When the database is damaged, then the copy fails the integrity check, is deleted and the backup throws", async () => {
    const file = join(root, "damaged.db");
    applyMigrations(file);
    const sqlite = new Database(file);
    sqlite.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO Client (phone, referralCode, updatedAt) SELECT '+7900' || (1000000 + i), 'd' || i, '2026-11-01T09:00:00.000+00:00' FROM n`);
    const { rootpage } = sqlite.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'Client_phone_key'").get() as { rootpage: number };
    const pageSize = sqlite.pragma("page_size", { simple: true }) as number;
    sqlite.close();
    // Zeroes over the cells at the end of the phone index's root page: the file opens, the index no longer holds together.
    const fd = openSync(file, "r+");
    writeSync(fd, Buffer.alloc(pageSize / 2), 0, pageSize / 2, rootpage * pageSize - pageSize / 2);
    closeSync(fd);
    const damaged = await openDb(`file:${file}`);
    try {
      const dir = join(root, "damaged");
      await expect(backupDatabase(damaged, { dir, keep: 2, now: new Date("2026-11-24T09:00:00Z") })).rejects.toThrow(/integrity_check/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await damaged.$disconnect();
    }
  });

  it("When the folder does not exist, then listBackups finds no copies", async () => {
    expect(await listBackups(join(root, "missing"))).toEqual([]);
  });
});

describe("the backup command", () => {
  it("When `npm run backup` runs with DATABASE_URL and BACKUP_DIR, then it prints the copy and integrity ok and exits 0", async () => {
    const dir = join(root, "cli");
    const { stdout } = await run(process.execPath, ["--import", "tsx", "cli/backup.ts"], { env: { ...process.env, DATABASE_URL: t.url, BACKUP_DIR: dir } });
    const [copy] = await listBackups(dir);
    expect(copy).toBeDefined();
    expect(stdout).toContain(`backup written to ${copy!.file}`);
    expect(stdout).toContain("integrity ok");
    expect(readCopy(copy!.file).integrity).toBe("ok");
  }, CHILD_TIMEOUT);

  it("When DATABASE_URL names no file, then it says so and exits 1 without creating one", async () => {
    const missing = join(root, "nowhere", "shop.db");
    const failed = await run(process.execPath, ["--import", "tsx", "cli/backup.ts", "--dir", join(root, "cli-fail")], { env: { ...process.env, DATABASE_URL: `file:${missing}` } }).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain(`backup failed: no database at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  }, CHILD_TIMEOUT);
});
