import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatCardNumber, generateCardNumber } from "../../core/loyalty/card-number.ts";
import { createOutboxSender } from "../../bot/outbox-sender.ts";
import pino from "pino";
import { buttonsOf, createHarness, type Harness, type Person } from "../support/bot-harness.ts";

let h: Harness;
const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const seller: Person = { id: 501, first_name: "Игорь", language_code: "ru" };
const anna: Person = { id: 502, first_name: "Анна", language_code: "ru" };
const wang: Person = { id: 503, first_name: "芳", language_code: "zh" };
let annaId = 0;
let sellerToken = "";

const flush = () => createOutboxSender(h.bot.api, h.services.outbox, pino({ level: "silent" })).flush();
const tapLast = async (p: Person, prefix: string) => {
  const data = buttonsOf(h, p).find((b) => b.startsWith(prefix));
  if (!data) throw new Error(`no ${prefix} button in ${JSON.stringify(buttonsOf(h, p))}`);
  await h.tap(p, data);
  return data;
};

beforeAll(async () => {
  h = await createHarness({ ownerIds: [owner.id] });
  const { token } = await h.services.staff.createInvite({ telegramId: owner.id, role: "owner" });
  sellerToken = token;
  await h.services.staff.redeemInvite(token, { telegramId: seller.id, name: "Игорь", language: "ru" });
  await h.join(anna, "+79001234567", "Анна Ивановна", "ru");
  await h.join(wang, "+8613800138000", "王芳", "zh");
  annaId = (await h.services.onboarding.findByTelegramId(anna.id))!.id;
});
afterEach(() => {
  expect(h.telegram.violations).toEqual([]);
});
afterAll(() => h.close());

describe("a client cannot act as staff", () => {
  it("When a client types /purchase, /client or /refund, then each is refused and nothing is written", async () => {
    for (const cmd of ["/purchase 8 900 123-45-67", "/client Анна", "/refund 1"]) {
      await h.text(anna, cmd);
      expect(h.lastTextTo(anna)).toBe("Эта команда только для сотрудников салона.");
    }
    await h.tap(anna, "pur:ok:forged");
    expect(h.telegram.lastCall("answerCallbackQuery")!.payload.show_alert).toBe(true);
    expect(await h.db.purchase.count()).toBe(0);
    expect(sellerToken).not.toBe("");
  });
});

describe("/purchase", () => {
  it("When the seller types the phone as 8 (900) 123-45-67, then Анна is found and the amount is asked", async () => {
    await h.text(seller, "/purchase");
    await h.text(seller, "8 (900) 123-45-67");
    expect(h.lastTextTo(seller)).toContain("Клиент: Анна Ивановна · +7 900 123 45 67");
    expect(h.lastTextTo(seller)).toContain("Сумма покупки");
  });

  it.each([
    ["0", "Не понял сумму"],
    ["-500", "Не понял сумму"],
    ["пятьсот", "Не понял сумму"],
    ["150000000000", "Слишком большая сумма"],
  ])("When the amount is %j, then it is refused and the step stays", async (input, text) => {
    await h.text(seller, input);
    expect(h.lastTextTo(seller)).toContain(text);
    expect(h.lastTextTo(seller)).not.toContain("Опишите изделие");
  });

  it("When 150 000 is typed and two items are described, then the summary shows discount, payment and cashback", async () => {
    await h.text(seller, "150 000");
    expect(h.lastTextTo(seller)).toContain("Опишите изделие");
    await h.text(seller, "Кольцо; танзанит; золото 585; 17");
    expect(h.lastTextTo(seller)).toContain("Добавлено: Кольцо, танзанит, золото 585, размер 17");
    await h.text(seller, "x");
    expect(h.lastTextTo(seller)).toContain("Опишите изделие хотя бы двумя буквами");
    await h.text(seller, "Серьги; бриллиант");
    await tapLast(seller, "pur:items");
    // Anna has 500 welcome points; 30% of the check allows all of them.
    expect(h.lastTextTo(seller)).toContain("Баллами можно оплатить до 500 баллов");
    await h.text(seller, "501");
    expect(h.lastTextTo(seller)).toBe("Можно списать не больше 500 баллов.");
    await h.text(seller, "200");
    const summary = h.lastTextTo(seller).replace(/\s/g, " ");
    expect(summary).toContain("Сумма: 150 000 ₽");
    expect(summary).toContain("Скидка «Классическая» 5%: −7 500 ₽");
    expect(summary).toContain("Оплата баллами: 200 баллов (−200 ₽)");
    expect(summary).toContain("К оплате: 142 300 ₽");
    expect(summary).toContain("Будет начислено: 4 269 баллов");
  });

  it("When confirm is tapped twice, then one purchase is recorded and the client is thanked once in Russian", async () => {
    const data = await tapLast(seller, "pur:ok:");
    await h.tap(seller, data);
    expect(h.telegram.lastCall("answerCallbackQuery")!.payload.text).toBe("Эта покупка уже записана.");
    expect(await h.db.purchase.count()).toBe(1);
    const done = h.textsTo(seller).find((t) => t.startsWith("Покупка №"))!.replace(/\s/g, " ");
    expect(done).toContain("оплачено 142 300 ₽");
    expect(done).toContain("Клиент перешёл на уровень «Серебряная»");
    expect(await flush()).toBe(1);
    const thanks = h.lastTextTo(anna).replace(/\s/g, " ");
    expect(thanks).toContain("Спасибо за покупку, Анна Ивановна!");
    expect(thanks).toContain("Начислено: 4 269 баллов");
    expect(thanks).toContain("Баланс: 4 569 баллов");
    expect(thanks).toContain("Ваш новый уровень — «Серебряная»: скидка 7%");
    expect(await flush()).toBe(0);
  });

  it("When the client opens /card and /history, then the points and the new tier are there", async () => {
    await h.text(anna, "/card");
    const caption = String(h.telegram.lastCall("sendPhoto")!.payload.caption).replace(/\s/g, " ");
    expect(caption).toContain("Уровень: Серебряная · скидка 7% · кешбэк 5%");
    expect(caption).toContain("Баланс: 4 569 баллов");
    await h.text(anna, "/history");
    const history = h.lastTextTo(anna).replace(/\s/g, " ");
    expect(history).toContain("142 300 ₽");
    expect(history).toContain("Кольцо, танзанит, золото 585");
    expect(history).toContain("начислено 4 269 баллов, списано 200 баллов");
    await h.tap(anna, "hist:l:0");
    const ledger = String(h.telegram.lastCall("editMessageText")!.payload.text).replace(/\s/g, " ");
    expect(ledger).toContain("кешбэк за покупку · +4 269 баллов");
    expect(ledger).toContain("оплата покупки · −200 баллов");
    expect(ledger).toContain("приветственный бонус · +500 баллов");
  });

  it("When the card number has a typo or is unknown, then the seller is told and nothing is written", async () => {
    const card = (await h.db.card.findFirstOrThrow({ where: { clientId: annaId } })).number;
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
    expect(await h.db.purchase.count()).toBe(1);
  });

  it("When a new phone is given, then the seller can create the client at the counter and log a purchase", async () => {
    await h.text(seller, "/purchase +7 (911) 000-11-22");
    expect(h.lastTextTo(seller)).toContain("Клиента с номером +79110001122 нет в базе");
    await tapLast(seller, "pur:new");
    await h.text(seller, "15 000,50");
    await h.text(seller, "Браслет; ; серебро 925");
    await tapLast(seller, "pur:items");
    const data = await tapLast(seller, "pur:ok:");
    expect(data).toMatch(/^pur:ok:/);
    expect(h.lastTextTo(seller)).toContain("У клиента нет Telegram");
    const client = await h.db.client.findUniqueOrThrow({ where: { phone: "+79110001122" }, include: { purchases: true } });
    expect(client.purchases.map((p) => p.amount)).toEqual([15_000_50]);
  });

  it("When the owner's seller is Chinese-speaking, then the client still gets the thanks in her own language", async () => {
    await h.text(owner, "/purchase 王芳");
    await h.text(owner, "12 800");
    await h.text(owner, "戒指; 蓝宝石; 18K金; 12");
    await tapLast(owner, "pur:items");
    await tapLast(owner, "pur:redeem:0");
    await tapLast(owner, "pur:ok:");
    await flush();
    expect(h.lastTextTo(wang)).toContain("王芳，感谢您的购买！");
  });
});

describe("/refund", () => {
  it("When half of Анна's purchase is returned, then points move back in proportion, the tier drops and she is told", async () => {
    const purchase = await h.db.purchase.findFirstOrThrow({ where: { clientId: annaId } });
    await h.text(seller, `/refund ${purchase.id}`);
    expect(h.lastTextTo(seller).replace(/\s/g, " ")).toContain("можно вернуть 142 300 ₽");
    await h.text(seller, "200 000");
    expect(h.lastTextTo(seller).replace(/\s/g, " ")).toContain("Вернуть можно не больше 142 300 ₽");
    await h.text(seller, "71 150");
    await tapLast(seller, "ref:ok:");
    const done = h.lastTextTo(seller).replace(/\s/g, " ");
    expect(done).toContain("Клиенту возвращено 100 баллов, списан кешбэк 2 134 балла");
    expect(done).toContain("Уровень клиента теперь «Классическая»");
    await flush();
    expect(h.lastTextTo(anna).replace(/\s/g, " ")).toContain("Оформлен возврат по покупке № " + purchase.id + " на сумму 71 150 ₽");
    const audit = await h.db.auditLog.findMany({ where: { entity: "purchase", entityId: String(purchase.id) } });
    expect(audit.map((a) => [a.action, a.actorTelegramId])).toEqual([
      ["purchase.logged", BigInt(seller.id)],
      ["purchase.refunded", BigInt(seller.id)],
    ]);
  });

  it("When an unknown purchase number or letters are sent, then the seller is told", async () => {
    await h.text(seller, "/refund 99999");
    expect(h.lastTextTo(seller)).toBe("Покупка с таким номером не найдена.");
    await h.text(seller, "abc");
    expect(h.lastTextTo(seller)).toContain("Номер покупки для возврата");
    await h.text(seller, "/cancel");
  });
});

describe("/client", () => {
  it("When the seller opens Анна's file by name, then totals, stones and notes are shown", async () => {
    await h.text(seller, "/client анна");
    const file = h.lastTextTo(seller).replace(/\s/g, " ");
    expect(file).toContain("👤 Анна Ивановна");
    expect(file).toContain("Всего покупок на 71 150 ₽, покупок: 1, средний чек 71 150 ₽");
    expect(file).toContain("Кольцо, танзанит, золото 585, 17");
    await tapLast(seller, "cf:note:");
    await h.text(seller, "Любит танзаниты, позвонить к годовщине");
    expect(h.lastTextTo(seller)).toBe("Заметка сохранена.");
    await h.text(seller, "/client +7 900 123 45 67");
    expect(h.lastTextTo(seller)).toContain("Любит танзаниты");
  });

  it("When a name matches several clients, then the seller picks one from buttons", async () => {
    await h.services.clients.createAtCounter({ telegramId: seller.id, role: "staff" }, { phone: "+79005550000", name: "Анна Петровна" });
    await h.text(seller, "/client Анна");
    expect(h.lastTextTo(seller)).toContain("Нашлось клиентов: 2");
    await tapLast(seller, "cf:show:");
    expect(h.lastTextTo(seller)).toContain("👤 Анна");
  });
});
