import { describe, expect } from "vitest";
import { commandsFor } from "../../bot/commands.ts";
import { subscriptionCallbacks } from "../../bot/keyboards/subscriptions.ts";
import { createTopics, TOPICS } from "../../core/broadcasts/topics.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();
const anna: Person = { id: 201, first_name: "Анна", language_code: "ru" };
const wang: Person = { id: 202, first_name: "芳", language_code: "zh-hans" };
const seller: Person = { id: 301, first_name: "Наталья", language_code: "ru" };

const ALL_ON = ["sub:toggle:stones:off", "sub:toggle:events:off", "sub:toggle:sales:off", "sub:toggle:service_days:off", "sub:all:off"];

type Button = { text: string; callback_data: string };
/** The button labels of the last message with buttons sent or edited for this person. */
function labelsOf(h: Harness, p: Person): string[] {
  const call = h.telegram.calls.filter((c) => c.ok && Number(c.payload.chat_id) === p.id && c.payload.reply_markup).at(-1);
  return ((call?.payload.reply_markup as { inline_keyboard?: Button[][] })?.inline_keyboard ?? []).flat().map((b) => b.text);
}
/** The last edit of a message for this person, as Telegram received it. */
const lastEdit = (h: Harness, p: Person) => h.telegram.calls.filter((c) => c.ok && c.method === "editMessageText" && Number(c.payload.chat_id) === p.id).at(-1);
const stateOf = async (h: Harness, clientId: number) => createTopics(h.db).of(clientId);

/** A broadcast message as the sender delivers it: its text with "stop these" under it. */
async function broadcastTo(h: Harness, p: Person, topic: (typeof TOPICS)[number]) {
  await h.bot.api.sendMessage(p.id, "Уважаемая Анна Ивановна! Новые танзаниты.", {
    reply_markup: { inline_keyboard: [[{ text: "🔕 Не присылать такое", callback_data: subscriptionCallbacks.stop.pack({ topic }) }]] },
  });
}

describe("/subscriptions in Russian", () => {
  test("When a client types /subscriptions, then every topic is on with a button to stop everything", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/subscriptions");
    expect(h.lastTextTo(anna)).toContain("Выберите, о чём вам писать");
    expect(h.buttonsOf(anna)).toEqual(ALL_ON);
    expect(labelsOf(h, anna)).toEqual(["✅ Новые камни и коллекции", "✅ Мероприятия", "✅ Акции", "✅ Дни сервиса", "🔕 Отписаться от всего"]);
  });

  test("When a topic is tapped, then it turns off in the same message, and a double tap leaves it off", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/subscriptions");
    const menuId = h.telegram.lastCall("sendMessage")!.result as { message_id: number };
    await h.tap(anna, "sub:toggle:sales:off");
    expect(h.lastAnswer()?.text).toBe("Сохранено");
    expect(lastEdit(h, anna)!.payload.message_id).toBe(menuId.message_id);
    expect(labelsOf(h, anna)[2]).toBe("▫️ Акции");
    await h.tapAgain(anna, "sub:toggle:sales:off");
    expect((await stateOf(h, client.id)).sales).toBe(false);
    await h.tap(anna, "sub:toggle:sales:on");
    expect(await stateOf(h, client.id)).toEqual({ stones: true, events: true, sales: true, service_days: true });
    expect(h.telegram.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === anna.id)).toHaveLength(1);
  });

  test("When everything is turned off from the menu, then the menu says so and offers to turn it all back on", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/subscriptions");
    await h.tap(anna, "sub:all:off");
    expect(plain(String(lastEdit(h, anna)!.payload.text))).toContain("Сейчас мы не присылаем вам рассылок.");
    expect(labelsOf(h, anna)).toEqual(["▫️ Новые камни и коллекции", "▫️ Мероприятия", "▫️ Акции", "▫️ Дни сервиса", "🔔 Включить всё"]);
    expect(Object.values(await stateOf(h, client.id))).toEqual([false, false, false, false]);
    await h.tap(anna, "sub:all:on");
    expect(Object.values(await stateOf(h, client.id))).toEqual([true, true, true, true]);
    expect(labelsOf(h, anna).at(-1)).toBe("🔕 Отписаться от всего");
  });

  test("When 'stop these' is tapped under a broadcast, then that topic stops and stopping everything is one more tap", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна");
    await broadcastTo(h, anna, "stones");
    await h.tap(anna, "sub:stop:stones");
    expect(h.lastAnswer()?.text).toBe("Больше не пишем: «Новые камни и коллекции»");
    expect(h.lastTextTo(anna)).toBe("Больше не пишем вам о теме «Новые камни и коллекции». Включить снова — /subscriptions.");
    expect(h.buttonsOf(anna)).toEqual(["sub:stopall"]);
    expect(await stateOf(h, client.id)).toEqual({ stones: false, events: true, sales: true, service_days: true });
    // The broadcast itself is left as it was: no edit of it.
    expect(h.telegram.calls.filter((c) => c.method.startsWith("edit"))).toEqual([]);

    const sent = h.textsTo(anna).length;
    await h.tapAgain(anna, "sub:stop:stones");
    expect(h.lastAnswer()?.text).toBe("Эта тема уже выключена");
    expect(h.textsTo(anna)).toHaveLength(sent);

    await h.tap(anna, "sub:stopall");
    expect(h.lastAnswer()?.text).toBe("Вы отписались от всего");
    expect(h.lastTextTo(anna)).toBe("Мы больше не присылаем вам рассылок. Включить снова — /subscriptions.");
    expect(Object.values(await stateOf(h, client.id))).toEqual([false, false, false, false]);
    await h.tapAgain(anna, "sub:stopall");
    expect(h.textsTo(anna)).toHaveLength(sent + 1);
  });

  test("When a client finishes onboarding in the chat, then the topics menu comes after the card with every topic on", async ({ h }) => {
    await h.text(anna, "/start");
    await h.tap(anna, "join:consent");
    await h.contact(anna, "79001234567");
    await h.text(anna, "Анна Ивановна");
    await h.tap(anna, "join:skip");
    expect(h.telegram.calls.filter((c) => c.method.startsWith("send")).map((c) => c.method).slice(-2)).toEqual(["sendPhoto", "sendMessage"]);
    expect(h.lastTextTo(anna)).toContain("Выберите, о чём вам писать");
    expect(h.buttonsOf(anna)).toEqual(ALL_ON);
  });
});

describe("who may use it", () => {
  test("When a member of staff types /subscriptions or /news or taps a stop, then they are told it is for clients and nothing is stored", async ({ h }) => {
    await h.hire(seller);
    await h.text(seller, "/subscriptions");
    expect(h.lastTextTo(seller)).toBe("Подписки — для клиентов магазина. Сотрудникам рассылки не приходят.");
    await h.text(seller, "/news");
    expect(h.lastTextTo(seller)).toBe("Подписки — для клиентов магазина. Сотрудникам рассылки не приходят.");
    await h.tap(seller, "sub:stop:events");
    expect(h.lastAnswer()).toEqual(expect.objectContaining({ text: "Подписки — для клиентов магазина. Сотрудникам рассылки не приходят.", show_alert: true }));
    expect(await h.db.topicSubscription.count()).toBe(0);
  });

  test("When someone still joining types /subscriptions, then they are sent to /start first", async ({ h }) => {
    await h.text(anna, "/start");
    await h.tap(anna, "join:consent");
    await h.text(anna, "/subscriptions");
    expect(h.lastTextTo(anna)).toBe("Сначала получите карту клиента — нажмите /start.");
    await h.text(anna, "/news");
    expect(h.lastTextTo(anna)).toBe("Сначала получите карту клиента — нажмите /start.");
  });

  test("When forged sub: data arrives, then it is answered as a dead button and nothing changes", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна");
    for (const data of ["sub:toggle:diamonds:off", "sub:toggle:stones", "sub:toggle:stones:maybe", "sub:stop:", "sub:stopall:x", "sub:all:yes"]) {
      await h.tap(anna, data);
      expect(h.lastAnswer()?.text, data).toBe("Эта кнопка уже не действует.");
    }
    expect(await h.db.topicSubscription.count()).toBe(0);
  });
});

describe("/subscriptions in Chinese", () => {
  test("When a Chinese-speaking client opens the menu and stops a topic, then every word is in Chinese", async ({ h }) => {
    const client = await h.join(wang, "+8613800138000", "王芳", "zh");
    await h.text(wang, "/subscriptions");
    expect(h.lastTextTo(wang)).toContain("请选择您希望收到哪些消息");
    expect(labelsOf(h, wang)).toEqual(["✅ 新宝石与新系列", "✅ 活动", "✅ 优惠活动", "✅ 服务日", "🔕 全部退订"]);
    await h.tap(wang, "sub:toggle:events:off");
    expect(h.lastAnswer()?.text).toBe("已保存");
    expect(labelsOf(h, wang)[1]).toBe("▫️ 活动");

    await broadcastTo(h, wang, "sales");
    await h.tap(wang, "sub:stop:sales");
    expect(h.lastAnswer()?.text).toBe("已退订：「优惠活动」");
    expect(h.lastTextTo(wang)).toContain("/subscriptions");
    await h.tap(wang, "sub:stopall");
    expect(h.lastTextTo(wang)).toBe("我们将不再向您发送任何群发消息。如需重新开启，请发送 /subscriptions。");
    expect(Object.values(await stateOf(h, client.id))).toEqual([false, false, false, false]);
  });

  test("When a Chinese-speaking client finishes onboarding, then the menu comes in Chinese", async ({ h }) => {
    await h.text(wang, "/start");
    await h.tap(wang, "join:consent");
    await h.text(wang, "+86 138 0013 8000");
    await h.text(wang, "王芳");
    await h.tap(wang, "join:skip");
    expect(h.lastTextTo(wang)).toContain("请选择您希望收到哪些消息");
    expect(h.buttonsOf(wang)).toEqual(ALL_ON);
  });
});

describe("an old menu", () => {
  test("When a menu shown before a change is tapped, then it is redrawn to what holds now", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна");
    await h.text(anna, "/subscriptions");
    const old = h.telegram.lastCall("sendMessage")!;
    await h.text(anna, "/subscriptions");
    await h.tap(anna, "sub:all:off");
    // Telegram sends the tapped message with the buttons it shows: the old menu still shows every topic on.
    await h.bot.handleUpdate({
      update_id: 10_000,
      callback_query: {
        id: "old-menu",
        from: { id: anna.id, is_bot: false, first_name: anna.first_name },
        chat_instance: "ci",
        data: "sub:toggle:stones:off",
        message: {
          message_id: (old.result as { message_id: number }).message_id,
          date: 0,
          chat: { id: anna.id, type: "private", first_name: anna.first_name },
          text: String(old.payload.text),
          reply_markup: old.payload.reply_markup as { inline_keyboard: Button[][] },
        },
      },
    });
    expect(lastEdit(h, anna)!.payload.message_id).toBe((old.result as { message_id: number }).message_id);
    expect(labelsOf(h, anna).at(-1)).toBe("🔔 Включить всё");
    expect(Object.values(await stateOf(h, client.id))).toEqual([false, false, false, false]);
  });
});

describe("/news", () => {
  const boris: Person = { id: 203, first_name: "Борис", language_code: "ru" };

  /** A broadcast as the composer and sender leave it: started, with its segment as JSON. */
  async function broadcast(h: Harness, topic: string, segment: object, day: number, texts: { ru: string; zh?: string; photo?: string }) {
    return h.db.broadcast.create({
      data: {
        createdByTelegramId: 1n,
        topic,
        segment: JSON.stringify(segment),
        textRu: texts.ru,
        textZh: texts.zh ?? texts.ru,
        photoFileId: texts.photo ?? null,
        status: "done",
        startedAt: new Date(Date.UTC(2026, 10, day, 9)),
      },
    });
  }
  const delivered = (h: Harness, broadcastId: number, clientId: number, chatId: number) =>
    h.db.outbox.create({ data: { broadcastId, clientId, chatId: BigInt(chatId), kind: "broadcast", payload: "{}", status: "sent" } });

  test("When a client types /news, then the posts of their topics meant for everyone or delivered to them come oldest first, dated and addressed to them", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна");
    const other = await h.join(boris, "+79001234568", "Борис Петрович");
    await broadcast(h, "stones", { kind: "all" }, 10, { ru: "{обращение}! К нам приехали танзаниты.", photo: "AgAD-tanzanite" });
    await broadcast(h, "sales", { kind: "all" }, 12, { ru: "Скидки на серебро." });
    const top = await broadcast(h, "events", { kind: "top", value: 20 }, 15, { ru: "{обращение}! Приглашаем Вас на вечер жемчуга." });
    await delivered(h, top.id, client.id, anna.id);
    const gold = await broadcast(h, "events", { kind: "tier", value: "gold" }, 16, { ru: "Только для золотого уровня." });
    await delivered(h, gold.id, other.id, boris.id);
    await createTopics(h.db).set(client.id, "sales", false);

    h.telegram.clear();
    await h.text(anna, "/news");
    expect(h.textsTo(anna).map(plain)).toEqual([
      "Последние новости:",
      "🗓 10 ноября 2026 г.\n\nУважаемая Анна Ивановна! К нам приехали танзаниты.",
      "🗓 15 ноября 2026 г.\n\nУважаемая Анна Ивановна! Приглашаем Вас на вечер жемчуга.",
    ]);
    expect(h.telegram.lastCall("sendPhoto")!.payload.photo).toBe("AgAD-tanzanite");
  });

  test("When a post with a photo is longer than a caption may be, then the photo comes with its date and the text under it", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна");
    const long = `Новая коллекция. ${"Изумруды, сапфиры и турмалины. ".repeat(40)}`;
    await broadcast(h, "stones", { kind: "all" }, 20, { ru: long, photo: "AgAD-collection" });
    h.telegram.clear();
    await h.text(anna, "/news");
    expect(h.telegram.lastCall("sendPhoto")!.payload.caption).toBe("🗓 20 ноября 2026 г.");
    expect(h.lastTextTo(anna)).toBe(plain(long));
  });

  test("When there is nothing to show, then the client is pointed to /subscriptions", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна");
    await broadcast(h, "sales", { kind: "all" }, 12, { ru: "Скидки на серебро." });
    await createTopics(h.db).set(client.id, "sales", false);
    await h.text(anna, "/news");
    expect(h.lastTextTo(anna)).toBe("Пока нет новостей по темам, которые вы выбрали. Выбрать темы — /subscriptions.");
  });

  test("When a Chinese-speaking client types /news, then the post is in Chinese with her greeting and a Chinese date", async ({ h }) => {
    const client = await h.join(wang, "+8613800138000", "王芳", "zh");
    await h.db.client.update({ where: { id: client.id }, data: { gender: "female" } });
    await broadcast(h, "stones", { kind: "all" }, 10, { ru: "{обращение}! Танзаниты.", zh: "{称呼}：新到坦桑石。", photo: "AgAD-tanzanite" });
    await h.text(wang, "/news");
    expect(h.textsTo(wang)).toEqual(["最新消息：", "🗓 2026年11月10日\n\n尊敬的王女士：新到坦桑石。"]);
    await createTopics(h.db).setAll(client.id, false);
    await h.text(wang, "/news");
    expect(h.lastTextTo(wang)).toBe("您选择的主题暂时没有新消息。选择主题请发送 /subscriptions。");
  });
});

describe("the menus", () => {
  test("When a client's command menu and /help are built, then /news and /subscriptions are in them in both languages", async ({ h }) => {
    expect(commandsFor("client", "ru")).toEqual(expect.arrayContaining([
      { command: "news", description: "Последние новости магазина" },
      { command: "subscriptions", description: "О чём вам писать" },
    ]));
    expect(commandsFor("client", "zh")).toEqual(expect.arrayContaining([
      { command: "news", description: "店铺最新消息" },
      { command: "subscriptions", description: "选择接收的消息" },
    ]));
    await h.join(wang, "+8613800138000", "王芳", "zh");
    await h.text(wang, "/help");
    expect(h.lastTextTo(wang)).toContain("/subscriptions — 选择接收哪些消息");
  });
});
