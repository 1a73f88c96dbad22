// Cleaning days against a real (throw-away) database with a fixed clock in
// Moscow: the owner's fields, invitations to followers of service news (set
// based, idempotent, held through quiet hours), one booking per client and
// day, capacity, moving and cancelling, two clients racing for the last place
// (on one connection and on two), the day-before reminder and staff's marks.
import { describe, expect, test as base } from "vitest";
import type { CleaningDayInput, CleaningInvite, CleaningNotify } from "../../core/cleaning/types.ts";
import { parseSlots } from "../../core/cleaning/validate.ts";
import { fixedClock } from "../../core/clock.ts";
import { openDb } from "../../core/db/client.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const OWNER = { telegramId: 1, role: "owner" as const };
const SELLER = { telegramId: 50, role: "staff" as const };
const CONFIG = { OWNER_IDS: [1], SHOP_CURRENCY: "RUB" as const, STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow" };
/** 12:00 in Moscow on 24 November 2026. */
const NOW = new Date("2026-11-24T09:00:00Z");
const TOMORROW = { year: 2026, month: 11, day: 25 };
const wording: CleaningInvite = (day, slots, language) => ({ text: `${language}:${day.id}:${slots.length}` });
const notify: CleaningNotify = (day, to) => ({ text: `#${day.id} → ${to.clientId} ${to.startsAt.toISOString()}` });

interface Env {
  t: TestDb;
  s: Services;
  clock: ReturnType<typeof fixedClock>;
  /** A client on Telegram (id 100 + n) who joined; odd ones read Russian, even ones Chinese. */
  client(n: number): Promise<number>;
  /** A day (tomorrow unless told), its id and its slots' ids in order. */
  day(input?: Partial<CleaningDayInput>): Promise<{ id: number; slots: number[] }>;
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
      async client(n) {
        const telegramId = 100 + n;
        await s.onboarding.giveConsent(telegramId, n % 2 ? "ru" : "zh");
        await s.onboarding.setPhone(telegramId, `+7900100${String(n).padStart(4, "0")}`, false);
        await s.onboarding.setName(telegramId, "Анна Ивановна");
        return (await s.onboarding.finish(telegramId, null)).client.id;
      },
      async day(input = {}) {
        const full: CleaningDayInput = { date: TOMORROW, slots: [11 * 60, 11 * 60 + 30], capacity: 1, note: null, ...input };
        const { day } = await s.cleaning.announce(OWNER, full, `k${++key}`, wording);
        const slots = await t.db.cleaningSlot.findMany({ where: { dayId: day.id }, orderBy: { startsAt: "asc" } });
        return { id: day.id, slots: slots.map((x) => x.id) };
      },
    };
    await use(env);
    await t.close();
  },
});

const expectDomainError = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ name: "DomainError", code });

describe("the owner's fields", () => {
  test("When slots are typed as a span with a length or as a list, then each start is read; anything else is refused", () => {
    expect(parseSlots("11:00-13:00 30")).toEqual([660, 690, 720, 750]);
    expect(parseSlots("11:00 – 13:00 по 45 мин")).toEqual([660, 705]);
    expect(parseSlots("12:30, 11:00 11.00")).toEqual([660, 750]);
    for (const bad of ["25:00", "11:00-10:00 30", "11:00-13:00 5", "11:00 - 13:00", "утром", "00:00-23:59 10"]) {
      expect(() => parseSlots(bad), bad).toThrow(expect.objectContaining({ code: "cleaning_slots_invalid" }) as Error);
    }
  });

  test("When the date is past, the slots all gone, the capacity out of range or the day already announced, then nothing is written", async ({ env }) => {
    await expectDomainError(env.day({ date: { year: 2026, month: 11, day: 23 } }), "cleaning_date_past");
    await expectDomainError(env.day({ date: { year: 2026, month: 11, day: 24 }, slots: [10 * 60, 11 * 60] }), "cleaning_date_past");
    await expectDomainError(env.day({ capacity: 0 }), "cleaning_capacity_invalid");
    await expectDomainError(env.day({ capacity: 21 }), "cleaning_capacity_invalid");
    await expectDomainError(env.day({ note: "x".repeat(501) }), "cleaning_note_invalid");
    expect(await env.t.db.cleaningDay.count()).toBe(0);
    await env.day();
    await expectDomainError(env.day(), "cleaning_day_exists");
    expect(await env.t.db.cleaningDay.count()).toBe(1);
  });

  test("When a day is announced for today, then only the slots still to come are offered", async ({ env }) => {
    const { slots } = await env.day({ date: { year: 2026, month: 11, day: 24 }, slots: [11 * 60, 13 * 60, 15 * 60] });
    expect(slots.length).toBe(2);
  });
});

describe("invitations", () => {
  test("When a day is announced, then every follower who can read the bot is invited once in their language, and nobody else", async ({ env }) => {
    const [ru, zh, optedOut, blocked, forgotten] = [await env.client(1), await env.client(2), await env.client(3), await env.client(5), await env.client(7)];
    await env.s.topics.set(optedOut, "service_days", false);
    await env.s.topics.set(ru, "sales", false);
    await env.t.db.client.update({ where: { id: blocked }, data: { blockedAt: NOW } });
    await env.t.db.client.update({ where: { id: forgotten }, data: { forgottenAt: NOW } });
    await env.s.onboarding.giveConsent(999, "ru"); // never finished joining
    expect(await env.s.cleaning.audience()).toBe(2);

    const first = await env.s.cleaning.announce(OWNER, { date: TOMORROW, slots: [660], capacity: 2, note: "Чистка бесплатно" }, "same", wording);
    const again = await env.s.cleaning.announce(OWNER, { date: TOMORROW, slots: [660], capacity: 2, note: null }, "same", wording);
    expect([first.created, first.invited, again.created, again.invited, again.day.id]).toEqual([true, 2, false, 0, first.day.id]);
    expect(await env.s.cleaning.invite(first.day.id, wording)).toBe(0);
    const rows = await env.t.db.outbox.findMany({ where: { kind: "cleaning_invite" }, orderBy: { clientId: "asc" } });
    expect(rows.map((r) => [r.clientId, r.payload, r.dedupeKey, r.nextAttemptAt.toISOString()])).toEqual([
      [ru, JSON.stringify({ text: `ru:${first.day.id}:1` }), `cleaning:${first.day.id}:invite:${ru}`, NOW.toISOString()],
      [zh, JSON.stringify({ text: `zh:${first.day.id}:1` }), `cleaning:${first.day.id}:invite:${zh}`, NOW.toISOString()],
    ]);

    // Someone who joins later is invited by the next run, and only they.
    const late = await env.client(9);
    expect(await env.s.cleaning.invite(first.day.id, wording)).toBe(1);
    expect(await env.t.db.outbox.count({ where: { kind: "cleaning_invite", clientId: late } })).toBe(1);
  });

  test("When a day is announced during quiet hours, then the invitations wait until they end", async ({ env }) => {
    await env.client(1);
    env.clock.set(new Date("2026-11-24T19:30:00Z")); // 22:30 in Moscow
    await env.day({ date: { year: 2026, month: 11, day: 26 } });
    env.clock.set(new Date("2026-11-25T00:30:00Z")); // 03:30 in Moscow
    await env.day({ date: { year: 2026, month: 11, day: 27 } });
    const rows = await env.t.db.outbox.findMany({ where: { kind: "cleaning_invite" }, orderBy: { id: "asc" } });
    // 10:00 in Moscow on the 25th, both times.
    expect(rows.map((r) => r.nextAttemptAt.toISOString())).toEqual(["2026-11-25T07:00:00.000Z", "2026-11-25T07:00:00.000Z"]);
  });
});

describe("booking", () => {
  test("When a slot is full, then the next client is refused; the other slot takes them", async ({ env }) => {
    const [a, b] = [await env.client(1), await env.client(2)];
    const { id, slots } = await env.day();
    expect((await env.s.cleaning.book(a, id, slots[0]!)).changed).toBe(true);
    await expectDomainError(env.s.cleaning.book(b, id, slots[0]!), "cleaning_slot_full");
    expect((await env.s.cleaning.book(b, id, slots[1]!)).booking).toMatchObject({ slotId: slots[1], status: "booked" });
    expect((await env.s.cleaning.day(id))!.slots.map((x) => [x.taken, x.free])).toEqual([[1, 0], [1, 0]]);
  });

  test("When a client books twice on one day, then the same slot changes nothing and another slot is refused: one booking per day", async ({ env }) => {
    const a = await env.client(1);
    const { id, slots } = await env.day({ capacity: 3 });
    await env.s.cleaning.book(a, id, slots[0]!);
    expect(await env.s.cleaning.book(a, id, slots[0]!)).toMatchObject({ changed: false, booking: { slotId: slots[0] } });
    await expectDomainError(env.s.cleaning.book(a, id, slots[1]!), "cleaning_already_booked");
    expect(await env.t.db.slotBooking.count()).toBe(1);
  });

  test("When a client moves and cancels, then a full slot keeps them where they were, a cancel frees the place once, and they may book again", async ({ env }) => {
    const [a, b] = [await env.client(1), await env.client(2)];
    const { id, slots } = await env.day();
    await expectDomainError(env.s.cleaning.move(a, id, slots[1]!), "cleaning_not_booked");
    await env.s.cleaning.book(a, id, slots[0]!);
    await env.s.cleaning.book(b, id, slots[1]!);
    await expectDomainError(env.s.cleaning.move(a, id, slots[1]!), "cleaning_slot_full");
    expect((await env.s.cleaning.bookingOf(a, id))?.slotId).toBe(slots[0]);
    expect(await env.s.cleaning.cancel(b, id)).toBe(true);
    expect(await env.s.cleaning.cancel(b, id)).toBe(false);
    expect(await env.s.cleaning.move(a, id, slots[1]!)).toMatchObject({ changed: true, booking: { slotId: slots[1] } });
    expect(await env.s.cleaning.move(a, id, slots[1]!)).toMatchObject({ changed: false });
    // B's old place was taken by A; the one A left is free for B.
    await expectDomainError(env.s.cleaning.book(b, id, slots[1]!), "cleaning_slot_full");
    expect(await env.s.cleaning.book(b, id, slots[0]!)).toMatchObject({ changed: true, booking: { status: "booked" } });
    expect(await env.t.db.slotBooking.count()).toBe(2);
    expect((await env.s.cleaning.forClient(b)).map((d) => d.booking?.slotId)).toEqual([slots[0]]);
  });

  test("When a slot of another day, a missing slot or a slot gone is asked for, then it is refused and nothing is written", async ({ env }) => {
    const a = await env.client(1);
    const first = await env.day();
    const second = await env.day({ date: { year: 2026, month: 11, day: 26 } });
    await expectDomainError(env.s.cleaning.book(a, first.id, second.slots[0]!), "cleaning_slot_not_found");
    await expectDomainError(env.s.cleaning.book(a, first.id, 999_999), "cleaning_slot_not_found");
    env.clock.set(new Date("2026-11-25T08:15:00Z")); // 11:15 in Moscow on the day
    await expectDomainError(env.s.cleaning.book(a, first.id, first.slots[0]!), "cleaning_day_closed");
    expect(await env.t.db.slotBooking.count()).toBe(0);
    expect((await env.s.cleaning.book(a, first.id, first.slots[1]!)).changed).toBe(true);
  });
});

// Both tests fail (two booked) when the places are counted before the write
// instead of inside it: the interleaving they create is the real one.
describe("two clients, the last place, the same moment", () => {
  test("When both book at once on one connection, then exactly one gets it and the other is told it is full, every time", async ({ env }) => {
    for (let round = 0; round < 10; round++) {
      const [a, b] = [await env.client(round * 2 + 1), await env.client(round * 2 + 2)];
      const { id, slots } = await env.day({ date: { year: 2026, month: 12, day: round + 1 } });
      const results = await Promise.allSettled([env.s.cleaning.book(a, id, slots[0]!), env.s.cleaning.book(b, id, slots[0]!)]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "cleaning_slot_full" } });
      expect(await env.t.db.slotBooking.count({ where: { slotId: slots[0]!, status: "booked" } })).toBe(1);
    }
  });

  test("When both book at once through two connections to the file, then exactly one gets it, every time", async ({ env }) => {
    const second = await openDb(env.t.url);
    try {
      const other = createServices(second, CONFIG, env.clock);
      for (let round = 0; round < 10; round++) {
        const [a, b] = [await env.client(round * 2 + 1), await env.client(round * 2 + 2)];
        const { id, slots } = await env.day({ date: { year: 2026, month: 12, day: round + 1 } });
        const results = await Promise.allSettled([env.s.cleaning.book(a, id, slots[0]!), other.cleaning.book(b, id, slots[0]!)]);
        expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
        expect(await env.t.db.slotBooking.count({ where: { slotId: slots[0]!, status: "booked" } })).toBe(1);
      }
    } finally {
      await second.$disconnect();
    }
  });
});

describe("the day before and the day itself", () => {
  test("When the morning runs twice, then each client booked for tomorrow is reminded once, and nobody else", async ({ env }) => {
    const [a, b, c] = [await env.client(1), await env.client(2), await env.client(3)];
    const tomorrow = await env.day({ capacity: 2 });
    const later = await env.day({ date: { year: 2026, month: 11, day: 26 } });
    await env.s.cleaning.book(a, tomorrow.id, tomorrow.slots[1]!);
    await env.s.cleaning.book(b, tomorrow.id, tomorrow.slots[0]!);
    await env.s.cleaning.cancel(b, tomorrow.id);
    await env.s.cleaning.book(c, later.id, later.slots[0]!);
    expect(await env.s.cleaning.remindTomorrow(notify)).toBe(1);
    expect(await env.s.cleaning.remindTomorrow(notify)).toBe(0);
    const sent = await env.t.db.outbox.findMany({ where: { kind: "cleaning_reminder" } });
    expect(sent.map((o) => [o.clientId, o.dedupeKey, JSON.parse(o.payload) as unknown])).toEqual([
      [a, `cleaning:${tomorrow.id}:remind:${a}`, { text: `#${tomorrow.id} → ${a} 2026-11-25T08:30:00.000Z` }],
    ]);
  });

  test("When staff mark who came, then not before the day, a double mark changes nothing, and the list goes by slot", async ({ env }) => {
    const [a, b, c] = [await env.client(1), await env.client(2), await env.client(3)];
    const { id, slots } = await env.day({ capacity: 2 });
    await env.s.cleaning.book(b, id, slots[1]!);
    await env.s.cleaning.book(a, id, slots[0]!);
    await env.s.cleaning.book(c, id, slots[0]!);
    await env.s.cleaning.cancel(c, id);
    const list = await env.s.cleaning.list(id);
    expect(list.map((e) => [e.clientId, e.slotId])).toEqual([[a, slots[0]], [b, slots[1]]]);
    await expectDomainError(env.s.cleaning.mark(SELLER, list[0]!.bookingId, "came"), "cleaning_mark_early");

    env.clock.set(new Date("2026-11-25T08:00:00Z"));
    expect(await env.s.cleaning.mark(SELLER, list[0]!.bookingId, "came")).toEqual({ status: "came", changed: true, dayId: id, slotId: slots[0] });
    expect(await env.s.cleaning.mark(SELLER, list[0]!.bookingId, "came")).toMatchObject({ status: "came", changed: false });
    expect(await env.s.cleaning.mark(SELLER, list[1]!.bookingId, "missed")).toMatchObject({ status: "missed", changed: true });
    expect(await env.s.cleaning.mark(SELLER, list[1]!.bookingId, "booked")).toMatchObject({ status: "booked", changed: true });
    const cancelled = (await env.t.db.slotBooking.findFirstOrThrow({ where: { clientId: c } })).id;
    await expectDomainError(env.s.cleaning.mark(SELLER, cancelled, "came"), "cleaning_not_booked");
    expect(await env.t.db.auditLog.count({ where: { action: "cleaning.marked" } })).toBe(3);
    expect((await env.s.cleaning.forStaff()).map((d) => d.day.id)).toEqual([id]);
  });
});
