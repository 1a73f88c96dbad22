import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportData, type ExportDataset, type ExportStyle } from "../../core/data/export.ts";
import { luhnCheckDigit } from "../../core/loyalty/card-number.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

let t: TestDb;
let dir: string;
const NOW = new Date("2026-11-26T12:00:00Z");
const opts = (style: ExportStyle) => ({ timeZone: "Europe/Moscow", style, now: NOW });
const CARD = "27345678901" + luhnCheckDigit("27345678901");

/** Ирина (ru, card, notes, two purchases), 张伟 (zh, one), a forgotten client (one), their points and tickets. */
async function seed() {
  const tier = async (code: string) => (await t.db.tier.findUniqueOrThrow({ where: { code } })).id;
  const irina = await t.db.client.create({
    data: { phone: "+79001234567", givenName: "Ирина", patronymic: "Петровна", familyName: "Смирнова", language: "ru", birthday: new Date("1990-05-03T00:00:00Z"), telegramId: 7001n, source: "telegram", referralCode: "r1", tierId: await tier("silver"), createdAt: new Date("2026-01-05T10:00:00Z") },
  });
  await t.db.card.create({ data: { number: CARD, clientId: irina.id } });
  await t.db.note.create({ data: { clientId: irina.id, authorTelegramId: 1n, text: "Любит сапфиры", createdAt: new Date("2026-02-01T10:00:00Z") } });
  await t.db.note.create({ data: { clientId: irina.id, authorTelegramId: 1n, text: "Размер 17", createdAt: new Date("2026-03-01T10:00:00Z") } });
  const zhang = await t.db.client.create({
    data: { phone: "+8613812345678", givenName: "伟", familyName: "张", language: "zh", source: "counter", referralCode: "r2", tierId: await tier("classic"), createdAt: new Date("2026-05-31T22:00:00Z") },
  });
  const gone = await t.db.client.create({ data: { source: "counter", referralCode: "forgotten-1", forgottenAt: new Date("2026-10-01T00:00:00Z") } });

  // 22:30 UTC on the 24th is 01:30 on the 25th in Moscow: the shop's day.
  const ring = await t.db.purchase.create({
    data: { clientId: irina.id, amount: 130_000_00, discount: 6_500_00, redeemedPoints: 1000, paid: 122_500_00, cashbackPoints: 3675, currency: "RUB", staffTelegramId: 5001n, createdAt: new Date("2026-11-24T22:30:00Z"),
      items: { create: [{ description: "Кольцо", stone: "сапфир", metal: "золото 585" }, { description: "Цепочка", metal: "золото 585" }] } },
  });
  await t.db.purchase.create({
    data: { clientId: irina.id, amount: 12_345_67, paid: 12_345_67, refundedAmount: 2_345_67, status: "partially_refunded", currency: "RUB", createdAt: new Date("2026-03-10T09:00:00Z"), items: { create: [{ description: "Серьги" }] } },
  });
  await t.db.purchase.create({
    data: { clientId: zhang.id, amount: 9_999_99, paid: 9_999_99, currency: "RUB", createdAt: new Date("2026-06-01T04:00:00Z"), items: { create: [{ description: "玉镯", stone: "翡翠", metal: "银" }] } },
  });
  await t.db.purchase.create({ data: { clientId: gone.id, amount: 500_00, paid: 500_00, currency: "RUB", createdAt: new Date("2026-07-01T09:00:00Z") } });

  await t.db.pointsEntry.createMany({
    data: [
      { clientId: irina.id, kind: "earn", amount: 200, remaining: 200, expiresAt: new Date("2026-01-01T00:00:00Z"), createdAt: new Date("2025-01-01T09:00:00Z") },
      { clientId: irina.id, kind: "redeem", amount: -1000, purchaseId: ring.id, createdAt: new Date("2026-11-24T22:30:00Z") },
      { clientId: irina.id, kind: "earn", amount: 3675, remaining: 3675, expiresAt: new Date("2027-11-24T22:30:00Z"), purchaseId: ring.id, createdAt: new Date("2026-11-24T22:30:00Z") },
      { clientId: zhang.id, kind: "welcome", amount: 500, remaining: 500, reason: "欢迎", createdAt: new Date("2026-06-01T04:00:00Z") },
    ],
  });
  await t.db.serviceTicket.create({
    data: { number: "0001", clientId: zhang.id, kind: "repair", description: "修理 застёжка", stage: "handed_over", estimateAmount: 1_500_00, createdAt: new Date("2026-11-20T08:00:00Z"), handedOverAt: new Date("2026-11-23T12:00:00Z") },
  });
  // Typed by a client: a CSV cell starting with "=" would run as a formula in Excel.
  await t.db.serviceTicket.create({ data: { number: "0002", clientId: irina.id, kind: "cleaning", description: "=1+2", free: true, createdAt: new Date("2026-11-25T08:00:00Z") } });
}

/** A child process starts tsx and Prisma: seconds on a busy machine. */
const CHILD_TIMEOUT = 60_000;

beforeAll(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  await seed();
  dir = mkdtempSync(join(tmpdir(), "shop-export-test-"));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function csv(dataset: ExportDataset, style: ExportStyle) {
  const result = await exportData(t.db, dataset, "csv", join(dir, `${dataset}-${style}.csv`), opts(style));
  const bytes = readFileSync(result.file);
  const rows: string[][] = parse(bytes, { bom: true, delimiter: style === "ru" ? ";" : "," });
  return { result, bytes, text: bytes.toString("utf8"), header: rows[0]!, rows: rows.slice(1) };
}

const IRINA_RU = ["+79001234567", "Ирина", "Петровна", "Смирнова", "ru", "03.05.1990", CARD, "Любит сапфиры | Размер 17", "silver", "3675", "2", "132500,00", "10.03.2026", "25.11.2026", "telegram", "yes", "05.01.2026"];
const ZHANG_ZH = ["+8613812345678", "伟", "", "张", "zh", "", "", "", "classic", "500", "1", "9999.99", "2026-06-01", "2026-06-01", "counter", "no", "2026-06-01"];

describe("CSV export", () => {
  it("When clients are exported in the ru style, then the file has a BOM, `;`, a decimal comma, the importer's columns first and no forgotten client", async () => {
    const { result, bytes, text, header, rows } = await csv("clients", "ru");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.split("\r\n")[0]).toBe("\ufeffphone;given_name;patronymic;family_name;language;birthday;card_number;notes;tier;points;purchases;total_spent;first_purchase;last_purchase;source;telegram;created");
    expect(header.slice(0, 8)).toEqual(["phone", "given_name", "patronymic", "family_name", "language", "birthday", "card_number", "notes"]);
    expect(rows).toEqual([IRINA_RU, ["+8613812345678", "伟", "", "张", "zh", "", "", "", "classic", "500", "1", "9999,99", "01.06.2026", "01.06.2026", "counter", "no", "01.06.2026"]]);
    expect(result).toMatchObject({ rows: 2, bytes: bytes.length });
  });

  it("When clients are exported in the zh style, then `,`, a decimal dot and yyyy-mm-dd dates", async () => {
    const { text, rows } = await csv("clients", "zh");
    expect(text.split("\r\n")[0]).toMatch(/^\ufeffphone,given_name,patronymic,/);
    expect(rows[1]).toEqual(ZHANG_ZH);
    expect(rows[0]!.slice(11, 14)).toEqual(["132500.00", "2026-03-10", "2026-11-25"]);
  });

  it("When purchases are exported, then the amount is what was paid, several items are joined with '; ' and the day is the shop's", async () => {
    const { header, rows } = await csv("purchases", "ru");
    expect(header).toEqual(["phone", "card_number", "date", "amount", "description", "stone", "metal", "id", "price", "discount", "points_redeemed", "cashback", "refunded", "status", "seller", "time"]);
    expect(rows[0]).toEqual(["+79001234567", CARD, "25.11.2026", "122500,00", "Кольцо; Цепочка", "сапфир", "золото 585; золото 585", "1", "130000,00", "6500,00", "1000", "3675", "0,00", "completed", "5001", "01:30"]);
    expect(rows[1]!.slice(3, 5)).toEqual(["12345,67", "Серьги"]);
    expect(rows[1]!.slice(12, 14)).toEqual(["2345,67", "partially_refunded"]);
    expect(rows[2]!.slice(0, 7)).toEqual(["+8613812345678", "", "01.06.2026", "9999,99", "玉镯", "翡翠", "银"]);
    // The forgotten client's purchase stays in the sales, without personal data.
    expect(rows[3]!.slice(0, 4)).toEqual(["", "", "01.07.2026", "500,00"]);
  });

  it("When points are exported, then each ledger entry is a row with its expiry day", async () => {
    const { header, rows } = await csv("points", "zh");
    expect(header).toEqual(["phone", "card_number", "date", "kind", "amount", "remaining", "expires", "reason", "purchase_id"]);
    expect(rows).toEqual([
      ["+79001234567", CARD, "2025-01-01", "earn", "200", "200", "2026-01-01", "", ""],
      ["+79001234567", CARD, "2026-11-25", "redeem", "-1000", "0", "", "", "1"],
      ["+79001234567", CARD, "2026-11-25", "earn", "3675", "3675", "2027-11-25", "", "1"],
      ["+8613812345678", "", "2026-06-01", "welcome", "500", "500", "", "欢迎", ""],
    ]);
  });

  it("When tickets are exported, then the estimate is money and a formula typed by a client is written as text", async () => {
    const { rows } = await csv("tickets", "ru");
    expect(rows).toEqual([
      ["0001", "+8613812345678", "repair", "修理 застёжка", "handed_over", "1500,00", "no", "20.11.2026", "23.11.2026"],
      ["0002", "+79001234567", "cleaning", "'=1+2", "new", "", "yes", "25.11.2026", ""],
    ]);
  });
});

describe("XLSX export", () => {
  async function xlsx(dataset: ExportDataset, style: ExportStyle) {
    const result = await exportData(t.db, dataset, "xlsx", join(dir, `${dataset}-${style}.xlsx`), opts(style));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(result.file);
    return { result, sheet: book.worksheets[0]! };
  }

  it("When clients are exported to XLSX, then the cells match the CSV, phones are text, amounts numbers and dates real dates", async () => {
    const { result, sheet } = await xlsx("clients", "ru");
    expect(result.rows).toBe(2);
    expect(sheet.name).toBe("clients");
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const irina = sheet.getRow(2);
    expect(irina.getCell(1).value).toBe("+79001234567");
    expect(irina.getCell(7).value).toBe(CARD);
    expect(irina.getCell(2).value).toBe("Ирина");
    expect(irina.getCell(6).value).toEqual(new Date("1990-05-03T00:00:00Z"));
    expect(irina.getCell(6).numFmt).toBe("dd.mm.yyyy");
    expect(irina.getCell(12).value).toBe(132_500);
    expect(irina.getCell(12).numFmt).toBe("#,##0.00");
    expect(irina.getCell(10).value).toBe(3675);
    expect(irina.getCell(14).value).toEqual(new Date("2026-11-25T00:00:00Z"));
    expect(sheet.getRow(3).getCell(2).value).toBe("伟");
    expect(sheet.getColumn(8).width).toBe(40);
  });

  it("When purchases are exported to XLSX in the zh style, then kopecks survive as numbers and dates read yyyy-mm-dd", async () => {
    const { sheet } = await xlsx("purchases", "zh");
    const second = sheet.getRow(3);
    expect(second.getCell(3).value).toEqual(new Date("2026-03-10T00:00:00Z"));
    expect(second.getCell(3).numFmt).toBe("yyyy-mm-dd");
    expect(second.getCell(4).value).toBe(12_345.67);
    expect(sheet.getRow(2).getCell(5).value).toBe("Кольцо; Цепочка");
    expect(sheet.getRow(4).getCell(5).value).toBe("玉镯");
    // In XLSX a cell is never a formula unless written as one: the typed "=1+2" stays as it was.
  });

  it("When tickets are exported to XLSX, then text typed as a formula stays plain text", async () => {
    const { sheet } = await xlsx("tickets", "ru");
    expect(sheet.getRow(3).getCell(4).value).toBe("=1+2");
    expect(sheet.getRow(2).getCell(6).value).toBe(1500);
  });
});

describe("the export command", () => {
  it("When `npm run export -- purchases --format xlsx --out …` runs, then it prints the file and the rows and exits 0", async () => {
    const out = join(dir, "cli", "p.xlsx");
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ["--import", "tsx", "cli/export.ts", "purchases", "--format", "xlsx", "--out", out], {
      env: { ...process.env, DATABASE_URL: t.url },
    });
    expect(stdout).toContain(out);
    expect(stdout).toContain("4 rows");
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets[0]!.rowCount).toBe(5);
  }, CHILD_TIMEOUT);

  it("When the dataset is unknown, then it says how to call it and exits 1", async () => {
    const run = promisify(execFile);
    const failed = await run(process.execPath, ["--import", "tsx", "cli/export.ts", "wishes"], { env: { ...process.env, DATABASE_URL: t.url } }).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/clients\|purchases\|points\|tickets/);
  }, CHILD_TIMEOUT);
});
