// Wishes against a real (throw-away) database with a fixed clock: what a wish
// must say, a repeat recorded once, staff's list by stone in any letter case
// (oldest first, only open ones of clients still with the shop), the arrival
// notice queued once, and closing by staff or by the client (their own only).
import { describe, expect, test as base } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import type { WishNotify } from "../../core/wishes/wishes.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const SELLER = { telegramId: 50, role: "staff" as const };
const CONFIG = { OWNER_IDS: [1], SHOP_CURRENCY: "RUB" as const, STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow" };
const NOW = new Date("2026-11-24T09:00:00Z");
const HOUR = 3_600_000;
const notify: WishNotify = (wish, client) => ({ text: `#${wish.id} → ${client.id} (${client.language})` });

interface Env {
  t: TestDb;
  s: Services;
  clock: ReturnType<typeof fixedClock>;
  /** A client on Telegram (id 100 + n); odd ones read Russian, even ones Chinese. */
  client(n: number): Promise<number>;
  asClient(clientId: number): { telegramId: number; role: "client" };
}

const test = base.extend<{ env: Env }>({
  env: async ({}, use) => { // eslint-disable-line no-empty-pattern -- vitest reads a fixture's dependencies from this destructuring
    const t = await createTestDb();
    await ensureLoyaltyDefaults(t.db, "RUB");
    const clock = fixedClock(NOW);
    const s = createServices(t.db, CONFIG, clock);
    await use({
      t,
      s,
      clock,
      async client(n) {
        const telegramId = 100 + n;
        await s.onboarding.giveConsent(telegramId, n % 2 ? "ru" : "zh");
        await s.onboarding.setPhone(telegramId, `+7900100${String(n).padStart(4, "0")}`, false);
        await s.onboarding.setName(telegramId, "Анна Ивановна");
        return (await s.onboarding.finish(telegramId, null)).client.id;
      },
      asClient: (clientId) => ({ telegramId: 100 + clientId, role: "client" }),
    });
    await t.close();
  },
});

/** The text of a queued message. */
const textOf = (payload: string) => (JSON.parse(payload) as { text: string }).text;
const expectDomainError = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ name: "DomainError", code });

describe("leaving a wish", () => {
  test("When a wish says only a budget, or a part is too long, then it is refused and nothing is written", async ({ env }) => {
    const anna = await env.client(1);
    await expectDomainError(env.s.wishes.create(anna, { budget: 150_000_00 }, env.asClient(anna)), "wish_empty");
    await expectDomainError(env.s.wishes.create(anna, { stone: "\u200b ", text: "" }, env.asClient(anna)), "wish_empty");
    await expectDomainError(env.s.wishes.create(anna, { stone: "изумруд", size: "x".repeat(21) }, env.asClient(anna)), "wish_field_invalid");
    await expectDomainError(env.s.wishes.create(anna, { stone: "изумруд", budget: -5 }, env.asClient(anna)), "amount_invalid");
    await expectDomainError(env.s.wishes.create(9999, { stone: "изумруд" }, SELLER), "client_not_found");
    expect(await env.t.db.wish.count()).toBe(0);
  });

  test("When the same wish is saved twice, then one is recorded; staff's carries who recorded it", async ({ env }) => {
    const anna = await env.client(1);
    const input = { stone: " Изумруд ", jewelryKind: "ring", budget: 150_000_00, size: "17", text: null };
    const first = await env.s.wishes.create(anna, input, env.asClient(anna));
    const second = await env.s.wishes.create(anna, input, env.asClient(anna));
    expect([first.created, second.created, second.wish.id]).toEqual([true, false, first.wish.id]);
    expect(first.wish).toMatchObject({ stone: "Изумруд", jewelryKind: "ring", budget: 150_000_00, size: "17", text: null, status: "open", byStaff: false });
    const byStaff = await env.s.wishes.create(anna, { text: "серьги к колье" }, SELLER);
    expect(byStaff.wish.byStaff).toBe(true);
    expect((await env.t.db.wish.findUniqueOrThrow({ where: { id: byStaff.wish.id } })).createdByTelegramId).toBe(50n);
    // A day later the same details are a new wish (the client may want a second one).
    env.clock.advance(24 * HOUR);
    expect((await env.s.wishes.create(anna, input, env.asClient(anna))).created).toBe(true);
    expect((await env.s.wishes.openOf(anna)).length).toBe(3);
    expect((await env.s.clients.file(anna)).openWishes.map((w) => w.id)).toEqual([first.wish.id, byStaff.wish.id, first.wish.id + 2]);
  });
});

describe("staff's list", () => {
  test("When staff look for emeralds, then the stone or the words match in any case, oldest first, open wishes of current clients only", async ({ env }) => {
    const [a, b, c, d] = [await env.client(1), await env.client(2), await env.client(3), await env.client(4)];
    const wish = async (client: number, input: Parameters<Services["wishes"]["create"]>[1]) => {
      env.clock.advance(HOUR);
      return (await env.s.wishes.create(client, input, SELLER)).wish.id;
    };
    const w1 = await wish(a, { stone: "ИЗУМРУД" });
    const w2 = await wish(b, { text: "изумрудные серьги" });
    await wish(c, { stone: "сапфир" });
    const w4 = await wish(d, { stone: "Изумруд", jewelryKind: "ring" });
    const closed = await wish(c, { stone: "изумруд" });
    await env.s.wishes.close(closed, "not_wanted", { staff: true });
    const all = await env.s.wishes.listOpen(null);
    expect(all.total).toBe(4);
    const emeralds = await env.s.wishes.listOpen("изумруд");
    expect([emeralds.total, emeralds.wishes.map((w) => w.id)]).toEqual([3, [w1, w2, w4]]);
    expect(emeralds.wishes[0]!.client).toMatchObject({ id: a, telegramId: 101, phone: "+79001000001", language: "ru" });
    expect((await env.s.wishes.listOpen("изумруд", 2)).wishes.length).toBe(2);
    await env.s.clients.forget(102, { telegramId: 102, role: "client" });
    expect((await env.s.wishes.listOpen("Изумруд")).wishes.map((w) => w.id)).toEqual([w1, w4]);
    expect((await env.s.wishes.listOpen("100%_")).total).toBe(0);
  });
});

describe("the end of a wish", () => {
  test("When a wish arrives, then it is found and the client's notice is queued once", async ({ env }) => {
    const anna = await env.client(2);
    const { wish } = await env.s.wishes.create(anna, { stone: "танзанит" }, env.asClient(anna));
    const first = await env.s.wishes.arrived(wish.id, notify);
    const second = await env.s.wishes.arrived(wish.id, notify);
    expect([first.changed, first.notified, second.changed, second.notified]).toEqual([true, true, false, true]);
    expect(first.wish).toMatchObject({ status: "found", notifiedAt: NOW });
    const rows = await env.t.db.outbox.findMany();
    expect(rows.map((r) => [r.chatId, r.clientId, r.kind, r.dedupeKey, textOf(r.payload)])).toEqual([[102n, anna, "wish_arrived", `wish:${wish.id}:arrived`, `#${wish.id} → ${anna} (zh)`]]);
    expect(await env.s.wishes.openOf(anna)).toEqual([]);
    expect((await env.s.wishes.close(wish.id, "not_wanted", { clientId: anna })).changed).toBe(false);
  });

  test("When the client is not on Telegram, then the wish is found and staff are told to call instead", async ({ env }) => {
    const { client } = await env.s.clients.createAtCounter(SELLER, { phone: "+79005550000", name: "Ольга" });
    const { wish } = await env.s.wishes.create(client.id, { stone: "жемчуг" }, SELLER);
    const r = await env.s.wishes.arrived(wish.id, notify);
    expect([r.changed, r.notified, r.wish.client.phone]).toEqual([true, false, "+79005550000"]);
    expect(await env.t.db.outbox.count()).toBe(0);
  });

  test("When a client closes another client's wish, then it is refused; their own closes with its reason and cannot arrive after", async ({ env }) => {
    const anna = await env.client(1);
    const bo = await env.client(2);
    const { wish } = await env.s.wishes.create(anna, { stone: "рубин" }, env.asClient(anna));
    await expectDomainError(env.s.wishes.close(wish.id, "not_wanted", { clientId: bo }), "wish_not_found");
    await expectDomainError(env.s.wishes.close(424242, "not_wanted", { staff: true }), "wish_not_found");
    const r = await env.s.wishes.close(wish.id, "found_elsewhere", { clientId: anna });
    expect([r.changed, r.wish.status, r.wish.closedReason]).toEqual([true, "closed", "found_elsewhere"]);
    expect((await env.s.wishes.close(wish.id, "not_wanted", { staff: true })).changed).toBe(false);
    expect((await env.t.db.wish.findUniqueOrThrow({ where: { id: wish.id } })).closedReason).toBe("found_elsewhere");
    await expectDomainError(env.s.wishes.arrived(wish.id, notify), "wish_closed");
    expect(await env.t.db.outbox.count()).toBe(0);
  });
});
