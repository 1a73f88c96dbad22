import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { computeQuote } from "../../core/loyalty/purchases.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

let t: TestDb;
let s: Services;
const clock = fixedClock(new Date("2026-01-10T09:00:00Z"));
const SELLER = { telegramId: 50, role: "staff" as const };
const OWNER = { telegramId: 1, role: "owner" as const };
let key = 0;
const nextKey = () => `k${++key}`;

beforeAll(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  s = createServices(t.db, { OWNER_IDS: [1], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 }, clock);
});
afterAll(() => t.close());

async function newClient(phone: string) {
  return (await s.clients.createAtCounter(SELLER, { phone, name: "Тест" })).client;
}
const balanceOf = async (clientId: number) => (await s.purchases.quote(clientId, 100)).balance;
const buy = (clientId: number, amount: number, redeem = 0) =>
  s.purchases.log({ clientId, amount, items: [{ description: "Кольцо", stone: "сапфир", metal: "золото 585", size: "17" }], redeem, idempotencyKey: nextKey() }, SELLER);

describe("the quote", () => {
  it("When the tier gives 5% and 3%, then discount and cashback round down in minor units and whole points", () => {
    const tier = { id: 1, code: "classic", nameRu: "", nameZh: "", threshold: 0, discountBp: 500, cashbackBp: 300 };
    // 5% of 9 999,99 ₽ = 499,9995 ₽ → 499,99 ₽ off; 3% of 9 500,00 ₽ = 285 points; 30% cap = 2 850 points.
    expect(computeQuote(9_999_99, tier, 3000, 10_000, 0)).toMatchObject({ discount: 499_99, payable: 9_500_00, cashback: 285, maxRedeem: 2850 });
    // 3% of 949,99 ₽ = 28,4997 → 28 whole points; the cap is capped again by the balance.
    expect(computeQuote(999_99, tier, 3000, 10, 0)).toMatchObject({ discount: 49_99, payable: 950_00, cashback: 28, maxRedeem: 10 });
  });

  it("When more points are asked than the cap allows, then it is refused with the maximum", () => {
    const tier = { id: 1, code: "classic", nameRu: "", nameZh: "", threshold: 0, discountBp: 0, cashbackBp: 0 };
    expect(() => computeQuote(1000_00, tier, 3000, 10_000, 301)).toThrow("redeem_too_much");
    expect(computeQuote(1000_00, tier, 3000, 100, 0).maxRedeem).toBe(100);
  });
});

describe("logging purchases", () => {
  it("When a 150 000 ₽ purchase is logged, then discount, cashback, tier, follow-ups and audit are written", async () => {
    const c = await newClient("+79001110001");
    const r = await buy(c.id, 150_000_00);
    if (!r.created) throw new Error("not created");
    expect(r.quote).toMatchObject({ discount: 7_500_00, paid: 142_500_00, cashback: 4275 });
    expect(r.tierBefore?.code).toBe("classic");
    expect(r.tierAfter?.code).toBe("silver");
    expect(r.balance).toBe(4275);
    const items = await t.db.purchaseItem.findMany({ where: { purchaseId: r.purchase.id } });
    expect(items).toMatchObject([{ description: "Кольцо", stone: "сапфир", metal: "золото 585", size: "17" }]);
    const followUps = await t.db.followUp.findMany({ where: { purchaseId: r.purchase.id }, orderBy: { dueAt: "asc" } });
    expect(followUps.map((f) => [f.reason, (f.dueAt.getTime() - clock.now().getTime()) / DAY_MS])).toEqual([
      ["after_purchase", 3],
      ["month_after_purchase", 30],
    ]);
    const audit = await t.db.auditLog.findMany({ where: { OR: [{ entity: "purchase", entityId: String(r.purchase.id) }, { action: "tier.changed", entityId: String(c.id) }] } });
    expect(audit.map((a) => [a.action, a.actorTelegramId])).toEqual([
      ["tier.changed", 50n],
      ["purchase.logged", 50n],
    ]);
    const earn = await t.db.pointsEntry.findFirstOrThrow({ where: { purchaseId: r.purchase.id, kind: "earn" } });
    expect(earn).toMatchObject({ amount: 4275, actorTelegramId: 50n });
  });

  it("When confirm is sent twice with the same key, then one purchase is recorded", async () => {
    const c = await newClient("+79001110002");
    const input = { clientId: c.id, amount: 10_000_00, items: [{ description: "Серьги" }], redeem: 0, idempotencyKey: "double-tap" };
    const [a, b] = await Promise.all([s.purchases.log(input, SELLER), s.purchases.log(input, SELLER)]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await t.db.purchase.count({ where: { clientId: c.id } })).toBe(1);
    expect(await t.db.pointsEntry.count({ where: { clientId: c.id } })).toBe(1);
  });

  it("When points are redeemed, then the oldest-expiring lots are used first", async () => {
    const c = await newClient("+79001110003");
    const soon = await t.db.pointsEntry.create({ data: { clientId: c.id, kind: "adjust", amount: 100, remaining: 100, expiresAt: new Date(clock.now().getTime() + 5 * DAY_MS) } });
    const late = await t.db.pointsEntry.create({ data: { clientId: c.id, kind: "adjust", amount: 500, remaining: 500, expiresAt: new Date(clock.now().getTime() + 300 * DAY_MS) } });
    await buy(c.id, 10_000_00, 250);
    expect((await t.db.pointsEntry.findUniqueOrThrow({ where: { id: soon.id } })).remaining).toBe(0);
    expect((await t.db.pointsEntry.findUniqueOrThrow({ where: { id: late.id } })).remaining).toBe(350);
  });

  it("When an amount is zero, negative or over the ceiling, then it is refused and nothing is written", async () => {
    const c = await newClient("+79001110004");
    const before = await t.db.purchase.count();
    await expect(buy(c.id, 0)).rejects.toThrow("amount_invalid");
    await expect(buy(c.id, -5)).rejects.toThrow("amount_invalid");
    await expect(buy(c.id, 10_000_000_01)).rejects.toThrow("amount_too_large");
    await expect(buy(c.id, 100_00, 1)).rejects.toThrow("redeem_too_much");
    expect(await t.db.purchase.count()).toBe(before);
  });

  it("When an invited friend buys for the first time, then both get the referral bonus, once", async () => {
    const inviter = await newClient("+79001110005");
    const friend = await newClient("+79001110006");
    await t.db.client.update({ where: { id: friend.id }, data: { referredById: inviter.id } });
    const first = await buy(friend.id, 5_000_00);
    expect(first.created && first.referral).toMatchObject({ inviterBonus: 1000, friendBonus: 500 });
    await buy(friend.id, 5_000_00);
    expect(await t.db.pointsEntry.count({ where: { kind: "referral", clientId: inviter.id } })).toBe(1);
    expect(await t.db.pointsEntry.count({ where: { kind: "referral", clientId: friend.id } })).toBe(1);
    expect(await balanceOf(inviter.id)).toBe(1000);
  });
});

describe("returns", () => {
  it("When a purchase that used points is returned in two halves, then points come back and cashback goes, exactly", async () => {
    const c = await newClient("+79001110007");
    await s.points.adjust(OWNER, c.id, 3000, "перенос из старой базы");
    const r = await buy(c.id, 100_000_00, 2000);
    if (!r.created) throw new Error("not created");
    // 5% off → 95 000 ₽; 2 000 points → paid 93 000 ₽; cashback 3% → 2 790 points.
    expect(r.quote).toMatchObject({ paid: 93_000_00, cashback: 2790 });
    expect(r.balance).toBe(1000 + 2790);
    const half1 = await s.refunds.refund({ purchaseId: r.purchase.id, amount: 46_500_00, idempotencyKey: "r1" }, SELLER);
    expect(half1.created && [half1.refund.pointsReturned, half1.refund.cashbackReversed]).toEqual([1000, 1395]);
    const again = await s.refunds.refund({ purchaseId: r.purchase.id, amount: 46_500_00, idempotencyKey: "r1" }, SELLER);
    expect(again.created).toBe(false);
    const half2 = await s.refunds.refund({ purchaseId: r.purchase.id, idempotencyKey: "r2" }, SELLER);
    expect(half2.created && [half2.refund.pointsReturned, half2.refund.cashbackReversed, half2.purchase.status]).toEqual([1000, 1395, "refunded"]);
    expect(await balanceOf(c.id)).toBe(3000);
    await expect(s.refunds.refund({ purchaseId: r.purchase.id, idempotencyKey: "r3" }, SELLER)).rejects.toThrow("purchase_refunded");
  });

  it("When a return takes the total below the threshold, then the tier goes down", async () => {
    const c = await newClient("+79001110008");
    const r = await buy(c.id, 120_000_00);
    expect(r.created && r.tierAfter?.code).toBe("silver");
    const back = await s.refunds.refund({ purchaseId: r.purchase.id, amount: 20_000_00, idempotencyKey: "r4" }, SELLER);
    expect(back.created && back.tierAfter?.code).toBe("classic");
    await expect(s.refunds.refund({ purchaseId: r.purchase.id, amount: 200_000_00, idempotencyKey: "r5" }, SELLER)).rejects.toThrow("refund_too_large");
  });

  it("When the cashback was already spent, then what can be taken is taken and the shortfall recorded", async () => {
    const c = await newClient("+79001110009");
    const r = await buy(c.id, 10_000_00); // cashback 285
    await buy(c.id, 10_000_00, 285);
    if (!r.created) throw new Error("not created");
    const back = await s.refunds.refund({ purchaseId: r.purchase.id, idempotencyKey: "r6" }, SELLER);
    expect(back.created && back.shortfall).toBe(285 - (await t.db.refund.findUniqueOrThrow({ where: { idempotencyKey: "r6" } })).cashbackReversed);
    expect(await balanceOf(c.id)).toBeGreaterThanOrEqual(0);
  });
});

describe("points by hand and expiry", () => {
  it("When an owner adjusts without a reason, then it is refused; with one, it is audit-logged", async () => {
    const c = await newClient("+79001110010");
    await expect(s.points.adjust(OWNER, c.id, 100, " ")).rejects.toThrow("reason_required");
    await expect(s.points.adjust(OWNER, c.id, -100, "ошибка")).rejects.toThrow("points_insufficient");
    await s.points.adjust(OWNER, c.id, 100, "подарок к юбилею");
    await s.points.adjust(OWNER, c.id, -40, "ошибка ввода");
    expect(await balanceOf(c.id)).toBe(60);
    const audit = await t.db.auditLog.findMany({ where: { entity: "client", entityId: String(c.id), action: "points.adjust" } });
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actorTelegramId === 1n)).toBe(true);
  });

  it("When lots pass their date, then expiry writes them off oldest first and the balance follows", async () => {
    const c = await newClient("+79001110011");
    await t.db.pointsEntry.create({ data: { clientId: c.id, kind: "adjust", amount: 70, remaining: 70, expiresAt: new Date(clock.now().getTime() + DAY_MS) } });
    await t.db.pointsEntry.create({ data: { clientId: c.id, kind: "adjust", amount: 30, remaining: 30, expiresAt: new Date(clock.now().getTime() + 90 * DAY_MS) } });
    clock.advance(2 * DAY_MS);
    const result = await s.points.expire();
    expect(result.points).toBeGreaterThanOrEqual(70);
    expect(await balanceOf(c.id)).toBe(30);
    expect(await t.db.pointsEntry.count({ where: { clientId: c.id, kind: "expire", amount: -70 } })).toBe(1);
  });
});

describe("settings", () => {
  it("When an owner changes a rule or a tier, then it is validated and audit-logged", async () => {
    await s.loyalty.updateSetting(OWNER, "maxRedeemBp", 5000);
    expect((await s.loyalty.settings()).maxRedeemBp).toBe(5000);
    await expect(s.loyalty.updateSetting(OWNER, "maxRedeemBp", 12_000)).rejects.toThrow("setting_invalid");
    await s.loyalty.updateSetting(OWNER, "tierPeriodMonths", 0);
    expect((await s.loyalty.settings()).tierPeriodMonths).toBeNull();
    await expect(s.loyalty.updateTier(OWNER, "gold", "threshold", 50_000_00)).rejects.toThrow("tier_invalid");
    await s.loyalty.updateTier(OWNER, "gold", "threshold", 250_000_00);
    await s.loyalty.updateTier(OWNER, "vip", "discountBp", 2200);
    expect((await s.loyalty.tiers()).find((x) => x.code === "vip")?.discountBp).toBe(2200);
    expect(await t.db.auditLog.count({ where: { action: { in: ["settings.updated", "tier.updated"] } } })).toBe(4);
  });
});
