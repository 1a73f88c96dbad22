// The seller always learns the outcome of a confirm: the real program is
// killed after the purchase is committed, with the edit that turns the
// summary into the result still on the wire. After a restart the summary
// still carries its button; tapping it shows the purchase number, and the
// purchase exists once.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotRig, type BotRig } from "../support/bot-process.ts";
import type { Person } from "../support/updates.ts";

const owner: Person = { id: 11, first_name: "Елена", language_code: "ru" };
const anna: Person = { id: 21, first_name: "Анна", language_code: "ru" };

const purchasesIn = (file: string) => {
  const sqlite = new Database(file, { readonly: true });
  try {
    return sqlite.prepare(`SELECT id, paid FROM "Purchase"`).all() as { id: number; paid: number }[];
  } finally {
    sqlite.close();
  }
};

describe("a confirm across a crash", () => {
  let rig: BotRig;
  beforeAll(async () => {
    rig = await startBotRig({ ownerIds: [owner.id], botId: 7_000_000_004, username: "shop_confirm_bot" });
  });
  afterAll(() => rig.close());

  it("When the bot is killed as the result replaces the summary, then after a restart the same button shows the purchase number, and it is recorded once", async () => {
    const { u } = rig;
    const first = await rig.start();
    await rig.join(anna, "79001234567", "Анна Ивановна");
    await rig.exchange(owner, u.text(owner, "/purchase +7 900 123-45-67"));
    await rig.exchange(owner, u.text(owner, "15 000"));
    await rig.exchange(owner, u.text(owner, "Серьги; аметист; серебро 925"));
    await rig.exchange(owner, u.tap(owner, rig.lastButton(owner, "pur:items")));
    const summary = await rig.exchange(owner, u.tap(owner, "pur:redeem:0"));
    expect(String(summary.payload.text)).toContain("Проверьте покупку");
    const ok = rig.lastButton(owner, "pur:ok:");
    const summaryId = (summary.result as { message_id: number }).message_id;

    // The edit that would show the result never reaches Telegram: the bot dies with it in flight.
    let held = false;
    rig.holdNext("editMessageText", owner.id, () => {
      held = true;
      void rig.crash(first);
    });
    rig.server.push(u.tap(owner, ok, String(summary.payload.text), summaryId));
    await rig.server.waitFor(() => held, 15_000);
    await rig.crash(first);
    const [recorded] = purchasesIn(rig.database);
    expect(recorded).toBeDefined();
    expect(rig.sentTo(owner, "editMessageText")).toEqual([]);

    // After the restart the seller's summary still has its button; a tap shows the outcome.
    const second = await rig.start();
    const edit = await rig.exchange(owner, u.tap(owner, ok, String(summary.payload.text), summaryId), "editMessageText");
    expect(edit.payload.message_id).toBe(summaryId);
    expect(String(edit.payload.text)).toContain(`Покупка № ${recorded!.id} записана`);
    expect(edit.payload.reply_markup).toBeUndefined();
    const toast = rig.server.telegram.callsTo("answerCallbackQuery").at(-1)!;
    expect(toast.payload.text).toBe(`Покупка № ${recorded!.id} уже записана.`);
    expect(purchasesIn(rig.database)).toHaveLength(1);
    expect(rig.server.telegram.violations).toEqual([]);
    expect(await rig.stop(second)).toBe(0);
  }, 120_000);
});
