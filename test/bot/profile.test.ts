import { describe, expect } from "vitest";
import { BOT_INFO, botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";
import { createUpdateFactory } from "../support/updates.ts";

const test = botTest();
const anna: Person = { id: 601, first_name: "Анна", language_code: "ru" };
const wang: Person = { id: 602, first_name: "芳", language_code: "zh-hans" };
const olga: Person = { id: 603, first_name: "Ольга", language_code: "ru" };
const seller: Person = { id: 604, first_name: "Игорь", language_code: "ru" };

type Button = { text: string; callback_data?: string; url?: string };
type Markup = { inline_keyboard?: Button[][] } | undefined;

/** The newest message to this person with inline buttons, as sent or as last edited, and its buttons. */
function lastKeyboard(h: Harness, p: Person) {
  const call = [...h.telegram.calls].reverse().find(
    (c) => c.ok && Number(c.payload.chat_id) === p.id && /^(send|edit)/.test(c.method) && (c.payload.reply_markup as Markup)?.inline_keyboard,
  );
  return (call?.payload.reply_markup as Markup)?.inline_keyboard?.flat() ?? [];
}

/**
 * Taps the newest button whose data starts with `data`, on the message that
 * carries it now: the profile edits its message in place, so its buttons are
 * looked for in edits as well as in sent messages.
 */
let updateId = 1_000_000;
async function press(h: Harness, p: Person, data: string) {
  for (const call of [...h.telegram.calls].reverse()) {
    if (!call.ok || Number(call.payload.chat_id) !== p.id || !/^(send|edit)/.test(call.method)) continue;
    const button = (call.payload.reply_markup as Markup)?.inline_keyboard?.flat().find((b) => b.callback_data?.startsWith(data));
    if (!button) continue;
    const messageId = call.method.startsWith("send") ? (call.result as { message_id: number }).message_id : Number(call.payload.message_id);
    const tap = createUpdateFactory(() => h.clock.now(), BOT_INFO).tap(p, button.callback_data!, "", messageId);
    return h.bot.handleUpdate({ update_id: updateId++, ...tap });
  }
  throw new Error(`no message to ${p.id} has a button ${data}`);
}

const client = (h: Harness, p: Person) => h.services.onboarding.findByTelegramId(p.id).then((c) => c!);

describe("/profile in Russian", () => {
  test("When the client opens /profile, then the name, the empty parts and the invitation are shown with a button for each part", async ({ h }) => {
    const { id } = await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/profile");
    const text = h.lastTextTo(anna);
    expect(text).toContain("👤 Ваш профиль");
    expect(text).toContain("Имя: Анна Ивановна");
    expect(text).toContain("Обращение: не указано");
    expect(text).toContain("🎂 День рождения: —");
    expect(text).toContain("📅 Важные даты: пока нет");
    expect(lastKeyboard(h, anna).map((b) => b.callback_data ?? "url")).toEqual([
      `prof:ask:${id}:name`, `prof:menu:${id}:gender`, `prof:ask:${id}:birthday`, `prof:menu:${id}:dates`, `prof:ask:${id}:stones`,
      `prof:ask:${id}:metals`, `prof:ask:${id}:ring`, `prof:ask:${id}:notes`, `prof:menu:${id}:contact`, `prof:menu:${id}:time`, "url",
    ]);
  });

  test("When the client changes their birthday, then a wrong date is refused with the step kept and a real one is shown", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/profile");
    await press(h, anna, `prof:ask:${(await client(h, anna)).id}:birthday`);
    expect(h.lastTextTo(anna)).toBe("Напишите дату рождения, например 03.05.1990.");
    await h.text(anna, "31.02.1990");
    expect(h.lastTextTo(anna)).toBe("Такой даты нет. Напишите день, месяц и год, например 03.05.1990.");
    await h.text(anna, "03.05.1990");
    expect(h.lastTextTo(anna)).toMatch(/^✅ Сохранено\.\n\n👤 Ваш профиль/);
    expect(h.lastTextTo(anna)).toContain("🎂 День рождения: 3 мая 1990 г.");
    expect((await client(h, anna)).birthday?.toISOString().slice(0, 10)).toBe("1990-05-03");
  });

  test("When the client adds a child's birthday and removes it, then the list of dates follows in place", async ({ h }) => {
    const { id } = await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/profile");
    await press(h, anna, `prof:menu:${id}:dates`);
    expect(h.lastTextTo(anna)).toBe("📅 Важные даты — салон напомнит о них заранее.\nПока нет ни одной даты.");
    expect(h.telegram.lastCall()!.method).toBe("editMessageText");
    await press(h, anna, `prof:add:${id}:child_birthday`);
    expect(h.lastTextTo(anna)).toContain("День рождения ребёнка: напишите день и месяц");
    await h.text(anna, "01.09.2015 Маша");
    expect(h.lastTextTo(anna)).toBe("✅ Дата добавлена.\n\n📅 Важные даты — салон напомнит о них заранее.\n• День рождения ребёнка (Маша): 1 сентября 2015 г.");
    expect(lastKeyboard(h, anna).map((b) => b.text)).toContain("🗑 Маша, 1 сентября 2015 г.");
    await press(h, anna, `prof:del:${id}:`);
    expect(h.lastAnswer()?.text).toBe("Дата удалена.");
    expect(h.lastTextTo(anna)).toContain("Пока нет ни одной даты.");
    expect(await h.db.familyDate.count()).toBe(0);
    await press(h, anna, `prof:back:${id}`);
    expect(h.lastTextTo(anna)).toContain("📅 Важные даты: пока нет");
  });

  test("When the client sets preferences and contact time, then the profile shows them and an invisible answer is refused", async ({ h }) => {
    const { id } = await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/profile");
    await press(h, anna, `prof:ask:${id}:stones`);
    await h.text(anna, "\u200b\u2060");
    expect(h.lastTextTo(anna)).toBe("Напишите словами, не длиннее 200 символов.");
    await h.text(anna, "танзанит, изумруд");
    await press(h, anna, `prof:ask:${id}:ring`);
    await h.text(anna, "17,5");
    expect(h.lastTextTo(anna)).toContain("💎 Камни: танзанит, изумруд");
    expect(h.lastTextTo(anna)).toContain("💍 Размер кольца: 17,5");
    await press(h, anna, `prof:menu:${id}:time`);
    expect(h.lastTextTo(anna)).toBe("Когда удобнее звонить?");
    await press(h, anna, `prof:time:${id}:evening`);
    expect(h.lastAnswer()?.text).toBe("✅ Сохранено.");
    expect(h.lastTextTo(anna)).toContain("🕐 Когда звонить: вечером");
    await press(h, anna, `prof:menu:${id}:contact`);
    await press(h, anna, `prof:contact:${id}:call`);
    expect(h.lastTextTo(anna)).toContain("📞 Как связаться: звонки удобны");
    expect(await client(h, anna)).toMatchObject({ preferredStones: "танзанит, изумруд", ringSize: "17.5", contactTime: "evening", contactPreference: "call" });
  });

  test("When the client opens /profile, then the invitation carries their referral code, a t.me/share button and both bonuses", async ({ h }) => {
    const { referralCode } = await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/profile");
    const link = `https://t.me/${BOT_INFO.username}?start=ref_${referralCode}`;
    const text = h.lastTextTo(anna);
    expect(text).toContain(`Ваша личная ссылка: ${link}`);
    expect(text).toContain("Когда друг сделает первую покупку, вы получите 1 000 баллов, а друг — 500 баллов.");
    const share = lastKeyboard(h, anna).find((b) => b.url)!;
    expect(share.text).toBe("📨 Пригласить друга");
    const url = new URL(share.url!);
    expect(`${url.origin}${url.pathname}`).toBe("https://t.me/share/url");
    expect(url.searchParams.get("url")).toBe(link);
    expect(plain(url.searchParams.get("text")!)).toContain("«Аметист»");
    expect(plain(url.searchParams.get("text")!)).toContain("500 баллов");
  });

  test("When someone who has not finished /start asks for /profile, then they are sent to /start", async ({ h }) => {
    await h.services.onboarding.giveConsent(anna.id, "ru");
    await h.text(anna, "/profile");
    expect(h.lastTextTo(anna)).toBe("Сначала завершите регистрацию — нажмите /start.");
  });
});

describe("/profile in Chinese", () => {
  test("When a Chinese-speaking client changes birthday, dates, preferences and call time, then every answer is in Chinese", async ({ h }) => {
    const { id, referralCode } = await h.join(wang, "+8613800138000", "王芳", "zh");
    await h.text(wang, "/profile");
    expect(h.lastTextTo(wang)).toContain("👤 您的资料");
    expect(h.lastTextTo(wang)).toContain(`ref_${referralCode}`);
    expect(h.lastTextTo(wang)).toContain("好友首次购买后，您将获得 1,000 积分，好友获得 500 积分。");
    expect(lastKeyboard(h, wang).find((b) => b.url)?.url).toMatch(/^https:\/\/t\.me\/share\/url\?url=/);

    await press(h, wang, `prof:ask:${id}:birthday`);
    await h.text(wang, "1990年2月30日");
    expect(h.lastTextTo(wang)).not.toContain("✅");
    await h.text(wang, "1990年5月3日");
    expect(h.lastTextTo(wang)).toContain("🎂 生日：1990年5月3日");

    await press(h, wang, `prof:menu:${id}:dates`);
    await press(h, wang, `prof:add:${id}:child_birthday`);
    expect(h.lastTextTo(wang)).toContain("孩子生日：请输入月和日");
    await h.text(wang, "2015年9月1日 儿子");
    expect(h.lastTextTo(wang)).toContain("• 孩子生日（儿子）：2015年9月1日");
    await press(h, wang, `prof:del:${id}:`);
    expect(h.lastAnswer()?.text).toBe("已删除。");
    expect(h.lastTextTo(wang)).toContain("还没有添加任何日子。");

    await press(h, wang, `prof:back:${id}`);
    await press(h, wang, `prof:ask:${id}:metals`);
    await h.text(wang, "铂金");
    expect(h.lastTextTo(wang)).toMatch(/^✅ 已保存。/);
    expect(h.lastTextTo(wang)).toContain("🪙 金属：铂金");
    await press(h, wang, `prof:menu:${id}:time`);
    await press(h, wang, `prof:time:${id}:morning`);
    expect(h.lastTextTo(wang)).toContain("🕐 方便来电时间：上午");
    expect(await client(h, wang)).toMatchObject({ preferredMetals: "铂金", contactTime: "morning" });
    expect(await h.db.familyDate.count()).toBe(0);
  });
});

describe("the profile from the client's file", () => {
  test("When a seller edits a client's ring size from the file, then it is saved, audit-logged and shown on the file", async ({ h }) => {
    await h.hire(seller);
    const { id } = await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(seller, "/client анна");
    expect(lastKeyboard(h, seller).map((b) => [b.text, b.callback_data])).toContainEqual(["✏️ Профиль", `prof:open:${id}`]);
    await h.tap(seller, `prof:open:${id}`);
    expect(h.lastTextTo(seller)).toContain("👤 Профиль клиента: Анна Ивановна");
    expect(h.lastTextTo(seller)).not.toContain("ref_");
    expect(lastKeyboard(h, seller).some((b) => b.url)).toBe(false);
    await press(h, seller, `prof:ask:${id}:ring`);
    await h.text(seller, "18");
    expect(h.lastTextTo(seller)).toContain("💍 Размер кольца: 18");
    expect((await client(h, anna)).ringSize).toBe("18");
    const audit = await h.db.auditLog.findFirst({ where: { action: "profile.changed", entityId: String(id) } });
    expect(audit).toMatchObject({ actorRole: "staff", actorTelegramId: BigInt(seller.id), details: '{"field":"ringSize"}' });
    await press(h, seller, `prof:menu:${id}:contact`);
    await press(h, seller, `prof:contact:${id}:telegram`);
    await h.text(seller, "/client анна");
    expect(h.lastTextTo(seller)).toContain("размер 18");
    expect(h.lastTextTo(seller)).toContain("Связь: только переписка в Telegram");
  });

  test("When a client forges the staff's profile buttons for another client, then each is refused and nothing changes", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна");
    const other = await h.join(olga, "+79007654321", "Ольга Сергеевна");
    await h.tap(anna, `prof:open:${other.id}`);
    expect(h.lastAnswer()).toEqual(expect.objectContaining({ text: "Эта команда только для сотрудников салона.", show_alert: true }));
    await h.tap(anna, `prof:gender:${other.id}:male`);
    await h.tap(anna, `prof:ask:${other.id}:ring`);
    expect(h.lastAnswer()?.text).toBe("Эта команда только для сотрудников салона.");
    await h.text(anna, "18");
    expect(h.textsTo(anna).some((t) => t.includes("Ольга"))).toBe(false);
    expect(await client(h, olga)).toMatchObject({ gender: null, ringSize: null });
    expect(await h.db.auditLog.count({ where: { action: { startsWith: "profile." } } })).toBe(0);
  });

  test("When a seller types /profile, then they are told the profile opens from a client's file", async ({ h }) => {
    await h.hire(seller);
    await h.text(seller, "/profile");
    expect(h.lastTextTo(seller)).toContain("/client");
  });
});
