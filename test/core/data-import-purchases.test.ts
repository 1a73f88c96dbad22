import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import type { Db } from "../../core/db/client.ts";
import { createDataImport, type ImportCheck } from "../../core/data/import.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { pointsBalance } from "../../core/loyalty/points.ts";
import { card, clientsCsv, purchasesCsv } from "../support/data-files.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const OWNER = 1;
const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));
const ANNA = "+79001112233";
const BORIS = "+79001112234";
let t: TestDb;

type Imports = ReturnType<typeof createDataImport>;
const importsOn = (db: Db, chunkRows = 2) => createDataImport(db, clock, { timeZone: "Europe/Moscow", region: "RU", currency: "RUB", chunkRows, progressEveryMs: 0 });

async function checked(imports: Imports, bytes: Uint8Array): Promise<ImportCheck> {
  const check = await imports.check({ bytes }, "file.csv");
  if ("fileProblem" in check) throw new Error(`file problem ${check.fileProblem.problem}`);
  return check;
}
async function importFile(imports: Imports, bytes: Uint8Array, onProgress?: Parameters<Imports["run"]>[2]) {
  const id = await imports.save(await checked(imports, bytes), { fileName: "file.csv", actorTelegramId: OWNER });
  expect(await imports.claim(id, "valid_only")).toBe(true);
  return imports.run(id, { bytes }, onProgress);
}

const CLIENTS = clientsCsv([
  { phone: ANNA, given_name: "Анна", card_number: card(1) },
  { phone: BORIS, given_name: "Борис", card_number: card(2) },
]);
const HISTORY = purchasesCsv([
  { phone: ANNA, date: "01.06.2026", amount: "10 000", description: "Кольцо", stone: "сапфир", metal: "золото 585" },
  { phone: ANNA, date: "10.01.2024", amount: "60 000", description: "Серьги" },
  { card_number: card(2), date: "20.11.2026", amount: "5 000", stone: "жемчуг" },
  { phone: "+7 900 999-99-99", date: "20.11.2026", amount: "1 000" }, // line 5: nobody has this phone
  { card_number: card(3), date: "20.11.2026", amount: "1 000" }, // line 6: nobody has this card
  { card_number: card(1), date: "01.06.2024", amount: "50 000", description: "Подвеска" },
  { card_number: card(2), date: "20.11.2026", amount: "5 000", stone: "жемчуг" }, // the same as line 4: a second purchase
]);

const tableCounts = async (db = t.db) => ({
  clients: await db.client.count(),
  cards: await db.card.count(),
  notes: await db.note.count(),
  purchases: await db.purchase.count(),
  items: await db.purchaseItem.count(),
  points: await db.pointsEntry.count(),
});
const clientOf = (phone: string) => t.db.client.findUniqueOrThrow({ where: { phone }, include: { tier: true } });

beforeEach(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  await importFile(importsOn(t.db), CLIENTS);
});
afterEach(() => t.close());

describe("the dry run of a purchases file", () => {
  it("When rows name clients by phone and by card, then an unknown phone and an unknown card are client_unknown with their lines", async () => {
    const before = await tableCounts();
    const check = await checked(importsOn(t.db), HISTORY);
    expect(check).toMatchObject({ kind: "purchases", total: 7, valid: 5, problemCount: 2, clients: 2 });
    expect(check.kind === "purchases" && [check.firstDate, check.lastDate]).toEqual([
      { year: 2024, month: 1, day: 10 },
      { year: 2026, month: 11, day: 20 },
    ]);
    expect(check.problems).toEqual([
      { line: 5, column: "phone", problem: "client_unknown", value: "+7 900 999-99-99" },
      { line: 6, column: "card_number", problem: "client_unknown", value: card(3) },
    ]);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("importing purchase history", () => {
  it("When history is imported, then each row is a purchase at noon shop time with its item, and nobody is told", async () => {
    const run = await importFile(importsOn(t.db), HISTORY);
    expect(run).toMatchObject({ status: "done", created: 5, unchanged: 0 });
    const boris = await clientOf(BORIS);
    const bought = await t.db.purchase.findMany({ where: { clientId: boris.id }, include: { items: true } });
    expect(bought).toHaveLength(2);
    expect(bought[0]).toMatchObject({ amount: 5_000_00, paid: 5_000_00, discount: 0, redeemedPoints: 0, currency: "RUB", staffTelegramId: null });
    expect(bought[0]!.createdAt.toISOString()).toBe("2026-11-20T09:00:00.000Z");
    expect(bought[0]!.idempotencyKey).toMatch(/^import:[\w-]+:1$/);
    expect(bought[1]!.idempotencyKey).toBe(bought[0]!.idempotencyKey!.replace(/:1$/, ":2"));
    expect(bought[0]!.items).toMatchObject([{ description: "жемчуг", stone: "жемчуг", metal: null }]);
    expect(await t.db.followUp.count()).toBe(0);
    expect(await t.db.outbox.count()).toBe(0);
  });

  it("When history spans years, then points are as of each date: old lots expired with their entry, a recent one live, a tier reached mid-history raising later cashback", async () => {
    await importFile(importsOn(t.db), HISTORY);
    const anna = await clientOf(ANNA);
    const purchases = await t.db.purchase.findMany({ where: { clientId: anna.id }, orderBy: { createdAt: "asc" }, include: { points: true } });
    // 60 000 ₽ and 50 000 ₽ at 3% (classic); then 110 000 ₽ spent reaches silver: 10 000 ₽ at 5%.
    expect(purchases.map((p) => p.cashbackPoints)).toEqual([1800, 1500, 500]);
    const [first, , last] = purchases;
    expect(first!.points).toMatchObject([{ kind: "earn", amount: 1800, remaining: 0, actorTelegramId: BigInt(OWNER) }]);
    expect(first!.points[0]!.expiresAt?.toISOString()).toBe("2025-01-10T09:00:00.000Z");
    const expiry = await t.db.pointsEntry.findFirstOrThrow({ where: { clientId: anna.id, kind: "expire", reason: `lot:${first!.points[0]!.id}` } });
    expect(expiry.amount).toBe(-1800);
    expect(expiry.createdAt.toISOString()).toBe("2025-01-10T09:00:00.000Z");
    expect(last!.points).toMatchObject([{ kind: "earn", amount: 500, remaining: 500 }]);
    expect(last!.points[0]!.expiresAt?.toISOString()).toBe("2027-06-01T09:00:00.000Z");
    expect(await pointsBalance(t.db, anna.id, clock.now())).toBe(500);
    expect(anna.tier?.code).toBe("silver");
    const moves = await t.db.auditLog.findMany({ where: { action: "tier.changed" } });
    expect(moves.map((m) => [m.entityId, JSON.parse(m.details!) as unknown])).toEqual([[String(anna.id), { from: "classic", to: "silver", why: "import" }]]);
    const boris = await clientOf(BORIS);
    expect([boris.tier?.code, await pointsBalance(t.db, boris.id, clock.now())]).toEqual(["classic", 300]);
  });

  it("When tiers count a rolling year, then spending older than a year before a purchase does not raise its cashback", async () => {
    await t.db.loyaltySettings.update({ where: { id: 1 }, data: { tierPeriodMonths: 12 } });
    await importFile(importsOn(t.db), HISTORY);
    const anna = await clientOf(ANNA);
    const purchases = await t.db.purchase.findMany({ where: { clientId: anna.id }, orderBy: { createdAt: "asc" } });
    expect(purchases.map((p) => p.cashbackPoints)).toEqual([1800, 1500, 300]);
    expect(anna.tier?.code).toBe("classic");
  });

  it("When a purchase was logged in the bot before, then it counts toward the tier of imported ones after it", async () => {
    const anna = await clientOf(ANNA);
    await t.db.purchase.create({ data: { clientId: anna.id, amount: 200_000_00, paid: 200_000_00, currency: "RUB", createdAt: new Date("2023-05-01T10:00:00Z") } });
    await t.db.purchase.create({ data: { clientId: anna.id, amount: 500_000_00, paid: 500_000_00, refundedAmount: 500_000_00, status: "refunded", currency: "RUB", createdAt: new Date("2023-06-01T10:00:00Z") } });
    await importFile(importsOn(t.db), HISTORY);
    const imported = await t.db.purchase.findMany({ where: { clientId: anna.id, idempotencyKey: { startsWith: "import:" } }, orderBy: { createdAt: "asc" } });
    // 200 000 ₽ before: silver (5%) from the first; 260 000 ₽ still silver; 310 000 ₽ reaches gold (7%). The refund counts nothing.
    expect(imported.map((p) => p.cashbackPoints)).toEqual([3000, 2500, 700]);
    expect((await clientOf(ANNA)).tier?.code).toBe("gold");
  });

  it("When the unknown client joins between the check and the run, then the run checks again and imports their row", async () => {
    const imports = importsOn(t.db);
    const id = await imports.save(await checked(imports, HISTORY), { fileName: "file.csv", actorTelegramId: OWNER });
    expect(await imports.get(id)).toMatchObject({ validRows: 5, badRows: 2 });
    await importFile(imports, clientsCsv([{ phone: "+79009999999", given_name: "Вера" }]));
    await imports.claim(id, "valid_only");
    expect(await imports.run(id, { bytes: HISTORY })).toMatchObject({ status: "done", created: 6, validRows: 6, badRows: 1 });
  });

  it("When the same history is imported again, then nothing is added", async () => {
    await importFile(importsOn(t.db), HISTORY);
    const after = await tableCounts();
    const again = await importFile(importsOn(t.db), HISTORY);
    expect(again).toMatchObject({ status: "done", created: 0, unchanged: 5 });
    expect(await tableCounts()).toEqual(after);
    expect(await t.db.auditLog.count({ where: { action: "tier.changed" } })).toBe(1);
  });

  it("When a run is interrupted between chunks, then it leaves whole chunks and a second import completes it as one run would", async () => {
    const rows = Array.from({ length: 6 }, (_, i) => [
      { phone: i % 2 ? ANNA : BORIS, date: `0${i + 1}.0${(i % 3) + 1}.2025`, amount: `${(i + 1) * 20_000}`, description: `Кольцо ${i}` },
      { card_number: card(1 + (i % 2)), date: `1${i}.10.2026`, amount: "30 000", description: "Серьги" },
    ]).flat();
    const file = purchasesCsv(rows);
    const reference = await createTestDb();
    await ensureLoyaltyDefaults(reference.db, "RUB");
    await importFile(importsOn(reference.db, 1000), CLIENTS);
    await importFile(importsOn(reference.db, 1000), file);

    const seen: string[] = [];
    const interrupted = importFile(importsOn(t.db, 1), file, (p) => {
      seen.push(p.phase);
      if (p.phase === "writing") throw new Error("the power went out");
    });
    await expect(interrupted).rejects.toThrow("the power went out");
    const failed = await t.db.dataImport.findFirstOrThrow({ where: { kind: "purchases" } });
    expect(failed).toMatchObject({ status: "failed", error: "the power went out" });
    expect(seen).toEqual(["reading", "writing"]);
    // One chunk (one client's rows, with their points) was committed before the interruption.
    const half = await t.db.purchase.count();
    expect(half).toBe(6);
    expect(await t.db.pointsEntry.count()).toBeGreaterThan(0);

    const done = await importFile(importsOn(t.db, 1), file);
    expect(done).toMatchObject({ status: "done", created: 6, unchanged: 6 });
    const summary = async (db: Db) =>
      (await db.purchase.findMany({ include: { client: true, points: true }, orderBy: [{ createdAt: "asc" }, { amount: "asc" }] })).map((p) => [
        p.client.phone, p.createdAt.toISOString(), p.amount, p.cashbackPoints, p.idempotencyKey, p.points.map((e) => [e.kind, e.amount, e.remaining]),
      ]);
    expect(await summary(t.db)).toEqual(await summary(reference.db));
    expect(await tableCounts()).toEqual(await tableCounts(reference.db));
    await reference.close();
  });
});
