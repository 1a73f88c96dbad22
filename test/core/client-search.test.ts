import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { formatCardNumber } from "../../core/loyalty/card-number.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

let t: TestDb;
let s: Services;
const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));
const SELLER = { telegramId: 5, role: "staff" as const };
let annaCard = "";

beforeAll(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  s = createServices(t.db, { OWNER_IDS: [], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 }, clock);
  const anna = await s.clients.createAtCounter(SELLER, { phone: "8 (900) 123-45-67", name: "Анна Ивановна" });
  await s.clients.createAtCounter(SELLER, { phone: "+79005550000", name: "Анна Петровна" });
  await s.clients.createAtCounter(SELLER, { phone: "+8613800138000", name: "王芳" });
  const gone = await s.clients.createAtCounter(SELLER, { phone: "+79007770000", name: "Анна Забытая" });
  await t.db.client.update({ where: { id: gone.client.id }, data: { forgottenAt: new Date() } });
  annaCard = (await t.db.card.findUniqueOrThrow({ where: { clientId: anna.client.id } })).number;
});
afterAll(() => t.close());

const names = async (q: string) => (await s.clients.find(q)).map((m) => [m.givenName, m.patronymic].filter(Boolean).join(" "));

describe("finding a client", () => {
  it("When the phone is typed in another format, then the client is found", async () => {
    expect(await names("+7 900 123 45 67")).toEqual(["Анна Ивановна"]);
    expect(await names("89001234567")).toEqual(["Анна Ивановна"]);
  });

  it("When the card number is typed with spaces, then the client is found; one wrong digit is caught", async () => {
    expect(await names(formatCardNumber(annaCard))).toEqual(["Анна Ивановна"]);
    const typo = annaCard.slice(0, 3) + ((Number(annaCard[3]) + 1) % 10) + annaCard.slice(4);
    await expect(s.clients.find(typo)).rejects.toThrow("card_check_digit");
  });

  it("When a name is typed in any case, or several words, then matching clients come back; forgotten ones never", async () => {
    expect(await names("АННА")).toEqual(["Анна Ивановна", "Анна Петровна"]);
    expect(await names("анна петр")).toEqual(["Анна Петровна"]);
    expect(await names("芳")).toEqual(["王芳"]);
    expect(await names("Забытая")).toEqual([]);
    expect(await names("а")).toEqual([]);
  });

  it("When a client is created twice at the counter with the same phone, then the first is returned", async () => {
    const again = await s.clients.createAtCounter(SELLER, { phone: "+7 900 123-45-67" });
    expect(again.created).toBe(false);
    expect(await t.db.client.count({ where: { phone: "+79001234567" } })).toBe(1);
  });
});

describe("the client's file and history", () => {
  it("When purchases, a partial and a full return exist, then totals and average check count money actually kept", async () => {
    const [anna] = await s.clients.find("+79001234567");
    const buy = (amount: number, key: string) =>
      s.purchases.log({ clientId: anna!.id, amount, items: [{ description: "Кольцо", stone: "изумруд" }], redeem: 0, idempotencyKey: key }, SELLER);
    const p1 = await buy(100_000_00, "f1");
    const p2 = await buy(20_000_00, "f2");
    await buy(10_000_00, "f3");
    await s.refunds.refund({ purchaseId: p1.purchase.id, amount: 45_000_00, idempotencyKey: "fr1" }, SELLER);
    await s.refunds.refund({ purchaseId: p2.purchase.id, idempotencyKey: "fr2" }, SELLER);
    await s.clients.addNote(anna!.id, 5, "первая заметка");
    clock.advance(60_000);
    await s.clients.addNote(anna!.id, 5, "вторая заметка");
    await expect(s.clients.addNote(anna!.id, 5, "   ")).rejects.toThrow("note_invalid");
    const file = await s.clients.file(anna!.id);
    // Paid 95 000 + 19 000 (now silver, 7% off) + 9 300 = 123 300; returned 45 000 + 19 000.
    expect(file.totalSpent).toBe(59_300_00);
    expect(file.purchaseCount).toBe(2);
    expect(file.averageCheck).toBe(29_650_00);
    expect(file.lastPurchases[0]!.items[0]).toMatchObject({ description: "Кольцо", stone: "изумруд" });
    expect(file.notes.map((n) => n.text)).toEqual(["вторая заметка", "первая заметка"]);
  });

  it("When the history is paged, then pages are clamped and newest come first", async () => {
    const [anna] = await s.clients.find("+79001234567");
    const first = await s.history.purchases(anna!.id, 0);
    expect(first.total).toBe(3);
    expect(first.pages).toBe(1);
    expect(first.items.map((p) => p.amount)).toEqual([10_000_00, 20_000_00, 100_000_00]);
    expect((await s.history.purchases(anna!.id, 99)).page).toBe(0);
    const points = await s.history.points(anna!.id, 0);
    expect(points.items[0]!.kind).toBe("reversal");
    const empty = await s.history.points(999, 3);
    expect([empty.page, empty.pages, empty.items.length]).toEqual([0, 1, 0]);
  });
});
