import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { shopDate } from "../../core/calendar.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

let t: TestDb;
let s: Services;
// 23:30 UTC on 2 March is already 3 March in Moscow.
const clock = fixedClock(new Date("2027-03-02T23:30:00Z"));

beforeAll(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  s = createServices(t.db, { OWNER_IDS: [], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 }, clock);
  let n = 0;
  for (const [birthday, telegramId] of [["1990-03-03", 1], ["1985-03-02", 2], ["1992-02-29", 3], ["1991-03-03", null]] as const) {
    await t.db.client.create({
      data: {
        telegramId: telegramId === null ? null : BigInt(telegramId),
        birthday: new Date(`${birthday}T00:00:00Z`),
        referralCode: `b${n++}`,
        givenName: "Имя",
        onboardedAt: new Date("2026-01-01"),
      },
    });
  }
});
afterAll(() => t.close());

describe("birthday bonus", () => {
  it("When the shop's day is computed, then the shop's time zone decides, not UTC", () => {
    expect(shopDate(clock.now(), "Europe/Moscow")).toEqual({ year: 2027, month: 3, day: 3 });
    expect(shopDate(clock.now(), "UTC")).toEqual({ year: 2027, month: 3, day: 2 });
  });

  it("When the job runs twice on the day, then each birthday client gets the bonus once and a greeting if on Telegram", async () => {
    const notify = (c: { id: number; telegramId: bigint | null }, points: number, year: number) =>
      c.telegramId === null ? null : { chatId: Number(c.telegramId), clientId: c.id, kind: "birthday", message: { text: `+${points}` }, dedupeKey: `bd:${c.id}:${year}` };
    expect(await s.points.birthdays("Europe/Moscow", notify)).toBe(2);
    expect(await s.points.birthdays("Europe/Moscow", notify)).toBe(0);
    const entries = await t.db.pointsEntry.findMany({ where: { kind: "birthday" } });
    expect(entries.map((e) => e.amount)).toEqual([1000, 1000]);
    expect(await t.db.outbox.count({ where: { kind: "birthday" } })).toBe(1);
  });

  it("When it is 28 February in a year without 29 February, then the leap-day birthday is celebrated", async () => {
    clock.set(new Date("2027-02-28T09:00:00Z"));
    const granted = await s.points.birthdays("Europe/Moscow", () => null);
    expect(granted).toBe(1);
  });
});
