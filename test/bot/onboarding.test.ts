import { describe, expect } from "vitest";
import { botTest, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();
const anna: Person = { id: 201, first_name: "Анна", language_code: "ru" };
const wang: Person = { id: 202, first_name: "芳", language_code: "zh-hans" };

/** Takes a client through the chat up to the given step, as they would. */
async function upTo(h: Harness, p: Person, step: "consent" | "phone" | "name" | "birthday") {
  await h.text(p, "/start");
  if (step === "consent") return;
  await h.tap(p, "join:consent");
  if (step === "phone") return;
  await h.contact(p, p === wang ? "8613800138000" : "79001234567");
  if (step === "name") return;
  await h.text(p, p === wang ? "王芳" : "Анна Ивановна");
}

describe("onboarding in Russian", () => {
  test("When a Russian-speaking client sends /start, then the bot greets in Russian and asks for consent first", async ({ h }) => {
    await upTo(h, anna, "consent");
    const texts = h.textsTo(anna);
    expect(texts[0]).toContain("Здравствуйте");
    expect(texts[1]).toContain("согласие на обработку персональных данных");
    expect(h.buttonsOf(anna)).toEqual(["join:consent", "lang:menu"]);
  });

  test("When the client types instead of consenting, then nothing is stored and consent is asked again", async ({ h }) => {
    await upTo(h, anna, "consent");
    await h.text(anna, "+79001234567");
    expect(await h.db.client.count()).toBe(0);
    expect(h.lastTextTo(anna)).toContain("согласие");
  });

  test("When consent is given, then the contact button is offered", async ({ h }) => {
    await upTo(h, anna, "phone");
    const ask = h.telegram.lastCall("sendMessage")!;
    expect(ask.payload.text).toContain("номером телефона");
    expect(ask.payload.reply_markup).toMatchObject({ keyboard: [[{ request_contact: true }]] });
  });

  test("When consent is tapped twice, then the second tap is answered and nothing is written twice", async ({ h }) => {
    await upTo(h, anna, "phone");
    await h.tapAgain(anna, "join:consent");
    expect(h.lastAnswer()?.text).toBe("Этот шаг уже пройден.");
    expect(await h.db.client.count()).toBe(1);
  });

  test("When a malformed phone is typed, then a clear message explains and the step stays", async ({ h }) => {
    await upTo(h, anna, "phone");
    await h.text(anna, "12-34");
    expect(h.textsTo(anna).at(-2)).toContain("Не получилось распознать номер");
    expect(h.textsTo(anna).at(-2)).toContain("«Отправить мой номер»");
    expect(await h.services.onboarding.step(anna.id)).toBe("phone");
  });

  test("When someone else's contact is shared, then it is refused", async ({ h }) => {
    await upTo(h, anna, "phone");
    await h.contact(anna, "79005556677", 999);
    expect(h.lastTextTo(anna)).toContain("чужой контакт");
    expect(await h.services.onboarding.step(anna.id)).toBe("phone");
  });

  test("When the client shares their own contact, then the name is asked and the keyboard removed", async ({ h }) => {
    await upTo(h, anna, "name");
    const ask = h.telegram.lastCall("sendMessage")!;
    expect(ask.payload.text).toContain("Как к вам обращаться");
    expect(ask.payload.reply_markup).toEqual({ remove_keyboard: true });
  });

  test("When the name with patronymic is given, then the birthday is asked with a skip button", async ({ h }) => {
    await upTo(h, anna, "birthday");
    expect(h.lastTextTo(anna)).toContain("день рождения");
    expect(h.buttonsOf(anna)).toEqual(["join:skip"]);
    expect(await h.services.onboarding.findByTelegramId(anna.id)).toMatchObject({ givenName: "Анна", patronymic: "Ивановна" });
  });

  test("When 31.02 is typed as a birthday, then it is refused in Russian", async ({ h }) => {
    await upTo(h, anna, "birthday");
    await h.text(anna, "31.02.1990");
    expect(h.lastTextTo(anna)).toBe("Такой даты нет. Напишите день, месяц и год, например 03.05.1990.");
    expect(await h.services.onboarding.step(anna.id)).toBe("birthday");
  });

  test("When a real birthday is given, then the client is welcomed with the bonus, the menu and the QR card", async ({ h }) => {
    await upTo(h, anna, "birthday");
    h.telegram.clear();
    await h.text(anna, "03.05.1990");
    const texts = h.textsTo(anna);
    expect(texts[0]).toContain("Добро пожаловать, Анна!");
    expect(texts[0]).toContain("500 баллов");
    const menu = h.telegram.lastCall("setMyCommands")!;
    expect(menu.payload.scope).toEqual({ type: "chat", chat_id: anna.id });
    expect((menu.payload.commands as { command: string }[]).map((c) => c.command)).toContain("card");
    const photo = h.telegram.lastCall("sendPhoto")!;
    expect(Object.keys(photo.files)).toHaveLength(1);
    expect(photo.payload.caption).toContain("Баланс: 500 баллов");
  });

  test("When the client sends /start again, then they are welcomed back, not onboarded twice", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/start");
    expect(h.lastTextTo(anna)).toContain("Рады видеть вас снова");
    expect(await h.db.client.count()).toBe(1);
  });
});

describe("onboarding in Chinese", () => {
  test("When a Chinese-speaking client joins, then every step is in Chinese and a local number is read", async ({ h }) => {
    await h.text(wang, "/start");
    expect(h.textsTo(wang)[0]).toContain("您好");
    await h.tap(wang, "join:consent");
    expect(h.lastTextTo(wang)).toContain("手机号码");
    await h.text(wang, "+86 138 0013 8000");
    expect(h.lastTextTo(wang)).toContain("怎么称呼");
    await h.text(wang, "王芳");
    expect(h.lastTextTo(wang)).toContain("生日");
    await h.tap(wang, "join:skip");
    const texts = h.textsTo(wang);
    expect(texts.some((t) => t.includes("欢迎您，王芳"))).toBe(true);
    expect(h.telegram.lastCall("sendPhoto")!.payload.caption).toContain("积分余额：500 积分");
    const client = await h.services.onboarding.findByTelegramId(wang.id);
    expect(client).toMatchObject({ phone: "+8613800138000", language: "zh", birthday: null });
  });

  test("When skip is tapped twice, then the second tap changes nothing", async ({ h }) => {
    await upTo(h, wang, "birthday");
    await h.tap(wang, "join:skip");
    await h.tapAgain(wang, "join:skip");
    expect(h.lastAnswer()?.text).toBe("这一步已经完成了。");
    const client = await h.services.onboarding.findByTelegramId(wang.id);
    expect(await h.db.pointsEntry.count({ where: { clientId: client!.id } })).toBe(1);
  });
});

describe("referrals", () => {
  test("When a friend opens the referral link, then the referrer is recorded on consent", async ({ h }) => {
    const referrer = await h.join(anna, "+79001234567", "Анна Ивановна");
    const friend: Person = { id: 203, first_name: "Мария", language_code: "ru" };
    await h.text(friend, `/start ref_${referrer.referralCode}`);
    await h.tap(friend, "join:consent");
    expect((await h.services.onboarding.findByTelegramId(friend.id))!.referredById).toBe(referrer.id);
  });
});
