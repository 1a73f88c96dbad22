// The report's staff and broadcast figures for November 2026 in Moscow,
// [2026-10-31T21:00Z, 2026-11-30T21:00Z): follow-ups done per person and what
// the month's broadcasts reached.
import { describe, expect, test } from "vitest";
import { reportShop } from "../support/report-fixtures.ts";

const NOVEMBER = { from: new Date("2026-10-31T21:00:00Z"), to: new Date("2026-11-30T21:00:00Z") };

describe("follow-ups per staff member", () => {
  // Each call logged from the call list is a ContactLog row (channel "call"). Ольга (50): reached,
  // reached, no_answer in November; a call in October, a note that is no call, and a call without an
  // outcome do not count. Пётр (51): call_later, and no_answer at 00:30 on 1 November in Moscow
  // (21:30Z the day before); his call at 00:30 on 1 December is December's. The owner (1) has no
  // Staff row: not_interested, reached. Ties (Пётр and the owner, 2 each) go by Telegram id.
  test("When calls from the list were logged in the month, then each person's count and outcomes come busiest first, an owner without a name", async () => {
    const shop = await reportShop();
    try {
      const client = await shop.client("Анна");
      await shop.db.staff.create({ data: { telegramId: 50n, name: "Ольга" } });
      await shop.db.staff.create({ data: { telegramId: 51n, name: "Пётр" } });
      const followUp = (by: number, at: string, outcome: string | null, channel = "call") =>
        shop.db.contactLog.create({ data: { clientId: client, staffTelegramId: BigInt(by), channel, outcome, createdAt: new Date(at) } });
      await followUp(50, "2026-11-03T09:00:00Z", "reached");
      await followUp(50, "2026-11-04T09:00:00Z", "reached");
      await followUp(50, "2026-11-05T09:00:00Z", "no_answer");
      await followUp(50, "2026-10-20T09:00:00Z", "reached");
      await followUp(50, "2026-11-05T10:00:00Z", "reached", "note");
      await followUp(50, "2026-11-06T09:00:00Z", null);
      await followUp(51, "2026-11-10T09:00:00Z", "call_later");
      await followUp(51, "2026-10-31T21:30:00Z", "no_answer");
      await followUp(51, "2026-11-30T21:30:00Z", "reached");
      await followUp(1, "2026-11-12T09:00:00Z", "not_interested");
      await followUp(1, "2026-11-13T09:00:00Z", "reached");
      const r = await shop.reports.build(NOVEMBER);
      expect(r.followUps).toEqual([
        { telegramId: 50, name: "Ольга", done: 3, reached: 2, noAnswer: 1, callLater: 0, notInterested: 0 },
        { telegramId: 1, name: null, done: 2, reached: 1, noAnswer: 0, callLater: 0, notInterested: 1 },
        { telegramId: 51, name: "Пётр", done: 2, reached: 0, noAnswer: 1, callLater: 1, notInterested: 0 },
      ]);
    } finally {
      await shop.close();
    }
  });
});

describe("broadcast reach", () => {
  // Started in November: #1 (planned 4) and #2 (planned 2); #3 started in October and a draft do not
  // count. Their outbox rows: #1 sent to Анна and Борис, blocked by Вера, skipped Глеб; #2 sent to
  // Анна, failed for Дарья. A notice outside any broadcast does not count. Delivered 3 to 2 distinct
  // clients. Reachable now: the six in Telegram less Вера, who blocked the bot (the forgotten client
  // and the one without Telegram are not): 5.
  test("When broadcasts went out in the month, then their outbox rows are counted by status and distinct clients reached", async () => {
    const shop = await reportShop();
    try {
      const [anna, boris, vera, gleb, darya, egor] = [
        await shop.client("Анна"),
        await shop.client("Борис"),
        await shop.client("Вера", { blocked: true }),
        await shop.client("Глеб"),
        await shop.client("Дарья"),
        await shop.client("Егор"),
      ];
      await shop.client("Зоя", { forgotten: true });
      await shop.client("Иван", { telegram: false });
      const broadcast = (startedAt: string | null, planned: number | null) =>
        shop.db.broadcast.create({
          data: { createdByTelegramId: 1n, segment: '{"kind":"all"}', textRu: "Новости", textZh: "新闻", status: startedAt ? "done" : "draft", startedAt: startedAt ? new Date(startedAt) : null, planned },
        });
      let key = 0;
      const row = (clientId: number, broadcastId: number | null, status: string) =>
        shop.db.outbox.create({ data: { clientId, chatId: BigInt(1000 + clientId), broadcastId, kind: broadcastId ? "broadcast" : "notice", payload: "{}", status, dedupeKey: `k${++key}` } });
      const first = await broadcast("2026-11-03T09:00:00Z", 4);
      const second = await broadcast("2026-11-20T09:00:00Z", 2);
      const october = await broadcast("2026-10-15T09:00:00Z", 5);
      await broadcast(null, null);
      await row(anna, first.id, "sent");
      await row(boris, first.id, "sent");
      await row(vera, first.id, "blocked");
      await row(gleb, first.id, "skipped");
      await row(anna, second.id, "sent");
      await row(darya, second.id, "failed");
      await row(gleb, october.id, "sent");
      await row(egor, october.id, "sent");
      await row(egor, null, "sent");
      const r = await shop.reports.build(NOVEMBER);
      expect(r.reach).toEqual({ broadcasts: 2, planned: 6, delivered: 3, blocked: 1, failed: 1, skipped: 1, reachedClients: 2, reachableClients: 5 });
    } finally {
      await shop.close();
    }
  });
});
