import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "grammy";
import pino from "pino";
import { createOutboxSender } from "../../bot/outbox-sender.ts";
import { fixedClock } from "../../core/clock.ts";
import { createOutbox } from "../../core/outbox/outbox.ts";
import { BOT_INFO } from "../support/bot-harness.ts";
import { createTestDb, type TestDb } from "../support/db.ts";
import { createFakeTelegram } from "../../sandbox/fake-telegram.ts";

let t: TestDb;
const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

describe("outbox", () => {
  it("When messages are queued, then each is sent once; a 403 marks the client blocked; a 500 is retried later", async () => {
    const outbox = createOutbox(t.db, clock);
    const telegram = createFakeTelegram();
    const bot = new Bot("1:TEST-token-abcdefghijklmnopqrstuvwxyz", { botInfo: BOT_INFO, client: { fetch: telegram.fetch, apiRoot: "http://t" } });
    const sender = createOutboxSender(bot.api, outbox, pino({ level: "silent" }));
    const blocked = await t.db.client.create({ data: { telegramId: 12n, referralCode: "b" } });
    const fine = await t.db.client.create({ data: { telegramId: 11n, referralCode: "a" } });
    await outbox.enqueue(t.db, { chatId: 12, clientId: blocked.id, kind: "k", message: { text: "blocked" } });
    await outbox.enqueue(t.db, { chatId: 13, kind: "k", message: { text: "flaky" } });
    await outbox.enqueue(t.db, { chatId: 11, clientId: fine.id, kind: "k", message: { text: "привет", buttons: [[["Да", "x:1"]]] }, dedupeKey: "d1" });
    await outbox.enqueue(t.db, { chatId: 11, clientId: fine.id, kind: "k", message: { text: "привет" }, dedupeKey: "d1" });
    telegram.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    telegram.failNext("sendMessage", { error_code: 500, description: "Internal Server Error" });

    expect(await sender.flush()).toBe(3);
    const rows = await t.db.outbox.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [Number(r.chatId), r.status, r.attempts])).toEqual([
      [12, "blocked", 1],
      [13, "pending", 1],
      [11, "sent", 1],
    ]);
    expect((await t.db.client.findUniqueOrThrow({ where: { id: blocked.id } })).blockedAt).not.toBeNull();
    expect(telegram.lastCall("sendMessage")!.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: "Да", callback_data: "x:1" }]] });

    // The flaky one waits for its back-off, then goes through; nothing is sent twice.
    expect(await sender.flush()).toBe(0);
    clock.advance(5_000);
    expect(await sender.flush()).toBe(1);
    expect(telegram.texts()).toEqual(["привет", "flaky"]);
    expect(telegram.violations).toEqual([]);
  });
});
