// `npm run import` as the owner runs it at the server: the real program as a
// child process on a throw-away database file.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientsCsv, purchasesCsv } from "../support/data-files.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
let dir: string;
let dbFile: string;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: `file:${dbFile}`, SHOP_TIMEZONE: "Europe/Moscow", SHOP_CURRENCY: "RUB" as const };
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "cli/import.ts", ...args], { cwd: root, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
const count = (table: string) => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "import-cli-"));
  dbFile = join(dir, "shop.db");
  writeFileSync(join(dir, "clients.csv"), clientsCsv([
    { phone: "+7 900 111-22-33", given_name: "Анна" },
    { phone: "8 900", given_name: "Вера" },
    { phone: "+7 900 111-22-34", given_name: "Галина", birthday: "31.02.1985" },
    { phone: "+7 900 111-22-35", given_name: "Олег" },
  ]));
  writeFileSync(join(dir, "purchases.csv"), purchasesCsv([
    { phone: "+7 900 111-22-33", date: "01.06.2026", amount: "10 000", description: "Кольцо" },
    { phone: "+7 900 999-99-99", date: "01.06.2026", amount: "5 000" },
  ]));
  writeFileSync(join(dir, "picture.csv"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run import", () => {
  it("When a clients file is given without --commit, then the dry run prints the counts and each bad row and writes nothing (exit 0)", async () => {
    const run = await cli("clients", join(dir, "clients.csv"));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("clients.csv: clients, 4 rows, 2 without problems, 2 with problems.");
    expect(run.stdout).toContain('line 3, phone "8 900": not a phone number');
    expect(run.stdout).toContain('line 4, birthday "31.02.1985": not a birthday');
    expect(count("Client")).toBe(0);
    expect(readdirSync(join(dir, "import-stage"))).toEqual([]);
  }, 120_000);

  it("When --commit is given and rows are bad, then nothing is written (exit 1); with --skip-bad the good rows are (exit 0)", async () => {
    const refused = await cli("clients", join(dir, "clients.csv"), "--commit");
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("Nothing written");
    expect(count("Client")).toBe(0);
    const done = await cli("clients", join(dir, "clients.csv"), "--commit", "--skip-bad");
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/writing: \d+ of 2/);
    expect(done.stdout).toContain("Imported: 2 new, 0 updated, 0 unchanged, 2 bad rows skipped.");
    expect(count("Client")).toBe(2);
  }, 120_000);

  it("When a purchases file names an unknown client, then its line is shown; --commit --skip-bad imports the rest", async () => {
    const run = await cli("purchases", join(dir, "purchases.csv"), "--commit", "--skip-bad");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('line 3, phone "+7 900 999-99-99": no such client in the database');
    expect(run.stdout).toContain("Imported: 1 new");
    expect([count("Purchase"), count("PointsEntry")]).toEqual([1, 1]);
  }, 120_000);

  it("When the file is no table, or the kind is wrong, then it says so (exit 2)", async () => {
    const picture = await cli("clients", join(dir, "picture.csv"));
    expect(picture.code).toBe(2);
    expect(picture.stdout).toContain("cannot be read as a table");
    const wrongKind = await cli("clients", join(dir, "purchases.csv"));
    expect([wrongKind.code, wrongKind.stdout.trim()]).toEqual([2, "purchases.csv holds purchases, not clients."]);
    const usage = await cli("clients");
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining("usage: npm run import")]);
  }, 120_000);
});
