import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Bot } from "grammy";
import pino from "pino";
import { createOutboxSender } from "../../bot/outbox-sender.ts";
import { fixedClock } from "../../core/clock.ts";
import { createOutbox, ownerId, STALE_SENDING_MS, type OutboxOwner } from "../../core/outbox/outbox.ts";
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

  // Processes on one host: pid 4242 has died, 2000 is alive, and this one is pid 1000.
  const HOST = "shop-host";
  const isAlive = (pid: number) => pid !== 4242;
  const me: OutboxOwner = { id: ownerId(HOST, 1000, "now"), isAlive };

  function senderFor(o: OutboxOwner) {
    const outbox = createOutbox(t.db, clock, o);
    const telegram = createFakeTelegram();
    const bot = new Bot("1:TEST-token-abcdefghijklmnopqrstuvwxyz", { botInfo: BOT_INFO, client: { fetch: telegram.fetch, apiRoot: "http://t" } });
    return { outbox, telegram, sender: createOutboxSender(bot.api, outbox, pino({ level: "silent" })) };
  }

  /** Queues one message and lets `holder` claim it and then crash or hang: it stays "sending". */
  async function leftSendingBy(holderId: string, text: string) {
    // While it ran, the holder thought everyone alive, so it took back nobody's rows.
    const outbox = createOutbox(t.db, clock, { id: holderId, isAlive: () => true });
    await outbox.enqueue(t.db, { chatId: 50, kind: "k", message: { text } });
    const [row] = await outbox.claim(1);
    expect(row?.message.text).toBe(text);
    return row!.id;
  }
  const statusOf = async (id: number) => (await t.db.outbox.findUniqueOrThrow({ where: { id } })).status;

  it("When the process holding messages mid-send has died, then they go back to pending at once and the next flush sends each once", async () => {
    const deadPid = await leftSendingBy(ownerId(HOST, 4242, "old"), "dead pid");
    // A container restart gives the new process the old pid again: the nonce tells them apart.
    const samePid = await leftSendingBy(ownerId(HOST, 1000, "before"), "same pid, earlier boot");
    expect(await statusOf(deadPid)).toBe("sending");

    const { outbox, sender, telegram } = senderFor(me);
    expect(await outbox.recover()).toBe(2);
    expect([await statusOf(deadPid), await statusOf(samePid)]).toEqual(["pending", "pending"]);
    expect(await sender.flush()).toBe(2);
    expect(await sender.flush()).toBe(0);
    expect(telegram.texts()).toEqual(["dead pid", "same pid, earlier boot"]);
    const row = await t.db.outbox.findUniqueOrThrow({ where: { id: deadPid } });
    expect([row.status, row.claimedBy, row.attempts]).toEqual(["sent", me.id, 1]);
  });

  it("When the holder is alive or on another host, then its messages stay sending until 5 minutes pass, then are sent once", async () => {
    const alive = await leftSendingBy(ownerId(HOST, 2000, "x"), "live holder");
    // Pid 4242 is dead here, but this host cannot see the other host's processes.
    const elsewhere = await leftSendingBy(ownerId("other-host", 4242, "y"), "other host");

    const { outbox, sender, telegram } = senderFor(me);
    expect(await outbox.recover()).toBe(0);
    expect(await sender.flush()).toBe(0);
    clock.advance(STALE_SENDING_MS - 1_000);
    expect(await sender.flush()).toBe(0);
    expect([await statusOf(alive), await statusOf(elsewhere)]).toEqual(["sending", "sending"]);

    clock.advance(2_000);
    expect(await sender.flush()).toBe(2);
    expect(await sender.flush()).toBe(0);
    expect(telegram.texts()).toEqual(["live holder", "other host"]);
    expect(await outbox.pendingCount()).toBe(0);
  });
});
