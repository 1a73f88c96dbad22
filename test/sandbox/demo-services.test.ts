// The sandbox's demo data for services, seeded the way the sandbox does it
// (after the base demo and the broadcast demo's clients): tickets at every
// stage, a cleaning day ahead with a full time, wishes, a viewing request and
// a low rating on the client's file, with nothing queued for anyone's chat;
// a second start adds nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import { seedDemo } from "../../sandbox/demo-data.ts";
import { DEMO_CLEANING } from "../../sandbox/demo-services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const CONFIG = { OWNER_IDS: [9001], SHOP_CURRENCY: "RUB" as const, STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow", SHOP_NAME: "Jewelry" };
/** 09:30 in Moscow: a ticket "requested today" at noon would be in the future. */
const NOW = new Date("2026-11-24T06:30:00Z");

let t: TestDb;
let s: Services;
beforeEach(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  s = createServices(t.db, CONFIG, fixedClock(NOW));
});
afterEach(() => t.close());

async function snapshot() {
  const tickets = await t.db.serviceTicket.findMany({ orderBy: { id: "asc" }, include: { client: { select: { telegramId: true } } } });
  return {
    tickets: tickets.map((x) => [Number(x.client.telegramId), x.kind, x.stage, x.free]),
    photos: await t.db.ticketPhoto.count(),
    days: await t.db.cleaningDay.count(),
    bookings: await t.db.slotBooking.count(),
    wishes: await t.db.wish.count({ where: { kind: "wish", status: "open" } }),
    viewings: await t.db.viewing.count(),
    feedback: await t.db.feedback.count(),
  };
}

describe("the services demo", () => {
  it("When the sandbox seeds its demo, then tickets stand at every stage, a day ahead has a full time, and no chat gets a message", async () => {
    expect(await seedDemo(s, CONFIG)).toBe(true);
    const seeded = await snapshot();
    expect(seeded.tickets).toEqual([
      [1003, "cleaning", "handed_over", true],
      [5006, "repair", "handed_over", false],
      [5001, "cleaning", "ready", true],
      [5004, "resizing", "in_work", false],
      [5002, "repair", "accepted", false],
      [5003, "appraisal", "new", false],
    ]);
    const inWork = await t.db.serviceTicket.findFirstOrThrow({ where: { stage: "in_work" } });
    expect(inWork.estimateReadyAt!.getTime()).toBeGreaterThan(NOW.getTime());
    expect(await t.db.serviceTicket.count({ where: { createdAt: { gt: NOW } } })).toBe(0);
    // The intake photos were confirmed by all but Дмитрий, whose watch is waiting for his answer.
    expect((await t.db.serviceTicket.findMany({ where: { clientConfirmedAt: null, stage: { not: "new" } }, select: { kind: true } }))).toEqual([{ kind: "repair" }]);

    const [day] = await s.cleaning.upcoming();
    expect(day!.slots).toHaveLength(DEMO_CLEANING.slots.length);
    expect(day!.slots.map((x) => x.free)).toEqual([2, 0, 2, 2, 1, 2]);
    expect(Math.round((day!.day.date.getTime() - NOW.getTime()) / 86_400_000)).toBe(DEMO_CLEANING.daysAhead);

    expect(seeded.wishes).toBe(2);
    expect(await t.db.viewing.findMany({ select: { status: true } })).toEqual([{ status: "requested" }]);
    const low = await t.db.feedback.findFirstOrThrow({ where: { rating: { lte: 3 } } });
    expect(low).toMatchObject({ problem: "staff", alertedAt: expect.any(Date) as Date });
    // History only: nothing waits to be sent to anyone.
    expect(await t.db.outbox.count({ where: { status: "pending" } })).toBe(0);
  });

  it("When the sandbox starts again on the same database, then nothing is added", async () => {
    await seedDemo(s, CONFIG);
    const first = await snapshot();
    expect(await seedDemo(s, CONFIG)).toBe(false);
    expect(await snapshot()).toEqual(first);
  });
});
