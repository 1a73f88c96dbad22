import { describe, expect } from "vitest";
import { formatCardNumber, generateCardNumber } from "../../core/loyalty/card-number.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const seller: Person = { id: 501, first_name: "Игорь", language_code: "ru" };
const anna: Person = { id: 502, first_name: "Анна", language_code: "ru" };
const wang: Person = { id: 503, first_name: "芳", language_code: "zh" };
const test = botTest({ ownerIds: [owner.id] });

/** A seller on staff and Анна (500 welcome points) as a client. */
async function shop(h: Harness) {
  await h.hire(seller);
  return h.join(anna, "+79001234567", "Анна Ивановна", "ru");
}

/** Drives /purchase through the chat up to the summary with its confirm button. */
async function upToSummary(h: Harness, by: Person, query: string, amount: string, items: string[], redeem?: string) {
  await h.text(by, `/purchase ${query}`);
  await h.text(by, amount);
  for (const item of items) await h.text(by, item);
  await h.tap(by, "pur:items");
  if (redeem !== undefined) await h.text(by, redeem);
  const data = h.buttonsOf(by).find((d) => d.startsWith("pur:ok:"));
  if (!data) throw new Error(`no summary: ${h.lastTextTo(by)}`);
  return data;
}

/** The text of the message that carried this button, as the seller sees it now. */
function messageNow(h: Harness, p: Person, data: string): string {
  const sent = h.telegram.calls.filter((c) => c.ok && c.method === "sendMessage" && Number(c.payload.chat_id) === p.id);
  const summary = sent.find((c) => JSON.stringify(c.payload.reply_markup ?? "").includes(data))!;
  return h.currentText(p, (summary.result as { message_id: number }).message_id);
}

describe("a client cannot act as staff", () => {
  test("When a client types /purchase, /client or /refund, then each is refused and nothing is written", async ({ h }) => {
    await shop(h);
    for (const cmd of ["/purchase 8 900 123-45-67", "/client Анна", "/refund 1"]) {
      await h.text(anna, cmd);
      expect(h.lastTextTo(anna)).toBe("Эта команда только для сотрудников салона.");
    }
    await h.tap(anna, "pur:ok:forged");
    expect(h.lastAnswer()?.show_alert).toBe(true);
    expect(await h.db.purchase.count()).toBe(0);
  });
});

describe("/purchase", () => {
  test("When the seller types the phone as 8 (900) 123-45-67, then Анна is found and the amount is asked", async ({ h }) => {
    await shop(h);
    await h.text(seller, "/purchase");
    await h.text(seller, "8 (900) 123-45-67");
    expect(h.lastTextTo(seller)).toContain("Клиент: Анна Ивановна · +7 900 123 45 67");
    expect(h.lastTextTo(seller)).toContain("Сумма покупки");
  });

  test.for<[string, string]>([
    ["0", "Не понял сумму"],
    ["-500", "Не понял сумму"],
    ["пятьсот", "Не понял сумму"],
    ["150000000000", "Слишком большая сумма (больше 10 000 000 ₽)"],
    ["15000000000000000", "Слишком длинное число"],
  ])("When the amount is %j, then it is refused in words and the step stays", async ([input, text], { h }) => {
    await shop(h);
    await h.text(seller, "/purchase +79001234567");
    await h.text(seller, input);
    expect(h.lastTextTo(seller)).toContain(text);
    expect(h.lastTextTo(seller)).not.toMatch(/\{\{|\d{7,}/);
    await h.text(seller, "150 000");
    expect(h.lastTextTo(seller)).toContain("Опишите изделие");
  });

  test("When 150 000 is typed and two items are described, then the summary shows discount, payment and cashback", async ({ h }) => {
    await shop(h);
    await h.text(seller, "/purchase +79001234567");
    await h.text(seller, "150 000");
    await h.text(seller, "Кольцо; танзанит; золото 585; 17");
    expect(h.lastTextTo(seller)).toContain("Добавлено: Кольцо, танзанит, золото 585, размер 17");
    await h.text(seller, "x");
    expect(h.lastTextTo(seller)).toContain("Опишите изделие хотя бы двумя буквами");
    await h.text(seller, "Серьги; бриллиант");
    await h.tap(seller, "pur:items");
    // Anna has 500 welcome points; 30% of the check allows all of them.
    expect(h.lastTextTo(seller)).toContain("Баллами можно оплатить до 500 баллов");
    await h.text(seller, "501");
    expect(h.lastTextTo(seller)).toBe("Можно списать не больше 500 баллов.");
    await h.text(seller, "пять");
    expect(h.lastTextTo(seller)).toBe("Напишите, сколько баллов списать: целое число, например 500, или 0.");
    await h.text(seller, "200");
    const summary = h.lastTextTo(seller);
    expect(summary).toContain("Сумма: 150 000 ₽");
    expect(summary).toContain("Скидка «Классическая» 5%: −7 500 ₽");
    expect(summary).toContain("Оплата баллами: 200 баллов (−200 ₽)");
    expect(summary).toContain("К оплате: 142 300 ₽");
    expect(summary).toContain("Будет начислено: 4 269 баллов");
    expect(await h.db.purchase.count()).toBe(0);
  });

  test("When confirm is tapped, then the summary itself turns into the result and the client is thanked once in Russian", async ({ h }) => {
    await shop(h);
    const ok = await upToSummary(h, seller, "+79001234567", "150 000", ["Кольцо; танзанит; золото 585; 17"], "200");
    const sends = () => h.telegram.callsTo("sendMessage").filter((c) => c.payload.chat_id === seller.id).length;
    const sentBefore = sends();
    await h.tap(seller, ok);
    const purchase = await h.db.purchase.findFirstOrThrow();
    // One edit replaces the summary and its buttons: no separate message, no button left.
    expect(sends()).toBe(sentBefore);
    const edit = h.telegram.lastCall("editMessageText")!;
    expect(edit.payload.reply_markup).toBeUndefined();
    const result = messageNow(h, seller, ok);
    expect(result).toContain(`Покупка № ${purchase.id} записана, оплачено 142 300 ₽.`);
    expect(result).toContain("Начислено 4 269 баллов, баланс клиента: 4 569 баллов.");
    expect(result).toContain("Уровень клиента: «Серебряная».");
    expect(await h.flushOutbox()).toBe(1);
    const thanks = h.lastTextTo(anna);
    expect(thanks).toContain("Спасибо за покупку, Анна Ивановна!");
    expect(thanks).toContain("Начислено: 4 269 баллов");
    expect(thanks).toContain("Баланс: 4 569 баллов");
    expect(thanks).toContain("Ваш новый уровень — «Серебряная»: скидка 7%");
    expect(await h.flushOutbox()).toBe(0);
  });

  test("When confirm is tapped twice, then one purchase is recorded and the second tap names it", async ({ h }) => {
    await shop(h);
    const ok = await upToSummary(h, seller, "+79001234567", "15 000", ["Серьги; жемчуг"], "0");
    await h.tap(seller, ok);
    await h.tapAgain(seller, ok);
    const purchase = await h.db.purchase.findFirstOrThrow();
    expect(await h.db.purchase.count()).toBe(1);
    expect(h.lastAnswer()?.text).toBe(`Покупка № ${purchase.id} уже записана.`);
    expect(messageNow(h, seller, ok)).toContain(`Покупка № ${purchase.id} записана, оплачено 14 250 ₽.`);
    expect(await h.flushOutbox()).toBe(1);
  });

  test("When the result could not be shown after the purchase was recorded, then tapping the button again shows it, and nothing is written twice", async ({ h }) => {
    await shop(h);
    const ok = await upToSummary(h, seller, "+79001234567", "15 000", ["Серьги; жемчуг"], "0");
    h.telegram.failNext("editMessageText", { error_code: 400, description: "Bad Request: message to edit not found" });
    await h.tap(seller, ok);
    const purchase = await h.db.purchase.findFirstOrThrow();
    expect(messageNow(h, seller, ok)).not.toContain("записана");
    await h.tapAgain(seller, ok);
    expect(await h.db.purchase.count()).toBe(1);
    expect(h.lastAnswer()?.text).toBe(`Покупка № ${purchase.id} уже записана.`);
    expect(messageNow(h, seller, ok)).toContain(`Покупка № ${purchase.id} записана, оплачено 14 250 ₽.`);
  });

  test("When an old summary that was never confirmed is tapped, then nothing is written and its button goes", async ({ h }) => {
    await shop(h);
    const old = await upToSummary(h, seller, "+79001234567", "15 000", ["Серьги; жемчуг"], "0");
    await h.text(seller, "/purchase +79001234567");
    await h.tapAgain(seller, old);
    expect(h.lastAnswer()).toMatchObject({ text: "По этой сводке ничего не записано, она устарела. Начните заново: /purchase", show_alert: true });
    expect(h.telegram.lastCall("editMessageReplyMarkup")).toBeDefined();
    expect(await h.db.purchase.count()).toBe(0);
  });

  test("When the card number has a typo or is unknown, then the seller is told and nothing is written", async ({ h }) => {
    await shop(h);
    const card = (await h.db.card.findFirstOrThrow()).number;
    const typo = card.slice(0, -1) + ((Number(card.at(-1)) + 1) % 10);
    await h.text(seller, `/purchase ${formatCardNumber(typo)}`);
    expect(h.lastTextTo(seller)).toBe("Номер карты введён с ошибкой: проверьте цифры.");
    // Any valid unknown number, including ones that would also read as a foreign phone (8242 4588 5291 → +82…).
    for (const unknown of ["824245885291", generateCardNumber()]) {
      await h.text(seller, `/purchase ${formatCardNumber(unknown)}`);
      expect(h.lastTextTo(seller)).toContain("Клиент не найден");
    }
    await h.text(seller, formatCardNumber(card));
    expect(h.lastTextTo(seller)).toContain("Анна Ивановна");
    await h.text(seller, "/cancel");
    expect(h.lastTextTo(seller)).toContain("Отменено");
    expect(await h.db.purchase.count()).toBe(0);
  });

  test("When a phone that cannot be read is typed, then the seller is told without the client's contact button", async ({ h }) => {
    await shop(h);
    await h.text(seller, "/purchase");
    await h.text(seller, "+7 900 123");
    expect(h.lastTextTo(seller)).toBe("Не получилось распознать номер телефона. Напишите его с кодом страны, например +7 900 123-45-67.");
  });

  test("When a new phone is given, then the seller can create the client at the counter and log a purchase", async ({ h }) => {
    await shop(h);
    await h.text(seller, "/purchase +7 (911) 000-11-22");
    expect(h.lastTextTo(seller)).toContain("Клиента с номером +79110001122 нет в базе");
    await h.tap(seller, "pur:new");
    await h.text(seller, "15 000,50");
    await h.text(seller, "Браслет; ; серебро 925");
    await h.tap(seller, "pur:items");
    const ok = h.buttonsOf(seller).find((d) => d.startsWith("pur:ok:"))!;
    await h.tap(seller, ok);
    expect(messageNow(h, seller, ok)).toContain("У клиента нет Telegram");
    const client = await h.db.client.findUniqueOrThrow({ where: { phone: "+79110001122" }, include: { purchases: true } });
    expect(client.purchases.map((p) => p.amount)).toEqual([15_000_50]);
  });

  test("When the owner's seller is Chinese-speaking, then the client still gets the thanks in her own language", async ({ h }) => {
    await h.join(wang, "+8613800138000", "王芳", "zh");
    await h.tap(owner, await upToSummary(h, owner, "王芳", "12 800", ["戒指; 蓝宝石; 18K金; 12"], "0"));
    await h.flushOutbox();
    expect(h.lastTextTo(wang)).toContain("王芳，感谢您的购买！");
  });

  test("When a client's card shows the purchase, then /card and /history have the points and the new tier", async ({ h }) => {
    await shop(h);
    await h.tap(seller, await upToSummary(h, seller, "+79001234567", "150 000", ["Кольцо; танзанит; золото 585"], "200"));
    await h.text(anna, "/card");
    const caption = plain(String(h.telegram.lastCall("sendPhoto")!.payload.caption));
    expect(caption).toContain("Уровень: Серебряная · скидка 7% · кешбэк 5%");
    expect(caption).toContain("Баланс: 4 569 баллов");
    await h.text(anna, "/history");
    const history = h.lastTextTo(anna);
    expect(history).toContain("142 300 ₽");
    expect(history).toContain("Кольцо, танзанит, золото 585");
    expect(history).toContain("начислено 4 269 баллов, списано 200 баллов");
    await h.tap(anna, "hist:page:l:0");
    const ledger = plain(String(h.telegram.lastCall("editMessageText")!.payload.text));
    expect(ledger).toContain("кешбэк за покупку · +4 269 баллов");
    expect(ledger).toContain("оплата покупки · −200 баллов");
    expect(ledger).toContain("приветственный бонус · +500 баллов");
  });
});
