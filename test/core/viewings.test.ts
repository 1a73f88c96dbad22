// Private viewings against a real (throw-away) database with a fixed clock in
// Moscow: who may ask (the owner's tier), staff on duty and owners told at
// once, one open request per client, a time confirmed or proposed and the
// client's answer, two staff members answering at once, cancelling, and the
// reminder to both sides the day before.
import { describe, expect, test as base } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import type { ViewingNotify } from "../../core/viewings/types.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const OWNER = { telegramId: 1, role: "owner" as const };
const CONFIG = { OWNER_IDS: [1], SHOP_CURRENCY: "RUB" as const, STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow" };
/** 12:00 in Moscow on 24 November 2026. */
const NOW = new Date("2026-11-24T09:00:00Z");
/** Tomorrow, 15:00 in Moscow. */
const TOMORROW_15 = new Date("2026-11-25T12:00:00Z");
const notify: ViewingNotify = (kind, v, to) => ({ text: `${kind} #${v.id} → ${to.chatId} ${to.language ?? "?"}` });
const ASK = { preferred: "В будни после 18:00", wants: "Серьги с танзанитом" };

interface Env {
  t: TestDb;
  s: Services;
  clock: ReturnType<typeof fixedClock>;
  /** A client on Telegram (id 100 + n) who joined, on a tier by its code. */
  client(n: number, tier?: string): Promise<number>;
  /** A seller (Telegram id 50 + n) reading this language. */
  seller(n: number, language?: string): Promise<{ telegramId: number; role: "staff" }>;
  notices(kind: string): Promise<string[]>;
}

const test = base.extend<{ env: Env }>({
  env: async ({}, use) => { // eslint-disable-line no-empty-pattern -- vitest reads a fixture's dependencies from this destructuring
    const t = await createTestDb();
    await ensureLoyaltyDefaults(t.db, "RUB");
    const clock = fixedClock(NOW);
    const s = createServices(t.db, CONFIG, clock);
    const env: Env = {
      t,
      s,
      clock,
      async client(n, tier = "classic") {
        const telegramId = 100 + n;
        await s.onboarding.giveConsent(telegramId, "ru");
        await s.onboarding.setPhone(telegramId, `+7900100${String(n).padStart(4, "0")}`, false);
        await s.onboarding.setName(telegramId, "Анна Ивановна");
        const { client } = await s.onboarding.finish(telegramId, null);
        await t.db.client.update({ where: { id: client.id }, data: { tier: { connect: { code: tier } } } });
        return client.id;
      },
      async seller(n, language = "ru") {
        const { token } = await s.staff.createInvite(OWNER);
        await s.staff.redeemInvite(token, { telegramId: 50 + n, name: `Продавец ${n}`, language });
        return { telegramId: 50 + n, role: "staff" };
      },
      async notices(kind) {
        const rows = await t.db.outbox.findMany({ where: { kind: `viewing_${kind}` }, orderBy: { id: "asc" } });
        return rows.map((r) => (JSON.parse(r.payload) as { text: string }).text);
      },
    };
    await use(env);
    await t.close();
  },
});

const expectDomainError = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ name: "DomainError", code });

describe("asking", () => {
  test("When the owner set viewings from gold, then a classic client is refused with nothing written and a gold one may ask; with no tier set, everyone", async ({ env }) => {
    const classic = await env.client(1, "classic");
    const gold = await env.client(2, "gold");
    expect(await env.s.viewings.minTier()).toBeNull();
    expect(await env.s.viewings.mayRequest(classic)).toBe(true);
    const goldTier = await env.t.db.tier.findUniqueOrThrow({ where: { code: "gold" } });
    await env.t.db.loyaltySettings.update({ where: { id: 1 }, data: { viewingTierId: goldTier.id } });
    expect((await env.s.viewings.minTier())?.code).toBe("gold");
    expect(await env.s.viewings.mayRequest(classic)).toBe(false);
    await expectDomainError(env.s.viewings.request(classic, ASK, "k1", notify), "viewing_not_allowed");
    expect(await env.t.db.viewing.count()).toBe(0);
    expect((await env.s.viewings.request(gold, ASK, "k2", notify)).created).toBe(true);
  });

  test("When a client asks, then staff on duty and the owner are told once, a repeated confirm records nothing more, and a second request waits for the first", async ({ env }) => {
    const anna = await env.client(1);
    await env.seller(1, "zh");
    await env.seller(2);
    await env.t.db.staff.updateMany({ where: { telegramId: 52n }, data: { onDuty: false } });
    await expectDomainError(env.s.viewings.request(anna, { ...ASK, wants: " \u200b " }, "k0", notify), "viewing_text_invalid");
    const first = await env.s.viewings.request(anna, ASK, "k1", notify);
    const again = await env.s.viewings.request(anna, ASK, "k1", notify);
    expect([first.created, again.created, again.viewing.id]).toEqual([true, false, first.viewing.id]);
    expect(first.viewing).toMatchObject({ status: "requested", preferred: ASK.preferred, wants: ASK.wants });
    const id = first.viewing.id;
    expect(await env.notices("request")).toEqual([`request #${id} → 51 zh`, `request #${id} → 1 ?`]);
    await expectDomainError(env.s.viewings.request(anna, ASK, "k2", notify), "viewing_open_exists");
    expect((await env.s.viewings.activeFor(anna))?.id).toBe(id);
    expect((await env.s.viewings.open()).map((v) => v.id)).toEqual([id]);
  });
});

describe("answering", () => {
  test("When staff confirm a time, then the client is told; a time gone is refused, and a second member confirming is told it is handled", async ({ env }) => {
    const anna = await env.client(1);
    const [igor, oleg] = [await env.seller(1), await env.seller(2)];
    const { viewing } = await env.s.viewings.request(anna, ASK, "k", notify);
    await expectDomainError(env.s.viewings.confirm(igor, viewing.id, new Date("2026-11-24T08:00:00Z"), notify), "viewing_time_past");
    await expectDomainError(env.s.viewings.confirm(igor, 999, TOMORROW_15, notify), "viewing_not_found");
    const results = await Promise.allSettled([env.s.viewings.confirm(igor, viewing.id, TOMORROW_15, notify), env.s.viewings.confirm(oleg, viewing.id, TOMORROW_15, notify)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "viewing_handled" } });
    const stored = await env.t.db.viewing.findUniqueOrThrow({ where: { id: viewing.id } });
    expect([stored.status, stored.at?.toISOString()]).toEqual(["confirmed", TOMORROW_15.toISOString()]);
    expect(await env.notices("confirmed")).toEqual([`confirmed #${viewing.id} → 101 ru`]);
    await expectDomainError(env.s.viewings.propose(igor, viewing.id, TOMORROW_15, notify), "viewing_handled");
  });

  test("When staff propose another time, then the client accepts once and the staff member is told; another client's tap is refused", async ({ env }) => {
    const [anna, bo] = [await env.client(1), await env.client(2)];
    const igor = await env.seller(1, "zh");
    const { viewing } = await env.s.viewings.request(anna, ASK, "k", notify);
    await env.s.viewings.propose(igor, viewing.id, TOMORROW_15, notify);
    expect(await env.notices("proposed")).toEqual([`proposed #${viewing.id} → 101 ru`]);
    await expectDomainError(env.s.viewings.accept(bo, viewing.id, notify), "viewing_not_found");
    await expectDomainError(env.s.viewings.cancel(bo, viewing.id, notify), "viewing_not_found");
    expect(await env.s.viewings.accept(anna, viewing.id, notify)).toMatchObject({ changed: true, viewing: { status: "confirmed" } });
    expect(await env.s.viewings.accept(anna, viewing.id, notify)).toMatchObject({ changed: false });
    await expectDomainError(env.s.viewings.decline(anna, viewing.id, notify), "viewing_handled");
    expect(await env.notices("accepted")).toEqual([`accepted #${viewing.id} → 51 zh`]);
  });

  test("When the client declines a proposal, then the staff member is told and the client may ask again; a cancel is told once", async ({ env }) => {
    const anna = await env.client(1);
    const { viewing } = await env.s.viewings.request(anna, ASK, "k1", notify);
    await env.s.viewings.propose(OWNER, viewing.id, TOMORROW_15, notify);
    expect(await env.s.viewings.decline(anna, viewing.id, notify)).toMatchObject({ changed: true, viewing: { status: "declined" } });
    expect(await env.notices("declined")).toEqual([`declined #${viewing.id} → 1 ?`]);
    expect(await env.s.viewings.activeFor(anna)).toBeNull();

    const next = (await env.s.viewings.request(anna, ASK, "k2", notify)).viewing;
    // Cancelled before anyone answered: nobody handled it, nobody to tell.
    expect(await env.s.viewings.cancel(anna, next.id, notify)).toMatchObject({ changed: true });
    expect(await env.s.viewings.cancel(anna, next.id, notify)).toMatchObject({ changed: false });
    const third = (await env.s.viewings.request(anna, ASK, "k3", notify)).viewing;
    await env.s.viewings.confirm(OWNER, third.id, TOMORROW_15, notify);
    await env.s.viewings.cancel(anna, third.id, notify);
    expect(await env.notices("cancelled")).toEqual([`cancelled #${third.id} → 1 ?`]);
  });
});

describe("the day before", () => {
  test("When the morning runs twice, then the client and the staff member of tomorrow's viewing are reminded once, and nobody else", async ({ env }) => {
    const [anna, bo] = [await env.client(1), await env.client(2)];
    const igor = await env.seller(1);
    const tomorrow = (await env.s.viewings.request(anna, ASK, "k1", notify)).viewing;
    const later = (await env.s.viewings.request(bo, ASK, "k2", notify)).viewing;
    await env.s.viewings.confirm(igor, tomorrow.id, TOMORROW_15, notify);
    await env.s.viewings.confirm(igor, later.id, new Date("2026-11-26T12:00:00Z"), notify);
    expect(await env.s.viewings.remindTomorrow(notify)).toBe(2);
    expect(await env.s.viewings.remindTomorrow(notify)).toBe(0);
    expect(await env.notices("reminder")).toEqual([`reminder #${tomorrow.id} → 101 ru`, `reminder #${tomorrow.id} → 51 ru`]);
  });
});
