import { describe, expect } from "vitest";
import { DAY_MS } from "../../core/clock.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();
const olga: Person = { id: 301, first_name: "Ольга", language_code: "en" };

/** Olga, a client who joined (500 welcome points), plus `extra` points the owner gave her. */
async function joinOlga(h: Harness, extra = 0) {
  const client = await h.join(olga, "+79003334455", "Ольга Сергеевна");
  if (extra) await h.services.points.adjust({ telegramId: 1, role: "owner" }, client.id, extra, "подарок");
  return client;
}

/** Olga picks a language from /language, as she would. */
async function chooseLanguage(h: Harness, lang: "ru" | "zh") {
  await h.text(olga, "/language");
  await h.tap(olga, `lang:set:${lang}`);
}

const lastCaption = (h: Harness) => plain(String(h.telegram.lastCall("sendPhoto")!.payload.caption));

describe("/card", () => {
  test("When a client with purchases asks for the card, then tier, balance, expiring points and the next tier are shown", async ({ h }) => {
    const client = await joinOlga(h);
    await h.db.purchase.create({ data: { clientId: client.id, amount: 130_000_00, paid: 120_000_00, currency: "RUB" } });
    const silver = await h.db.tier.findUniqueOrThrow({ where: { code: "silver" } });
    await h.db.client.update({ where: { id: client.id }, data: { tierId: silver.id } });
    await h.db.pointsEntry.create({
      data: { clientId: client.id, kind: "earn", amount: 1, remaining: 1, expiresAt: new Date(h.clock.now().getTime() + 7 * DAY_MS) },
    });
    h.telegram.clear();
    await h.text(olga, "/card");
    const photo = h.telegram.lastCall("sendPhoto")!;
    const caption = String(photo.payload.caption);
    expect(caption).toContain("Владелец: Ольга Сергеевна");
    expect(caption).toContain("Уровень: Серебряная · скидка 7% · кешбэк 5%");
    expect(plain(caption)).toMatch(/^Баланс: 501 балл$/m);
    expect(caption).toContain("• 1 балл — 1 декабря 2026");
    expect(caption).toMatch(/До уровня «Золотая» осталось 180\s000\s₽/);
    expect(photo.files[Object.keys(photo.files)[0]!]!.size).toBeGreaterThan(200);
  });

  test("When someone who has not joined asks for the card, then they are sent to /start", async ({ h }) => {
    const stranger: Person = { id: 302, first_name: "Guest" };
    await h.text(stranger, "/card");
    expect(h.lastTextTo(stranger)).toContain("/start");
    expect(h.telegram.callsTo("sendPhoto").filter((c) => Number(c.payload.chat_id) === stranger.id)).toHaveLength(0);
  });
});

describe("/language", () => {
  test("When the client switches to Chinese, then replies, the card and the menu are in Chinese", async ({ h }) => {
    await joinOlga(h);
    await chooseLanguage(h, "zh");
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain("中文");
    const menu = h.telegram.lastCall("setMyCommands")!;
    expect(menu.payload.scope).toEqual({ type: "chat", chat_id: olga.id });
    expect((menu.payload.commands as { description: string }[])[0]!.description).toBe("我的会员卡和积分");
    await h.text(olga, "/card");
    expect(lastCaption(h)).toMatch(/^积分余额：500 积分$/m);
    expect((await h.services.onboarding.findByTelegramId(olga.id))!.language).toBe("zh");
  });

  test("When the client switches back, then Russian plurals are right again", async ({ h }) => {
    await joinOlga(h, 1);
    await chooseLanguage(h, "zh");
    await chooseLanguage(h, "ru");
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toBe("Готово: теперь я говорю по-русски.");
    const menu = h.telegram.lastCall("setMyCommands")!;
    expect((menu.payload.commands as { description: string }[])[0]!.description).toBe("Моя карта и баллы");
    await h.text(olga, "/card");
    expect(lastCaption(h)).toMatch(/^Баланс: 501 балл$/m);
    expect((await h.services.onboarding.findByTelegramId(olga.id))!.language).toBe("ru");
  });
});

describe("/forget", () => {
  test("When the client confirms, then the data is deleted once; a second tap says there is nothing left", async ({ h }) => {
    const client = await joinOlga(h);
    await h.db.purchase.create({ data: { clientId: client.id, amount: 130_000_00, paid: 120_000_00, currency: "RUB" } });
    await h.text(olga, "/forget");
    await h.tap(olga, "forget:yes");
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain("Ваши данные удалены");
    await h.tapAgain(olga, "forget:yes");
    expect(h.lastAnswer()?.text).toBe("У нас нет ваших данных.");
    expect(await h.db.purchase.count()).toBe(1);
    expect(await h.db.client.count({ where: { phone: { not: null } } })).toBe(0);
  });
});
