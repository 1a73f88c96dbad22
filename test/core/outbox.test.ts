import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
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

describe("outbox order and pace", () => {
  it("When a broadcast is queued and a notice comes after it, then the notice is claimed first; quiet hours hold only broadcast rows", async () => {
    const fresh = await createTestDb();
    onTestFinished(() => fresh.close());
    const db = fresh.db;
    const outbox = createOutbox(db, clock);
    const b = await db.broadcast.create({ data: { createdByTelegramId: 1n, segment: '{"kind":"all"}', topic: "stones", textRu: "x", textZh: "x", status: "sending" } });
    for (let chat = 100; chat < 105; chat++) await db.outbox.create({ data: { chatId: BigInt(chat), broadcastId: b.id, kind: "broadcast", payload: "{}", nextAttemptAt: clock.now() } });
    await outbox.enqueue(db, { chatId: 7, kind: "purchase_thanks", message: { text: "Спасибо" } });
    const [first, ...rest] = await outbox.claim(3);
    expect(first).toMatchObject({ chatId: 7, broadcastId: null });
    expect(rest.map((r) => r.broadcastId)).toEqual([b.id, b.id]);
    await outbox.enqueue(db, { chatId: 8, kind: "refund", message: { text: "Возврат" } });
    expect((await outbox.claim(10, { broadcasts: false })).map((r) => r.chatId)).toEqual([8]);
    expect((await outbox.claim(10)).map((r) => r.chatId)).toEqual([102, 103, 104]);
  });

  it("When two messages go to one chat, then they are a second apart, while other chats are not held up", async () => {
    const fresh = await createTestDb();
    onTestFinished(() => fresh.close());
    const db = fresh.db;
    const outbox = createOutbox(db, clock);
    const telegram = createFakeTelegram();
    const bot = new Bot("1:TEST-token-abcdefghijklmnopqrstuvwxyz", { botInfo: BOT_INFO, client: { fetch: telegram.fetch, apiRoot: "http://t" } });
    const at = new Map<string, number>();
    bot.api.config.use((prev, method, payload, signal) => {
      at.set(String((payload as { text?: string }).text), performance.now());
      return prev(method, payload, signal);
    });
    for (const [chat, text] of [[1, "a1"], [1, "a2"], [2, "b1"], [3, "c1"]] as const) await outbox.enqueue(db, { chatId: chat, kind: "k", message: { text } });
    const started = performance.now();
    await createOutboxSender(bot.api, outbox, pino({ level: "silent" }), { rate: 1000 }).flush();
    expect(at.get("a2")! - at.get("a1")!).toBeGreaterThanOrEqual(990);
    expect(at.get("c1")! - started).toBeLessThan(500);
    expect(telegram.texts().sort()).toEqual(["a1", "a2", "b1", "c1"]);
  });

  it("When several sends are marked at the same moment, then each row is sent with its own message id, and each caller waits for its commit", async () => {
    const fresh = await createTestDb();
    onTestFinished(() => fresh.close());
    const outbox = createOutbox(fresh.db, clock);
    for (let chat = 1; chat <= 5; chat++) await outbox.enqueue(fresh.db, { chatId: chat, kind: "k", message: { text: String(chat) } });
    const rows = await outbox.claim(5);
    await Promise.all(rows.map((r) => outbox.sent(r.id, 100 + r.chatId)));
    const after = await fresh.db.outbox.findMany({ orderBy: { id: "asc" } });
    expect(after.map((r) => [Number(r.chatId), r.status, r.messageId, r.attempts])).toEqual([1, 2, 3, 4, 5].map((c) => [c, "sent", 100 + c, 1]));
    expect(after.every((r) => r.sentAt?.getTime() === clock.now().getTime())).toBe(true);
  });
});
