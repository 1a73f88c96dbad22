// Feedback against a real (throw-away) database with a fixed clock in Moscow:
// the morning asks about purchases of exactly the configured day (or a day or
// two late), never the shop's older history, and tickets handed over the day
// before, each once; a rating is one row per question; a low one alerts each
// owner once; staff's records are written once per key.
import { describe, expect, test as base } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import type { AskNotify } from "../../core/feedback/asks.ts";
import type { AlertNotify } from "../../core/feedback/ratings.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const SELLER = { telegramId: 50, role: "staff" as const };
const CONFIG = { OWNER_IDS: [1, 2], SHOP_CURRENCY: "RUB" as const, STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow" };
/** 12:00 in Moscow on 24 November 2026; purchases of 21 November are three days old. */
const NOW = new Date("2026-11-24T09:00:00Z");
const ask: AskNotify = (a) => ({ text: `${a.target}:${a.id} → ${a.clientId} ${a.label ?? ""}` });
const alert: AlertNotify = (a, owner) => ({ text: `${a.rating} ${a.problem} ${a.comment} → ${owner}` });

interface Env {
  t: TestDb;
  s: Services;
  clock: ReturnType<typeof fixedClock>;
  client(n: number): Promise<number>;
  /** A completed purchase made at this instant. */
  purchase(clientId: number, at: string, status?: string): Promise<number>;
  ticket(clientId: number, handedOverAt: string | null): Promise<number>;
}

const test = base.extend<{ env: Env }>({
  env: async ({}, use) => { // eslint-disable-line no-empty-pattern -- vitest reads a fixture's dependencies from this destructuring
    const t = await createTestDb();
    await ensureLoyaltyDefaults(t.db, "RUB");
    const clock = fixedClock(NOW);
    const s = createServices(t.db, CONFIG, clock);
    let tickets = 0;
    await use({
      t,
      s,
      clock,
      async client(n) {
        const telegramId = 100 + n;
        await s.onboarding.giveConsent(telegramId, "ru");
        await s.onboarding.setPhone(telegramId, `+7900100${String(n).padStart(4, "0")}`, false);
        await s.onboarding.setName(telegramId, "Анна Ивановна");
        return (await s.onboarding.finish(telegramId, null)).client.id;
      },
      async purchase(clientId, at, status = "completed") {
        const p = await t.db.purchase.create({
          data: { clientId, amount: 10_000_00, paid: 10_000_00, currency: "RUB", status, createdAt: new Date(at), items: { create: [{ description: "Кольцо", stone: "танзанит" }] } },
        });
        return p.id;
      },
      async ticket(clientId, handedOverAt) {
        const row = await t.db.serviceTicket.create({
          data: { number: `S-${++tickets}`, clientId, kind: "cleaning", description: "Кольцо", stage: handedOverAt ? "handed_over" : "ready", handedOverAt: handedOverAt ? new Date(handedOverAt) : null },
        });
        return row.id;
      },
    });
    await t.close();
  },
});

/** The text of a queued message. */
const textOf = (payload: string) => (JSON.parse(payload) as { text: string }).text;
const expectDomainError = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ name: "DomainError", code });
const askedKeys = async (env: Env) => (await env.t.db.outbox.findMany({ where: { kind: "feedback_ask" }, orderBy: { id: "asc" } })).map((r) => r.dedupeKey);

describe("asking", () => {
  test("When the morning runs, then purchases of three days ago (or a day or two late) are asked once, and nothing older, newer, returned or unreachable", async ({ env }) => {
    const anna = await env.client(1);
    const blocked = await env.client(2);
    await env.t.db.client.update({ where: { id: blocked }, data: { blockedAt: NOW } });
    const { client: counter } = await env.s.clients.createAtCounter(SELLER, { phone: "+79005550000" });
    const exact = await env.purchase(anna, "2026-11-20T21:30:00Z"); // 21 November, 00:30 in Moscow
    const late = await env.purchase(anna, "2026-11-19T10:00:00Z"); // 19 November: two days late
    await env.purchase(anna, "2026-11-18T20:59:00Z"); // 18 November, 23:59 in Moscow: too old
    await env.purchase(anna, "2026-11-21T21:00:00Z"); // 22 November: not yet
    await env.purchase(anna, "2026-11-21T10:00:00Z", "refunded");
    await env.purchase(blocked, "2026-11-21T10:00:00Z");
    await env.purchase(counter.id, "2026-11-21T10:00:00Z");
    expect(await env.s.feedback.ask(ask)).toBe(2);
    expect(await askedKeys(env)).toEqual([`feedback:purchase:${late}`, `feedback:purchase:${exact}`]);
    const row = await env.t.db.outbox.findFirstOrThrow({ where: { dedupeKey: `feedback:purchase:${exact}` } });
    expect([row.chatId, row.clientId, textOf(row.payload)]).toEqual([101n, anna, `purchase:${exact} → ${anna} Кольцо`]);
    expect(await env.s.feedback.ask(ask)).toBe(0);
    expect((await askedKeys(env)).length).toBe(2);
  });

  test("When the owner sets five days, then purchases of five days ago are asked", async ({ env }) => {
    const anna = await env.client(1);
    await env.t.db.loyaltySettings.update({ where: { id: 1 }, data: { feedbackAfterDays: 5 } });
    await env.purchase(anna, "2026-11-21T10:00:00Z");
    const five = await env.purchase(anna, "2026-11-19T10:00:00Z");
    await env.s.feedback.ask(ask);
    expect(await askedKeys(env)).toEqual([`feedback:purchase:${five}`]);
  });

  test("When a ticket was handed over yesterday, then it is asked once; today's waits for tomorrow and old ones are never asked", async ({ env }) => {
    const anna = await env.client(1);
    const yesterday = await env.ticket(anna, "2026-11-23T15:00:00Z");
    const today = await env.ticket(anna, "2026-11-24T07:00:00Z");
    await env.ticket(anna, "2026-11-10T15:00:00Z");
    await env.ticket(anna, null);
    await env.s.feedback.ask(ask);
    expect(await askedKeys(env)).toEqual([`feedback:ticket:${yesterday}`]);
    expect(textOf((await env.t.db.outbox.findFirstOrThrow()).payload)).toBe(`ticket:${yesterday} → ${anna} S-1`);
    env.clock.advance(86_400_000);
    await env.s.feedback.ask(ask);
    expect(await askedKeys(env)).toEqual([`feedback:ticket:${yesterday}`, `feedback:ticket:${today}`]);
  });

  test("When a purchase was already rated, then it is not asked", async ({ env }) => {
    const anna = await env.client(1);
    const p = await env.purchase(anna, "2026-11-21T10:00:00Z");
    await env.s.feedback.rate(anna, "purchase", p, 5);
    expect(await env.s.feedback.ask(ask)).toBe(0);
  });
});

describe("rating", () => {
  test("When a client rates twice, then one row keeps the first rating", async ({ env }) => {
    const anna = await env.client(1);
    const p = await env.purchase(anna, "2026-11-21T10:00:00Z");
    const first = await env.s.feedback.rate(anna, "purchase", p, 5);
    const second = await env.s.feedback.rate(anna, "purchase", p, 1);
    expect([first.created, first.low, second.created, second.rating, second.feedbackId]).toEqual([true, false, false, 5, first.feedbackId]);
    expect(await env.t.db.feedback.findMany({ select: { clientId: true, purchaseId: true, rating: true, dedupeKey: true } })).toEqual([
      { clientId: anna, purchaseId: p, rating: 5, dedupeKey: `rating:purchase:${p}` },
    ]);
    await expectDomainError(env.s.feedback.problem(anna, first.feedbackId, "price"), "feedback_not_found");
  });

  test("When a client rates another client's purchase, an open ticket or out of range, then it is refused and nothing is written", async ({ env }) => {
    const anna = await env.client(1);
    const bo = await env.client(2);
    const p = await env.purchase(anna, "2026-11-21T10:00:00Z");
    const open = await env.ticket(bo, null);
    await expectDomainError(env.s.feedback.rate(bo, "purchase", p, 1), "feedback_not_found");
    await expectDomainError(env.s.feedback.rate(bo, "ticket", open, 5), "feedback_not_found");
    await expectDomainError(env.s.feedback.rate(anna, "purchase", p, 6), "rating_invalid");
    await expectDomainError(env.s.feedback.rate(anna, "purchase", p, 0), "rating_invalid");
    expect(await env.t.db.feedback.count()).toBe(0);
  });

  test("When a low rating gets its problem and comment, then each owner is alerted once; another client cannot touch it", async ({ env }) => {
    const anna = await env.client(1);
    const bo = await env.client(2);
    const ticket = await env.ticket(anna, "2026-11-23T15:00:00Z");
    const { feedbackId, low } = await env.s.feedback.rate(anna, "ticket", ticket, 2);
    expect(low).toBe(true);
    await expectDomainError(env.s.feedback.problem(bo, feedbackId, "staff"), "feedback_not_found");
    await expectDomainError(env.s.feedback.finish(bo, feedbackId, null, alert), "feedback_not_found");
    expect((await env.s.feedback.problem(anna, feedbackId, "product")).changed).toBe(true);
    expect((await env.s.feedback.problem(anna, feedbackId, "product")).changed).toBe(false);
    expect((await env.s.feedback.problem(anna, feedbackId, "staff")).changed).toBe(true);
    await expectDomainError(env.s.feedback.finish(anna, feedbackId, "x".repeat(1001), alert), "feedback_comment_invalid");
    expect((await env.s.feedback.finish(anna, feedbackId, " Долго ждала ", alert)).alerted).toBe(true);
    expect((await env.s.feedback.finish(anna, feedbackId, null, alert)).alerted).toBe(false);
    expect((await env.s.feedback.problem(anna, feedbackId, "price")).changed).toBe(false);
    const alerts = await env.t.db.outbox.findMany({ where: { kind: "feedback_alert" }, orderBy: { id: "asc" } });
    expect(alerts.map((r) => [r.chatId, r.dedupeKey, textOf(r.payload)])).toEqual([
      [1n, `feedback:${feedbackId}:alert:1`, "2 staff Долго ждала → 1"],
      [2n, `feedback:${feedbackId}:alert:2`, "2 staff Долго ждала → 2"],
    ]);
    expect((await env.t.db.feedback.findUniqueOrThrow({ where: { id: feedbackId } })).alertedAt).toEqual(NOW);
    expect(await env.s.feedback.alertUnfinished(alert)).toBe(0);
  });

  test("When a client leaves a low rating unfinished, then the morning alerts the owners after an hour, once", async ({ env }) => {
    const anna = await env.client(1);
    const p = await env.purchase(anna, "2026-11-21T10:00:00Z");
    await env.s.feedback.rate(anna, "purchase", p, 1);
    expect(await env.s.feedback.alertUnfinished(alert)).toBe(0);
    env.clock.advance(2 * 3_600_000);
    expect(await env.s.feedback.alertUnfinished(alert)).toBe(1);
    expect(await env.s.feedback.alertUnfinished(alert)).toBe(0);
    expect((await env.t.db.outbox.findMany({ where: { kind: "feedback_alert" } })).map((r) => textOf(r.payload))).toEqual(["1 null null → 1", "1 null null → 2"]);
  });
});

describe("staff's records", () => {
  test("When staff record a refusal twice with the same key, then one row is written and the file shows it with the ratings", async ({ env }) => {
    const anna = await env.client(1);
    const p = await env.purchase(anna, "2026-11-21T10:00:00Z");
    await env.s.feedback.rate(anna, "purchase", p, 4);
    env.clock.advance(60_000);
    const input = { kind: "refusal" as const, problem: "price" as const, comment: "Дорого для серёг", key: "k1" };
    const first = await env.s.feedback.record(SELLER, anna, input);
    const again = await env.s.feedback.record(SELLER, anna, input);
    expect([first.created, again.created, again.id]).toEqual([true, false, first.id]);
    await expectDomainError(env.s.feedback.record(SELLER, 4242, { ...input, key: "k2" }), "client_not_found");
    const file = await env.s.clients.file(anna);
    expect(file.feedback.map((f) => [f.kind, f.rating, f.problem, f.comment, f.purchaseId])).toEqual([
      ["refusal", null, "price", "Дорого для серёг", null],
      ["rating", 4, null, null, p],
    ]);
    expect((await env.t.db.feedback.findUniqueOrThrow({ where: { id: first.id } })).staffTelegramId).toBe(50n);
  });
});
