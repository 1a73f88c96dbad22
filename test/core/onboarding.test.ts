import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { isValidCardNumber } from "../../core/loyalty/card-number.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

let t: TestDb;
let s: Services;
const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));

beforeAll(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  s = createServices(t.db, { OWNER_IDS: [1], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 }, clock);
});
afterAll(() => t.close());

async function join(telegramId: number, phone: string, name = "Анна Ивановна", birthday: string | null = "03.05.1990") {
  await s.onboarding.giveConsent(telegramId, "ru");
  await s.onboarding.setPhone(telegramId, phone, false);
  await s.onboarding.setName(telegramId, name);
  return s.onboarding.finish(telegramId, birthday);
}

describe("onboarding", () => {
  it("When a client goes through every step, then each step is remembered in the database", async () => {
    expect(await s.onboarding.step(100)).toBe("consent");
    await s.onboarding.giveConsent(100, "ru");
    expect(await s.onboarding.step(100)).toBe("phone");
    await s.onboarding.setPhone(100, "8 (900) 100-00-00", false);
    expect(await s.onboarding.step(100)).toBe("name");
    await s.onboarding.setName(100, "Анна Ивановна");
    expect(await s.onboarding.step(100)).toBe("birthday");
    const { client, welcomeBonus } = await s.onboarding.finish(100, "03.05.1990");
    expect(await s.onboarding.step(100)).toBe("done");
    expect(client).toMatchObject({ phone: "+79001000000", givenName: "Анна", patronymic: "Ивановна" });
    expect(client.birthday?.toISOString().slice(0, 10)).toBe("1990-05-03");
    expect(welcomeBonus).toBe(500);
  });

  it("When onboarding finishes, then the card, the entry tier, the welcome points and the audit entry exist", async () => {
    const view = await s.cards.view(100);
    expect(isValidCardNumber(view.cardNumber)).toBe(true);
    expect(view.tier?.code).toBe("classic");
    expect(view.balance).toBe(500);
    expect(view.nextTier?.code).toBe("silver");
    expect(view.toNextTier).toBe(100_000_00);
    const audit = await t.db.auditLog.findMany({ where: { entity: "client", entityId: String(view.clientId) } });
    expect(audit.map((a) => a.action).sort()).toEqual(["client.onboarded", "points.welcome"]);
  });

  it("When finish is called twice (double tap on skip), then one card and one welcome bonus exist", async () => {
    await s.onboarding.giveConsent(101, "zh");
    await s.onboarding.setPhone(101, "+86 138 0013 8000", false);
    await s.onboarding.setName(101, "王芳");
    const [a, b] = await Promise.all([s.onboarding.finish(101, null), s.onboarding.finish(101, null)]);
    expect(a.welcomeBonus + b.welcomeBonus).toBe(500);
    const client = await s.onboarding.findByTelegramId(101);
    expect(await t.db.pointsEntry.count({ where: { clientId: client!.id } })).toBe(1);
    expect(await t.db.card.count({ where: { clientId: client!.id } })).toBe(1);
    expect(client!.language).toBe("zh");
  });

  it("When a client created at the counter joins with the same phone, then the row is linked, not duplicated", async () => {
    const known = await t.db.client.create({
      data: { phone: "+79002223344", givenName: "Ольга", source: "counter", referralCode: "counter1" },
    });
    await t.db.purchase.create({ data: { clientId: known.id, amount: 50_000_00, paid: 50_000_00, currency: "RUB" } });
    await join(102, "+7 900 222-33-44", "Ольга Петровна");
    const linked = await s.onboarding.findByTelegramId(102);
    expect(linked!.id).toBe(known.id);
    expect(await t.db.client.count({ where: { phone: "+79002223344" } })).toBe(1);
    expect((await s.cards.view(102)).totalSpent).toBe(50_000_00);
  });

  it("When a phone belongs to another Telegram account, then it is refused", async () => {
    await s.onboarding.giveConsent(103, "ru");
    await expect(s.onboarding.setPhone(103, "8 900 100 00 00", false)).rejects.toThrow("phone_taken");
    expect(await s.onboarding.step(103)).toBe("phone");
  });

  it("When a client joins with a referral code, then the referrer is recorded; their own code is ignored", async () => {
    const referrer = await s.onboarding.findByTelegramId(100);
    await s.onboarding.giveConsent(104, "ru", referrer!.referralCode);
    expect((await s.onboarding.findByTelegramId(104))!.referredById).toBe(referrer!.id);
    await s.onboarding.giveConsent(105, "ru", "no-such-code");
    expect((await s.onboarding.findByTelegramId(105))!.referredById).toBeNull();
  });

  it("When points are about to expire, then the card lists them by date and the balance drops after expiry", async () => {
    const client = await s.onboarding.findByTelegramId(100);
    await t.db.pointsEntry.create({
      data: { clientId: client!.id, kind: "earn", amount: 300, remaining: 300, expiresAt: new Date(clock.now().getTime() + 10 * DAY_MS) },
    });
    const view = await s.cards.view(100);
    expect(view.balance).toBe(800);
    expect(view.expiring).toEqual([{ amount: 300, expiresAt: new Date(clock.now().getTime() + 10 * DAY_MS) }]);
    clock.advance(11 * DAY_MS);
    expect((await s.cards.view(100)).balance).toBe(500);
  });

  it("When a client asks to be forgotten, then personal data goes and purchase amounts stay", async () => {
    const before = await s.onboarding.findByTelegramId(102);
    await s.clients.forget(102, { telegramId: 102, role: "client" });
    const after = await t.db.client.findUniqueOrThrow({ where: { id: before!.id } });
    expect(after).toMatchObject({ telegramId: null, phone: null, givenName: null, patronymic: null, birthday: null });
    expect(after.forgottenAt).not.toBeNull();
    expect(await t.db.card.count({ where: { clientId: before!.id } })).toBe(0);
    expect(await t.db.purchase.count({ where: { clientId: before!.id } })).toBe(1);
    expect(await s.onboarding.step(102)).toBe("consent");
  });
});
