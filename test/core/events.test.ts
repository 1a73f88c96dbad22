// Events against a real (throw-away) database with a fixed clock in Moscow:
// who may answer, capacity with +1 guests, the waiting list moving up with a
// notice, two clients racing for the last seat (on one connection and on
// two), the day-before reminder, and the attendance bonus credited once.
import { describe, expect, test as base } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { openDb } from "../../core/db/client.ts";
import type { EventInput, EventNotify } from "../../core/events/types.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const OWNER = { telegramId: 1, role: "owner" as const };
const SELLER = { telegramId: 50, role: "staff" as const };
const CONFIG = { OWNER_IDS: [1], SHOP_CURRENCY: "RUB" as const, STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow" };
/** 12:00 in Moscow on 24 November 2026. */
const NOW = new Date("2026-11-24T09:00:00Z");
const notify: EventNotify = (event, to) => ({ text: `#${event.id} → ${to.clientId}` });

interface Env {
  t: TestDb;
  s: Services;
  clock: ReturnType<typeof fixedClock>;
  /** A client on Telegram (id 100 + n), on a tier by its code. */
  client(n: number, tier?: string): Promise<number>;
  event(input?: Partial<EventInput>): Promise<number>;
}

const test = base.extend<{ env: Env }>({
  env: async ({}, use) => { // eslint-disable-line no-empty-pattern -- vitest reads a fixture's dependencies from this destructuring
    const t = await createTestDb();
    await ensureLoyaltyDefaults(t.db, "RUB");
    const clock = fixedClock(NOW);
    const s = createServices(t.db, CONFIG, clock);
    let key = 0;
    const env: Env = {
      t,
      s,
      clock,
      async client(n, tier = "classic") {
        const telegramId = 100 + n;
        await s.onboarding.giveConsent(telegramId, n % 2 ? "ru" : "zh");
        await s.onboarding.setPhone(telegramId, `+7900100${String(n).padStart(4, "0")}`, false);
        await s.onboarding.setName(telegramId, "Анна Ивановна");
        const { client } = await s.onboarding.finish(telegramId, null);
        await t.db.client.update({ where: { id: client.id }, data: { tier: { connect: { code: tier } } } });
        return client.id;
      },
      async event(input = {}) {
        const full: EventInput = {
          titleRu: "Вечер танзанитов",
          titleZh: "坦桑石之夜",
          textRu: "Покажем новые камни.",
          textZh: "展示新宝石。",
          startsAt: new Date("2026-11-25T16:00:00Z"), // tomorrow, 19:00 in Moscow
          place: "Салон на Тверской",
          capacity: null,
          minTierId: null,
          audience: "all",
          plusOneAllowed: true,
          ...input,
        };
        return (await s.events.create(OWNER, full, `k${++key}`)).event.id;
      },
    };
    await use(env);
    await t.close();
  },
});

const expectDomainError = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ name: "DomainError", code });
const tierId = async (env: Env, code: string) => (await env.t.db.tier.findUniqueOrThrow({ where: { code } })).id;

describe("creating an event", () => {
  test("When the start is past, the capacity zero or the title empty, then it is refused and nothing is written", async ({ env }) => {
    await expectDomainError(env.event({ startsAt: new Date("2026-11-24T08:00:00Z") }), "event_date_past");
    await expectDomainError(env.event({ capacity: 0 }), "event_capacity_invalid");
    await expectDomainError(env.event({ titleRu: " \u200b " }), "event_title_invalid");
    await expectDomainError(env.event({ place: "" }), "event_place_invalid");
    expect(await env.t.db.event.count()).toBe(0);
  });

  test("When the confirm is tapped twice with the same key, then one event is created", async ({ env }) => {
    const input = { titleRu: "Ужин", titleZh: "晚宴", textRu: "Ужин", textZh: "晚宴", startsAt: new Date("2026-12-01T16:00:00Z"), place: "Салон", capacity: 10, minTierId: null, audience: "all" as const, plusOneAllowed: false };
    const first = await env.s.events.create(OWNER, input, "same");
    const second = await env.s.events.create(OWNER, input, "same");
    expect([first.created, second.created]).toEqual([true, false]);
    expect(second.event.id).toBe(first.event.id);
    expect((await env.s.events.createdWith("same"))?.id).toBe(first.event.id);
    expect(await env.t.db.event.count()).toBe(1);
  });

  test("When the invitation list has phones, a card number and an unknown entry, then the known are invited and the unknown reported", async ({ env }) => {
    const anna = await env.client(1);
    const bo = await env.client(2);
    const other = await env.client(3);
    const card = (await env.t.db.card.findUniqueOrThrow({ where: { clientId: bo } })).number;
    const r = await env.s.events.create(OWNER, { titleRu: "Закрытый показ", titleZh: "私人展示", textRu: "Только для своих", textZh: "仅限受邀", startsAt: new Date("2026-12-01T16:00:00Z"), place: "Салон", capacity: 5, minTierId: null, audience: "list", invitees: ["8 (900) 100-00-01", card, "+7 900 555-55-55", "Анна"], plusOneAllowed: false }, "list");
    expect(r.unknown).toEqual(["+7 900 555-55-55", "Анна"]);
    expect((await env.t.db.rsvp.findMany({ where: { eventId: r.event.id }, orderBy: { clientId: "asc" } })).map((x) => [x.clientId, x.status])).toEqual([[anna, "invited"], [bo, "invited"]]);
    expect(await env.s.events.eligible(anna, r.event.id)).toBe(true);
    expect(await env.s.events.eligible(other, r.event.id)).toBe(false);
    await expectDomainError(env.s.events.answer(other, r.event.id, "going", notify), "event_not_invited");
    expect(await env.s.events.counts(r.event.id)).toEqual({ going: 0, guests: 0, waiting: 0, declined: 0, invited: 2 });
    await expectDomainError(env.s.events.create(OWNER, { ...r.event, audience: "list", invitees: ["+7 900 555-55-55"], startsAt: new Date("2026-12-01T16:00:00Z") }, "empty"), "event_invitees_empty");
  });
});

describe("who may answer", () => {
  test("When the event is from gold up, then a gold or VIP client may answer and a classic one is refused with nothing written", async ({ env }) => {
    const classic = await env.client(1, "classic");
    const gold = await env.client(2, "gold");
    const vip = await env.client(3, "vip");
    const id = await env.event({ minTierId: await tierId(env, "gold") });
    expect(await env.s.events.eligible(classic, id)).toBe(false);
    expect(await env.s.events.eligible(gold, id)).toBe(true);
    expect(await env.s.events.eligible(vip, id)).toBe(true);
    await expectDomainError(env.s.events.answer(classic, id, "going", notify), "event_not_invited");
    expect(await env.t.db.rsvp.count()).toBe(0);
    expect((await env.s.events.upcomingFor(classic)).length).toBe(0);
    expect((await env.s.events.upcomingFor(gold)).map((u) => [u.event.id, u.answer])).toEqual([[id, null]]);
  });

  test("When the event has started, then answers are refused and it leaves the client's upcoming list", async ({ env }) => {
    const anna = await env.client(1);
    const id = await env.event();
    await env.s.events.answer(anna, id, "going", notify);
    env.clock.set(new Date("2026-11-25T16:00:00Z"));
    await expectDomainError(env.s.events.answer(anna, id, "declined", notify), "event_closed");
    expect(await env.s.events.upcomingFor(anna)).toEqual([]);
  });

  test("When +1 is not allowed, then asking for it is refused", async ({ env }) => {
    const anna = await env.client(1);
    const id = await env.event({ plusOneAllowed: false });
    await expectDomainError(env.s.events.answer(anna, id, "plus_one", notify), "event_plus_one_not_allowed");
  });
});

describe("capacity and the waiting list", () => {
  test("When guests fill the seats, then the next wait in order, and a cancellation moves the queue up in order with a notice each", async ({ env }) => {
    const [a, b, c, d] = [await env.client(1), await env.client(2), await env.client(3), await env.client(4)];
    const id = await env.event({ capacity: 3 });
    expect(await env.s.events.answer(a, id, "plus_one", notify)).toMatchObject({ status: "going", guests: 1, changed: true });
    expect(await env.s.events.answer(b, id, "going", notify)).toMatchObject({ status: "going", guests: 0 });
    env.clock.advance(1000);
    expect(await env.s.events.answer(c, id, "going", notify)).toMatchObject({ status: "waiting", position: 1 });
    env.clock.advance(1000);
    expect(await env.s.events.answer(d, id, "plus_one", notify)).toMatchObject({ status: "waiting", guests: 1, position: 2 });
    expect(await env.s.events.answer(c, id, "going", notify)).toMatchObject({ status: "waiting", position: 1, changed: false });
    expect(await env.s.events.counts(id)).toEqual({ going: 2, guests: 1, waiting: 2, declined: 0, invited: 0 });

    // Two seats free: C (one seat) moves up; D (two) does not fit in the one left and keeps the head of the queue.
    expect(await env.s.events.answer(a, id, "declined", notify)).toMatchObject({ status: "declined", changed: true });
    expect((await env.t.db.rsvp.findMany({ where: { eventId: id, status: "going" } })).map((r) => r.clientId).sort()).toEqual([b, c]);
    const outbox = await env.t.db.outbox.findMany({ where: { kind: "event_promoted" } });
    expect(outbox.map((o) => [o.clientId, JSON.parse(o.payload) as unknown])).toEqual([[c, { text: `#${id} → ${c}` }]]);

    await env.s.events.answer(b, id, "declined", notify);
    expect((await env.s.events.upcomingFor(d))[0]?.answer).toEqual({ status: "going", guests: 1, position: null });
    expect(await env.t.db.outbox.count({ where: { kind: "event_promoted" } })).toBe(2);
    expect(await env.s.events.counts(id)).toEqual({ going: 2, guests: 1, waiting: 0, declined: 2, invited: 0 });
  });

  test("When a client going with a guest comes alone after all, then the guest's seat goes to the head of the queue", async ({ env }) => {
    const [a, b] = [await env.client(1), await env.client(2)];
    const id = await env.event({ capacity: 2 });
    await env.s.events.answer(a, id, "plus_one", notify);
    expect(await env.s.events.answer(b, id, "going", notify)).toMatchObject({ status: "waiting", position: 1 });
    expect(await env.s.events.answer(a, id, "going", notify)).toMatchObject({ status: "going", guests: 0, changed: true });
    expect((await env.s.events.upcomingFor(b))[0]?.answer).toEqual({ status: "going", guests: 0, position: null });
    expect(await env.t.db.outbox.count({ where: { kind: "event_promoted", clientId: b } })).toBe(1);
  });

  test("When a going client asks for +1 and the seats are taken, then they stay going alone and are told the guest did not fit", async ({ env }) => {
    const [a, b] = [await env.client(1), await env.client(2)];
    const id = await env.event({ capacity: 2 });
    await env.s.events.answer(a, id, "going", notify);
    await env.s.events.answer(b, id, "going", notify);
    expect(await env.s.events.answer(a, id, "plus_one", notify)).toMatchObject({ status: "going", guests: 0, changed: false, guestRefused: true });
    await env.s.events.answer(b, id, "declined", notify);
    expect(await env.s.events.answer(a, id, "plus_one", notify)).toMatchObject({ status: "going", guests: 1, changed: true, guestRefused: false });
    expect(await env.s.events.answer(a, id, "going", notify)).toMatchObject({ status: "going", guests: 0, changed: true });
  });
});

// Both tests fail (two going) when the seat count is read before the write
// instead of inside it: the interleaving they create is the real one.
describe("two clients, one seat, the same moment", () => {
  test("When both answer at once on one connection, then exactly one goes and the other waits, every time", async ({ env }) => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = [await env.client(round * 2 + 1), await env.client(round * 2 + 2)];
      const id = await env.event({ capacity: 1 });
      const results = await Promise.all([env.s.events.answer(a, id, "going", notify), env.s.events.answer(b, id, "going", notify)]);
      expect(results.map((r) => r.status).sort()).toEqual(["going", "waiting"]);
      expect(await env.s.events.counts(id)).toMatchObject({ going: 1, waiting: 1 });
    }
  });

  test("When both answer at once through two connections to the file, then exactly one goes and the other waits, every time", async ({ env }) => {
    const second = await openDb(env.t.url);
    try {
      const other = createServices(second, CONFIG, env.clock);
      for (let round = 0; round < 10; round++) {
        const [a, b] = [await env.client(round * 2 + 1), await env.client(round * 2 + 2)];
        const id = await env.event({ capacity: 1, plusOneAllowed: true });
        const results = await Promise.all([env.s.events.answer(a, id, "going", notify), other.events.answer(b, id, "going", notify)]);
        expect(results.map((r) => r.status).sort()).toEqual(["going", "waiting"]);
        expect(await env.s.events.counts(id)).toMatchObject({ going: 1, waiting: 1 });
      }
    } finally {
      await second.$disconnect();
    }
  });
});

describe("the day before", () => {
  test("When the morning runs twice, then each client going to tomorrow's event is reminded once, and nobody else", async ({ env }) => {
    const [a, b, c, d] = [await env.client(1), await env.client(2), await env.client(3), await env.client(4)];
    const tomorrow = await env.event({ capacity: 1 });
    const later = await env.event({ startsAt: new Date("2026-11-26T16:00:00Z") });
    await env.s.events.answer(a, tomorrow, "going", notify);
    await env.s.events.answer(b, tomorrow, "going", notify); // waiting
    await env.s.events.answer(c, tomorrow, "declined", notify);
    await env.s.events.answer(d, later, "going", notify);
    expect(await env.s.events.remindTomorrow("Europe/Moscow", notify)).toBe(1);
    expect(await env.s.events.remindTomorrow("Europe/Moscow", notify)).toBe(0);
    const sent = await env.t.db.outbox.findMany({ where: { kind: "event_reminder" } });
    expect(sent.map((o) => [o.clientId, o.dedupeKey])).toEqual([[a, `event:${tomorrow}:remind:${a}`]]);
    expect((await env.t.db.event.findUniqueOrThrow({ where: { id: later } })).reminderSentAt).toBeNull();
  });
});

describe("attendance", () => {
  test("When staff mark a guest twice, then the bonus is credited once; unmarking takes it back once", async ({ env }) => {
    const anna = await env.client(1);
    const id = await env.event();
    await env.s.events.answer(anna, id, "going", notify);
    const balance = async () => (await env.s.cards.view(101)).balance;
    const start = await balance();
    expect(await env.s.events.markAttendance(SELLER, id, anna, true)).toEqual({ attended: true, changed: true, points: 300 });
    expect(await env.s.events.markAttendance(SELLER, id, anna, true)).toEqual({ attended: true, changed: false, points: 0 });
    expect(await balance()).toBe(start + 300);
    expect(await env.s.events.markAttendance(SELLER, id, anna, false)).toEqual({ attended: false, changed: true, points: 300 });
    expect(await env.s.events.markAttendance(SELLER, id, anna, false)).toMatchObject({ changed: false });
    expect(await balance()).toBe(start);
    expect(await env.t.db.auditLog.count({ where: { action: { in: ["event.attended", "event.attendance_removed"] } } })).toBe(2);
    expect((await env.s.events.attendees(id)).map((x) => [x.clientId, x.attended])).toEqual([[anna, false]]);
  });

  test("When the bonus was spent before the mark is removed, then only what is left is taken back, and marking again credits no more than one bonus", async ({ env }) => {
    const anna = await env.client(1);
    const id = await env.event();
    await env.s.events.answer(anna, id, "going", notify);
    await env.s.events.markAttendance(SELLER, id, anna, true);
    const all = (await env.s.cards.view(101)).balance;
    await env.s.points.adjust(OWNER, anna, -(all - 100), "списание для теста");
    expect(await env.s.events.markAttendance(SELLER, id, anna, false)).toMatchObject({ points: 100 });
    expect((await env.s.cards.view(101)).balance).toBe(0);
    expect(await env.s.events.markAttendance(SELLER, id, anna, true)).toMatchObject({ points: 100 });
  });

  test("When a client who is not going is marked, then it is refused", async ({ env }) => {
    const anna = await env.client(1);
    const id = await env.event();
    await env.s.events.answer(anna, id, "declined", notify);
    await expectDomainError(env.s.events.markAttendance(SELLER, id, anna, true), "attendance_not_going");
  });
});
