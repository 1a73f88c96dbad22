// A broadcast across a crash: 2,000 clients, the real program sending at 400
// messages a second, kill -9 once a third or so have their message, then a
// restart on the same database. Everyone gets it; the only ones who get it
// twice are the messages that were on the wire at the kill (at most the
// sender's concurrency), and the stats add up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONCURRENCY } from "../../bot/outbox-sender.ts";
import { openDb } from "../../core/db/client.ts";
import { createServices } from "../../core/services.ts";
import { clientChatId, isBroadcastText, queueBroadcast, seedClients } from "../support/broadcast-seed.ts";
import { startBotRig, type BotRig } from "../support/bot-process.ts";

const CLIENTS = 2_000;
const OWNER_ID = 11;

describe("a broadcast across a crash", () => {
  let rig: BotRig;
  beforeAll(async () => {
    rig = await startBotRig({
      ownerIds: [OWNER_ID],
      botId: 7_000_000_005,
      username: "shop_broadcast_bot",
      // Fast enough to be quick, slow enough to kill mid-way; no quiet hours whenever this runs.
      env: { BROADCAST_RATE: "400", QUIET_HOURS: "00:00-00:00" },
    });
  });
  afterAll(() => rig.close());

  it("When the bot is killed a third of the way through a broadcast to 2,000 clients, then after a restart everyone has it, at most the messages in flight twice, and the stats add up", async () => {
    await seedClients(rig.database, CLIENTS);
    const { broadcastId, planned } = await queueBroadcast(rig.database, OWNER_ID);
    expect(planned).toBe(CLIENTS);

    const recipients = new Set(Array.from({ length: CLIENTS }, (_, i) => clientChatId(i)));
    /** How many copies of the broadcast each chat has received, counted from the stand-in's record. */
    const copies = () => {
      const byChat = new Map<number, number>();
      for (const c of rig.server.telegram.calls) {
        const chat = Number(c.payload.chat_id);
        if (c.ok && c.method === "sendMessage" && recipients.has(chat) && isBroadcastText(c.payload.text)) byChat.set(chat, (byChat.get(chat) ?? 0) + 1);
      }
      return byChat;
    };

    const first = await rig.start();
    await rig.server.waitFor(() => copies().size >= CLIENTS / 3, 45_000);
    await rig.crash(first);
    const atKill = copies().size;
    console.log(`killed with ${atKill} of ${CLIENTS} chats served`);
    expect(atKill).toBeLessThan(CLIENTS);

    const restartedAt = Date.now();
    const second = await rig.start();
    const pollingAfter = (Date.now() - restartedAt) / 1000;
    await rig.server.waitFor(() => copies().size === CLIENTS, 60_000);
    const doneAfter = (Date.now() - restartedAt) / 1000;
    console.log(`the other ${CLIENTS - atKill} arrived ${doneAfter.toFixed(1)} s after the restart (polling after ${pollingAfter.toFixed(1)} s)`);

    // The database agrees once the last marks are written and the ticker has closed the broadcast.
    const db = await openDb(`file:${rig.database}`);
    try {
      const services = createServices(db, { OWNER_IDS: [OWNER_ID], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 });
      const closed = async () => (await db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).status === "done";
      for (const until = Date.now() + 10_000; !(await closed()) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
      const stats = await services.broadcasts.stats(broadcastId);
      expect(stats).toMatchObject({ planned: CLIENTS, sent: CLIENTS, pending: 0, failed: 0, blocked: 0 });
      expect(await closed()).toBe(true);
    } finally {
      await db.$disconnect();
    }

    // Nothing more goes out on later ticks.
    await new Promise((r) => setTimeout(r, 1_500));
    const final = copies();
    const twice = [...final.values()].filter((n) => n === 2).length;
    console.log(`${twice} chats got it twice (the sender keeps at most ${DEFAULT_CONCURRENCY} in flight)`);
    expect(final.size).toBe(CLIENTS);
    expect(twice).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
    expect([...final.values()].filter((n) => n > 2)).toEqual([]);
    expect(rig.server.telegram.violations).toEqual([]);
    expect(await rig.stop(second)).toBe(0);
  }, 120_000);
});
