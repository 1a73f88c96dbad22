// A crash with a thanks in flight: the real program is SIGKILLed while its
// sendMessage hangs on the wire, restarted on the same database, and must
// deliver the thanks at once, not after the 5-minute stale time.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRunning, startBotRig, type BotRig } from "../support/bot-process.ts";
import type { Person } from "../support/updates.ts";

const THANKS = "Спасибо за покупку";
const owner: Person = { id: 11, first_name: "Елена", language_code: "ru" };
const anna: Person = { id: 21, first_name: "Анна", language_code: "ru" };

describe("the outbox across a crash", () => {
  let rig: BotRig;
  beforeAll(async () => {
    rig = await startBotRig({ ownerIds: [owner.id], botId: 7_000_000_003, username: "shop_restart_bot" });
  });
  afterAll(() => rig.close());

  it("When the bot is killed while a thanks is in flight, then after a restart on the same database the thanks arrives within seconds, once", async () => {
    const { u } = rig;
    const thanksTo = (p: Person) => rig.sentTo(p, "sendMessage").filter((c) => String(c.payload.text).includes(THANKS));
    const first = await rig.start();

    // Анна joins; the owner logs her purchase, which queues the thanks.
    await rig.join(anna, "79001234567", "Анна Ивановна");
    await rig.exchange(owner, u.text(owner, "/purchase"));
    expect(String((await rig.exchange(owner, u.text(owner, "8 (900) 123-45-67"))).payload.text)).toContain("Анна Ивановна");
    await rig.exchange(owner, u.text(owner, "15 000"));
    await rig.exchange(owner, u.text(owner, "Серьги; аметист; серебро 925"));
    await rig.exchange(owner, u.tap(owner, rig.lastButton(owner, "pur:items")));
    expect(String((await rig.exchange(owner, u.tap(owner, "pur:redeem:0"))).payload.text)).toContain("Проверьте покупку");

    let held = false;
    rig.holdNext("sendMessage", anna.id, () => {
      held = true;
      void rig.crash(first);
    });
    rig.server.push(u.tap(owner, rig.lastButton(owner, "pur:ok:")));
    await rig.server.waitFor(() => held, 15_000);
    await rig.crash(first);

    // The dead process left its claim on the row; Telegram never got the message.
    const sqlite = new Database(rig.database, { readonly: true });
    const row = sqlite.prepare(`SELECT status, claimedBy FROM "Outbox" WHERE chatId = ? AND kind = 'purchase_thanks'`).get(anna.id) as
      | { status: string; claimedBy: string }
      | undefined;
    sqlite.close();
    expect(row?.status).toBe("sending");
    const holderPid = Number(/^[^:]+:(\d+):\w+$/.exec(row?.claimedBy ?? "")?.[1]);
    await rig.server.waitFor(() => !isRunning(holderPid), 5_000);
    expect(thanksTo(anna)).toEqual([]);

    rig.clearOutput();
    const restartedAt = Date.now();
    const before = rig.sentTo(anna, "sendMessage").length;
    const second = await rig.start();
    await rig.waitForCount(anna, "sendMessage", before + 1, 60_000);
    const seconds = (Date.now() - restartedAt) / 1000;
    console.log(`thanks arrived ${seconds.toFixed(1)} s after the restart`);
    // Start-up alone (migrate deploy) takes a few seconds on two cores; the stale rule would take 300.
    expect(seconds).toBeLessThan(15);
    expect(String(rig.sentTo(anna, "sendMessage").at(-1)!.payload.text)).toContain(THANKS);
    expect(rig.output()).toContain("queued again");

    // One more tick of the loop sends nothing again; then a clean stop.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(thanksTo(anna)).toHaveLength(1);
    expect(rig.server.telegram.violations).toEqual([]);
    expect(await rig.stop(second)).toBe(0);
  }, 120_000);
});
