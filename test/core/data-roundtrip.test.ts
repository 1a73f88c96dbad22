import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import type { Db } from "../../core/db/client.ts";
import { exportData, type ExportFormat } from "../../core/data/export.ts";
import { createDataImport } from "../../core/data/import.ts";
import { CLIENT_COLUMNS, PURCHASE_COLUMNS } from "../../core/data/rows.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { card, clientsCsv, purchasesCsv } from "../support/data-files.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));
const TZ = "Europe/Moscow";
const dbs: TestDb[] = [];
let dir: string;

// A shop's spreadsheet: Cyrillic and Chinese names, several purchases per client, amounts with commas and spaces.
const CLIENTS = clientsCsv([
  { phone: "+7 900 111-22-33", given_name: "Ирина", patronymic: "Петровна", family_name: "Смирнова", language: "ru", birthday: "03.05.1990", card_number: card(1), notes: "Любит сапфиры, размер 17" },
  { phone: "+86 138 1234 5678", given_name: "伟", family_name: "张", language: "zh", birthday: "1985-02-10", notes: "喜欢翡翠" },
  { phone: "8 (900) 111-22-34", given_name: "Олег", card_number: card(2) },
]);
const PURCHASES = purchasesCsv([
  { phone: "+79001112233", date: "10.01.2024", amount: "60 000", description: "Серьги", stone: "гранат", metal: "серебро 925" },
  { phone: "+79001112233", date: "01.06.2026", amount: "12 345,67", description: "Кольцо", stone: "сапфир", metal: "золото 585" },
  { card_number: card(1), date: "2026-11-20", amount: "250 000,50", description: "Колье" },
  { phone: "+8613812345678", date: "2025-12-31", amount: "9 999,99", description: "玉镯", stone: "翡翠", metal: "银" },
  { phone: "+8613812345678", date: "2026-03-08", amount: "1 500", description: "耳环" },
  { card_number: card(2), date: "15.08.2026", amount: "700", description: "Цепочка" },
]);

async function freshDb(): Promise<Db> {
  const t = await createTestDb();
  dbs.push(t);
  await ensureLoyaltyDefaults(t.db, "RUB");
  return t.db;
}

async function importFile(db: Db, source: { bytes: Uint8Array } | { path: string }, fileName: string) {
  const imports = createDataImport(db, clock, { timeZone: TZ, region: "RU", currency: "RUB", progressEveryMs: 0 });
  const check = await imports.check(source, fileName);
  if ("fileProblem" in check) throw new Error(`${fileName}: file problem ${check.fileProblem.problem}`);
  expect(check.problems, fileName).toEqual([]);
  const id = await imports.save(check, { fileName, actorTelegramId: 1 });
  expect(await imports.claim(id, "all_or_nothing")).toBe(true);
  expect(await imports.run(id, source)).toMatchObject({ status: "done" });
}

/** Exports clients and purchases of `db` in `format` (CSV in the ru style), as files under a name. */
async function exportBoth(db: Db, name: string, format: ExportFormat) {
  const files = { clients: join(dir, `${name}-clients.${format}`), purchases: join(dir, `${name}-purchases.${format}`) };
  for (const dataset of ["clients", "purchases"] as const) await exportData(db, dataset, format, files[dataset], { timeZone: TZ, style: "ru", now: clock.now() });
  return files;
}

const table = (file: string): string[][] => parse(readFileSync(file), { bom: true, delimiter: ";" });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shop-roundtrip-"));
});
afterAll(async () => {
  for (const t of dbs) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("export, import, export", () => {
  let dbA: Db;
  let a: { clients: string; purchases: string };

  beforeAll(async () => {
    dbA = await freshDb();
    await importFile(dbA, { bytes: CLIENTS }, "clients.csv");
    await importFile(dbA, { bytes: PURCHASES }, "purchases.csv");
    a = await exportBoth(dbA, "a", "csv");
  });

  it("When the shop's spreadsheet is imported and exported, then the export holds what was imported", () => {
    const clients = table(a.clients);
    expect(clients[0]!.slice(0, CLIENT_COLUMNS.length)).toEqual([...CLIENT_COLUMNS]);
    expect(clients.slice(1).map((r) => r.slice(0, 8))).toEqual([
      ["+79001112233", "Ирина", "Петровна", "Смирнова", "ru", "03.05.1990", card(1), "Любит сапфиры, размер 17"],
      ["+8613812345678", "伟", "", "张", "zh", "10.02.1985", expect.stringMatching(/^\d{12}$/) as string, "喜欢翡翠"],
      ["+79001112234", "Олег", "", "", "ru", "", card(2), ""],
    ]);
    // Derived from the history: three purchases, 322 346,17 ₽ in all, which reaches the gold tier (300 000 ₽).
    expect([clients[1]![8], ...clients[1]!.slice(10, 14)]).toEqual(["gold", "3", "322346,17", "10.01.2024", "20.11.2026"]);
    const purchases = table(a.purchases);
    expect(purchases[0]!.slice(0, PURCHASE_COLUMNS.length)).toEqual([...PURCHASE_COLUMNS]);
    expect(purchases.slice(1).map((r) => [r[0], r[2], r[3], r[4]]).sort()).toEqual(
      [
        ["+79001112233", "10.01.2024", "60000,00", "Серьги"],
        ["+79001112233", "01.06.2026", "12345,67", "Кольцо"],
        ["+79001112233", "20.11.2026", "250000,50", "Колье"],
        ["+8613812345678", "31.12.2025", "9999,99", "玉镯"],
        ["+8613812345678", "08.03.2026", "1500,00", "耳环"],
        ["+79001112234", "15.08.2026", "700,00", "Цепочка"],
      ].sort(),
    );
  });

  for (const format of ["csv", "xlsx"] as const) {
    it(`When the ${format.toUpperCase()} export is imported into a fresh database and exported again, then both exports are equal cell for cell`, async () => {
      const from = format === "csv" ? a : await exportBoth(dbA, "a", "xlsx");
      const dbB = await freshDb();
      await importFile(dbB, { path: from.clients }, `clients.${format}`);
      await importFile(dbB, { path: from.purchases }, `purchases.${format}`);
      const b = await exportBoth(dbB, `b-${format}`, "csv");
      // Every column: the importer's, and the derived ones (tier, points, purchases, totals, first and last purchase).
      expect(table(b.clients)).toEqual(table(a.clients));
      expect(table(b.purchases)).toEqual(table(a.purchases));
    });
  }
});
