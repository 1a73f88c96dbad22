import { describe, expect } from "vitest";
import { purchaseNotices } from "../../bot/notices/loyalty.ts";
import { botTest, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const seller: Person = { id: 501, first_name: "Игорь", language_code: "ru" };
const anna: Person = { id: 502, first_name: "Анна", language_code: "ru" };
const test = botTest({ ownerIds: [owner.id] });

/**
 * Анна bought a 150 000 ₽ ring paying 200 points (142 300 ₽ paid, 4 269
 * cashback, now Silver); the thanks is already delivered.
 */
async function annaBoughtARing(h: Harness) {
  await h.hire(seller);
  const client = await h.join(anna, "+79001234567", "Анна Ивановна", "ru");
  const config = { OWNER_IDS: [owner.id], SHOP_NAME: "Аметист", SHOP_CURRENCY: "RUB" as const, SHOP_TIMEZONE: "Europe/Moscow", STAFF_INVITE_HOURS: 24 };
  const logged = await h.services.purchases.log(
    { clientId: client.id, amount: 150_000_00, items: [{ description: "Кольцо", stone: "танзанит" }], redeem: 200, idempotencyKey: "ring" },
    { telegramId: seller.id, role: "staff" },
    (r) => purchaseNotices(r, config),
  );
  await h.flushOutbox();
  return logged.purchase;
}

describe("/refund", () => {
  test("When half of Анна's purchase is returned, then points move back in proportion, the tier drops and she is told", async ({ h }) => {
    const purchase = await annaBoughtARing(h);
    await h.text(seller, `/refund ${purchase.id}`);
    expect(h.lastTextTo(seller)).toContain("можно вернуть 142 300 ₽");
    await h.text(seller, "200 000");
    expect(h.lastTextTo(seller)).toBe("Вернуть можно не больше 142 300 ₽.");
    await h.text(seller, "71 150");
    await h.tap(seller, "refund:ok:");
    const done = h.lastTextTo(seller);
    expect(done).toContain(`Возврат по покупке № ${purchase.id} оформлен: 71 150 ₽.`);
    expect(done).toContain("Клиенту возвращено 100 баллов, списан кешбэк 2 134 балла");
    expect(done).toContain("Уровень клиента: «Классическая».");
    expect(h.telegram.lastCall("editMessageText")!.payload.reply_markup).toBeUndefined();
    await h.flushOutbox();
    expect(h.lastTextTo(anna)).toContain(`Оформлен возврат по покупке № ${purchase.id} на сумму 71 150 ₽`);
    const audit = await h.db.auditLog.findMany({ where: { entity: "purchase", entityId: String(purchase.id) } });
    expect(audit.map((a) => [a.action, a.actorTelegramId])).toEqual([
      ["purchase.logged", BigInt(seller.id)],
      ["purchase.refunded", BigInt(seller.id)],
    ]);
  });

  test("When the return's confirm is tapped twice, then one return is recorded and the second tap names the purchase", async ({ h }) => {
    const purchase = await annaBoughtARing(h);
    await h.text(seller, `/refund ${purchase.id}`);
    await h.tap(seller, "refund:all");
    const ok = h.buttonsOf(seller).find((d) => d.startsWith("refund:ok:"))!;
    await h.tap(seller, ok);
    await h.tapAgain(seller, ok);
    expect(await h.db.refund.count()).toBe(1);
    expect(h.lastAnswer()?.text).toBe(`Возврат по покупке № ${purchase.id} уже оформлен.`);
    expect((await h.db.purchase.findUniqueOrThrow({ where: { id: purchase.id } })).status).toBe("refunded");
  });

  test("When a typed return amount cannot be read, then the return step says so in its own words", async ({ h }) => {
    const purchase = await annaBoughtARing(h);
    await h.text(seller, `/refund ${purchase.id}`);
    await h.text(seller, "половину");
    expect(h.lastTextTo(seller)).toBe("Не понял сумму возврата. Напишите число, например 15 000 или 15 000,50.");
    expect(await h.db.refund.count()).toBe(0);
  });

  test("When an unknown purchase number or letters are sent, then the seller is told", async ({ h }) => {
    await h.hire(seller);
    await h.text(seller, "/refund 99999");
    expect(h.lastTextTo(seller)).toBe("Покупка с таким номером не найдена.");
    await h.text(seller, "abc");
    expect(h.lastTextTo(seller)).toContain("Номер покупки для возврата");
  });
});
