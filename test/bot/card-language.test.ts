import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../core/clock.ts";
import { createHarness, type Harness, type Person } from "../support/bot-harness.ts";

let h: Harness;
const olga: Person = { id: 301, first_name: "Ольга", language_code: "en" };

beforeAll(async () => {
  h = await createHarness();
  await h.join(olga, "+79003334455", "Ольга Сергеевна");
});
afterEach(() => {
  expect(h.telegram.violations).toEqual([]);
});
afterAll(() => h.close());

describe("/card", () => {
  it("When a client with purchases asks for the card, then tier, balance, expiring points and the next tier are shown", async () => {
    const client = await h.services.onboarding.findByTelegramId(olga.id);
    await h.db.purchase.create({ data: { clientId: client!.id, amount: 130_000_00, paid: 120_000_00, currency: "RUB" } });
    const silver = await h.db.tier.findUniqueOrThrow({ where: { code: "silver" } });
    await h.db.client.update({ where: { id: client!.id }, data: { tierId: silver.id } });
    await h.db.pointsEntry.create({
      data: { clientId: client!.id, kind: "earn", amount: 1, remaining: 1, expiresAt: new Date(h.clock.now().getTime() + 7 * DAY_MS) },
    });
    h.telegram.clear();
    await h.text(olga, "/card");
    const photo = h.telegram.lastCall("sendPhoto")!;
    const caption = String(photo.payload.caption);
    expect(caption).toContain("Владелец: Ольга Сергеевна");
    expect(caption).toContain("Уровень: Серебряная · скидка 7% · кешбэк 5%");
    expect(caption).toContain("Баланс: 501 балл");
    expect(caption).toContain("• 1 балл — 1 декабря 2026");
    expect(caption).toMatch(/До уровня «Золотая» осталось 180\s000\s₽/);
    expect(photo.files[Object.keys(photo.files)[0]!]!.size).toBeGreaterThan(200);
  });

  it("When someone who has not joined asks for the card, then they are sent to /start", async () => {
    const stranger: Person = { id: 302, first_name: "Guest" };
    await h.text(stranger, "/card");
    expect(h.lastTextTo(stranger)).toContain("/start");
    expect(h.telegram.callsTo("sendPhoto").filter((c) => Number(c.payload.chat_id) === stranger.id)).toHaveLength(0);
  });
});

describe("/language", () => {
  it("When the client switches to Chinese, then replies, the card and the menu are in Chinese", async () => {
    await h.text(olga, "/language");
    await h.tap(olga, "lang:zh");
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain("中文");
    const menu = h.telegram.lastCall("setMyCommands")!;
    expect((menu.payload.commands as { description: string }[])[0]!.description).toBe("我的会员卡和积分");
    await h.text(olga, "/card");
    expect(String(h.telegram.lastCall("sendPhoto")!.payload.caption)).toContain("积分余额：501 积分");
    expect((await h.services.onboarding.findByTelegramId(olga.id))!.language).toBe("zh");
  });

  it("When the client switches back, then Russian plurals are right again", async () => {
    await h.tap(olga, "lang:ru");
    await h.text(olga, "/card");
    expect(String(h.telegram.lastCall("sendPhoto")!.payload.caption)).toContain("501 балл");
  });
});

describe("/forget", () => {
  it("When the client confirms, then the data is deleted once; a second tap says there is nothing left", async () => {
    await h.text(olga, "/forget");
    await h.tap(olga, "forget:yes");
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain("Ваши данные удалены");
    await h.tap(olga, "forget:yes");
    expect(h.telegram.lastCall("answerCallbackQuery")!.payload.text).toBe("У нас нет ваших данных.");
    expect(await h.db.purchase.count()).toBe(1);
    expect(await h.db.client.count({ where: { phone: { not: null } } })).toBe(0);
  });
});
