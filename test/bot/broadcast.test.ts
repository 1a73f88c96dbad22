// The owner's broadcast through the bot: compose, preview, send, and what each
// client receives, with the fake Telegram client refusing what Telegram would.
import { describe, expect } from "vitest";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const anna: Person = { id: 101, first_name: "Анна", language_code: "ru" };
const ivan: Person = { id: 102, first_name: "Иван", language_code: "ru" };
const fang: Person = { id: 103, first_name: "芳", language_code: "zh" };

const test = botTest();

async function threeClients(h: Harness) {
  const a = await h.join(anna, "+79001110001", "Анна Ивановна");
  const i = await h.join(ivan, "+79001110002", "Иван Петрович");
  const f = await h.join(fang, "+8613800000003", "王芳", "zh");
  return { a, i, f };
}

/**
 * /broadcast up to the preview: a topic, a segment (its buttons, or a typed
 * word for a stone or a tag), no photo, a text per language ("" skips it).
 */
async function compose(
  h: Harness,
  ru = "{обращение}! Поступил танзанит.",
  zh = "{称呼}：新到坦桑石。",
  { topic = "stones", segment = ["bc:seg:all"], word }: { topic?: string; segment?: string[]; word?: string } = {},
) {
  await h.text(owner, "/broadcast");
  await h.tap(owner, `bc:topic:${topic}`);
  for (const data of segment) await h.tap(owner, data);
  if (word) await h.text(owner, word);
  await h.tap(owner, "bc:nophoto");
  if (ru) await h.text(owner, ru);
  else await h.tap(owner, "bc:skip:ru");
  if (zh) await h.text(owner, zh);
  else await h.tap(owner, "bc:skip:zh");
}

const broadcastTexts = (h: Harness, p: Person) =>
  h.telegram.calls.filter((c) => c.ok && c.method === "sendMessage" && Number(c.payload.chat_id) === p.id).map((c) => plain(String(c.payload.text)));

describe("broadcast", () => {
  test("When the owner composes a broadcast, then the preview shows one real client's message and who gets it", async ({ h }) => {
    await threeClients(h);
    await compose(h);
    const texts = h.textsTo(owner).map(plain);
    expect(texts.some((t) => t.includes("Уважаемая Анна Ивановна! Поступил танзанит."))).toBe(true);
    expect(texts.at(-1)).toContain("Получат: 3.");
    expect(texts.at(-1)).toContain("По-русски: 2, по-китайски: 1.");
    expect(h.buttonsOf(owner)).toEqual(expect.arrayContaining([expect.stringMatching(/^bc:send:\d+$/), expect.stringMatching(/^bc:later:\d+$/)]));
    // Nothing is sent before the owner confirms.
    expect(await h.services.db.outbox.count()).toBe(0);
  });

  test("When the owner sends, then each client gets exactly one message in their language with a stop button, and the stats say so", async ({ h }) => {
    await threeClients(h);
    await compose(h);
    await h.tap(owner, "bc:send:");
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toEqual(["Уважаемая Анна Ивановна! Поступил танзанит."]);
    expect(broadcastTexts(h, ivan)).toEqual(["Уважаемый Иван Петрович! Поступил танзанит."]);
    expect(broadcastTexts(h, fang)).toEqual(["尊敬的王芳：新到坦桑石。"]);
    expect(h.buttonsOf(anna)).toEqual(["sub:stop:stones"]);
    expect(await h.services.db.outbox.count({ where: { broadcastId: 1 } })).toBe(3);
    expect((await h.services.db.outbox.findFirstOrThrow({ where: { broadcastId: 1 } })).dedupeKey).toMatch(/^broadcast:1:\d+$/);

    await h.broadcastTick();
    const stats = h.telegram.calls.filter((c) => c.ok && c.method === "editMessageText" && Number(c.payload.chat_id) === owner.id).map((c) => plain(String(c.payload.text)));
    expect(stats.at(-1)).toContain("✅ Отправка завершена");
    expect(stats.at(-1)).toContain("✅ Доставлено: 3");
    expect((await h.services.db.broadcast.findUniqueOrThrow({ where: { id: 1 } })).status).toBe("done");
  });

  test("When the send button is tapped twice, then the broadcast is queued once", async ({ h }) => {
    await threeClients(h);
    await compose(h);
    await h.tap(owner, "bc:send:");
    await h.tapAgain(owner, "bc:send:1");
    expect(h.lastAnswer()?.text).toContain("второй раз она не отправится");
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toHaveLength(1);
    expect(await h.services.db.outbox.count({ where: { broadcastId: 1 } })).toBe(3);
  });

  test("When a Chinese reader is among the recipients and the Chinese text was skipped, then sending is refused and the text asked for", async ({ h }) => {
    await threeClients(h);
    await compose(h, "{обращение}! Поступил танзанит.", "");
    const texts = h.textsTo(owner).map(plain);
    expect(texts.some((t) => t.includes("читающих по-китайски: 1"))).toBe(true);
    expect(texts.at(-1)).toContain("Текст на китайском");
    await h.text(owner, "{称呼}：新到坦桑石。");
    expect(h.lastTextTo(owner)).toContain("Получат: 3.");
  });

  test("When a client stopped the topic, then the broadcast skips them and the stats count them as opted out", async ({ h }) => {
    const { i } = await threeClients(h);
    await h.services.topics.set(i.id, "stones", false);
    await compose(h);
    expect(h.lastTextTo(owner)).toContain("отписались от темы — 1");
    await h.tap(owner, "bc:send:");
    await h.flushOutbox();
    expect(broadcastTexts(h, ivan)).toEqual([]);
    const stats = await h.services.broadcasts.stats(1);
    expect(stats).toMatchObject({ planned: 3, sent: 2, skippedOptOut: 1 });
  });

  test("When a client blocked the bot (403), then they are marked unreachable and the next broadcast skips them", async ({ h }) => {
    await threeClients(h);
    await compose(h);
    h.telegram.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await h.tap(owner, "bc:send:");
    await h.flushOutbox();
    expect(await h.services.broadcasts.stats(1)).toMatchObject({ sent: 2, blocked: 1 });
    const blocked = await h.services.db.client.findFirstOrThrow({ where: { blockedAt: { not: null } } });

    await compose(h, "{обращение}! Скидки.", "{称呼}：打折。", { topic: "sales" });
    expect(h.lastTextTo(owner)).toContain("заблокировали бота — 1");
    await h.tap(owner, "bc:send:2");
    await h.flushOutbox();
    const second = await h.services.db.outbox.findFirstOrThrow({ where: { broadcastId: 2, clientId: blocked.id } });
    expect(second).toMatchObject({ status: "skipped", lastError: "unreachable" });
  });

  test("When a client blocks the bot and later starts it again, then broadcasts skip them only while blocked", async ({ h }) => {
    const { a } = await threeClients(h);
    await h.chatMember(anna, "kicked");
    expect((await h.services.db.client.findUniqueOrThrow({ where: { id: a.id } })).blockedAt).not.toBeNull();
    expect((await h.services.broadcasts.audience({ topic: "stones", segment: { kind: "all" } })).unreachable).toBe(1);
    await h.chatMember(anna, "member");
    expect((await h.services.db.client.findUniqueOrThrow({ where: { id: a.id } })).blockedAt).toBeNull();
    expect((await h.services.broadcasts.audience({ topic: "stones", segment: { kind: "all" } })).send).toBe(3);
  });

  test("When Telegram answers 429 with a long retry_after, then the message waits that long and goes once", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна Ивановна");
    await compose(h, "{обращение}! Поступил танзанит.", "");
    h.telegram.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 60", parameters: { retry_after: 60 } });
    await h.tap(owner, "bc:send:");
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toEqual([]);
    expect(await h.services.db.outbox.findFirstOrThrow({ where: { broadcastId: 1 } })).toMatchObject({ status: "pending", attempts: 0 });
    h.clock.advance(61_000);
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toHaveLength(1);
  });

  test("When it is quiet hours, then broadcasts wait for the morning while a purchase's thanks still go", async ({ h }) => {
    const { a } = await threeClients(h);
    await compose(h);
    await h.tap(owner, "bc:send:");
    h.clock.set(new Date("2026-11-24T19:30:00Z")); // 22:30 in Moscow
    await h.services.outbox.enqueue(h.services.db, { chatId: anna.id, clientId: a.id, kind: "purchase_thanks", message: { text: "Спасибо за покупку" } });
    await h.flushOutbox();
    expect(h.textsTo(anna)).toEqual(["Спасибо за покупку"]);
    h.clock.set(new Date("2026-11-25T07:00:00Z")); // 10:00 in Moscow
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toEqual(["Спасибо за покупку", "Уважаемая Анна Ивановна! Поступил танзанит."]);
  });

  test("When a client already got two broadcasts this week, then a third skips them", async ({ h }) => {
    await threeClients(h);
    for (let n = 1; n <= 3; n++) {
      await compose(h, `{обращение}! Новость ${n}.`, `{称呼}：新闻 ${n}。`);
      await h.tap(owner, `bc:send:${n}`);
      await h.flushOutbox();
    }
    expect(broadcastTexts(h, anna)).toEqual(["Уважаемая Анна Ивановна! Новость 1.", "Уважаемая Анна Ивановна! Новость 2."]);
    // Nobody left to send the third one to: refused before anything is queued.
    expect(h.textsTo(owner).map(plain).some((t) => t.includes("нет никого, кому можно отправить"))).toBe(true);
    expect(await h.services.broadcasts.stats(3)).toMatchObject({ planned: 0 });
    // A client who joined since gets it; the others are counted as over the cap.
    const olga: Person = { id: 104, first_name: "Ольга" };
    await h.join(olga, "+79001110004", "Ольга Сергеевна");
    await compose(h, "{обращение}! Новость 3.", "{称呼}：新闻 3。");
    expect(h.lastTextTo(owner)).toContain("достигли недельного лимита рассылок — 3");
    await h.tap(owner, "bc:send:4");
    await h.flushOutbox();
    expect(await h.services.broadcasts.stats(4)).toMatchObject({ planned: 4, sent: 1, skippedCap: 3 });
    // A week later the cap is free again.
    h.clock.advance(7 * 86_400_000 + 1000);
    await compose(h, "{обращение}! Новость 5.", "{称呼}：新闻 5。");
    expect(h.lastTextTo(owner)).toContain("Получат: 4.");
  });

  test("When the owner schedules a broadcast, then it starts at that time and not before", async ({ h }) => {
    await threeClients(h);
    await compose(h);
    await h.tap(owner, "bc:later:");
    await h.text(owner, "24.11 10:00");
    expect(h.lastTextTo(owner)).toContain("уже прошло");
    await h.text(owner, "24.11 18:00");
    expect(h.lastTextTo(owner)).toContain("запланирована на 24 ноября в 18:00");
    await h.broadcastTick();
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toEqual([]);
    h.clock.set(new Date("2026-11-24T15:00:00Z"));
    await h.broadcastTick();
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toHaveLength(1);
  });

  test("When a scheduled broadcast can no longer go out at its time, then it is cancelled and the owner's message says why", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна Ивановна");
    await compose(h, "{обращение}! Поступил танзанит.", "");
    await h.tap(owner, "bc:later:");
    await h.text(owner, "24.11 18:00");
    // A Chinese reader joins before the time, and there is no Chinese text.
    await h.join(fang, "+8613800000003", "王芳", "zh");
    h.clock.set(new Date("2026-11-24T15:00:00Z"));
    await h.broadcastTick();
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toEqual([]);
    const edited = h.telegram.lastCall("editMessageText")!;
    expect(plain(String(edited.payload.text))).toContain("⏹ Остановлена");
    expect(plain(String(edited.payload.text))).toContain("читающих по-китайски: 1");
    expect((await h.services.db.broadcast.findUniqueOrThrow({ where: { id: 1 } })).status).toBe("cancelled");
  });

  test("When the owner attaches a photo, then clients get it with the text as its caption; a file is refused", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна Ивановна");
    await h.text(owner, "/broadcast");
    await h.tap(owner, "bc:topic:stones");
    await h.tap(owner, "bc:seg:all");
    await h.document(owner, { fileId: "doc-1", mimeType: "image/jpeg", fileName: "ring.jpg", size: 3_000_000 });
    expect(h.lastTextTo(owner)).toContain("как фото");
    await h.photo(owner, "ring-photo");
    await h.text(owner, "{обращение}! Кольцо с танзанитом.");
    await h.tap(owner, "bc:skip:zh");
    await h.tap(owner, "bc:send:");
    await h.flushOutbox();
    const photo = h.telegram.calls.find((c) => c.ok && c.method === "sendPhoto" && Number(c.payload.chat_id) === anna.id);
    expect(photo?.payload).toMatchObject({ photo: "ring-photo", caption: "Уважаемая Анна Ивановна! Кольцо с танзанитом." });
  });

  test("When a text is too long for a photo's caption, then it is refused with the limit", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна Ивановна");
    await h.text(owner, "/broadcast");
    await h.tap(owner, "bc:topic:stones");
    await h.tap(owner, "bc:seg:all");
    await h.photo(owner, "ring-photo");
    await h.text(owner, "{обращение}! " + "Очень длинный текст. ".repeat(60));
    expect(h.lastTextTo(owner)).toContain("924 символов");
  });

  test("When a seller tags a client on their file, then a broadcast to that tag reaches only them", async ({ h }) => {
    const { a } = await threeClients(h);
    const seller: Person = { id: 50, first_name: "Игорь" };
    await h.hire(seller);
    await h.text(seller, "/client +79001110001");
    await h.tap(seller, `file:tags:${a.id}`);
    expect(h.lastTextTo(seller)).toContain("Сейчас: нет");
    await h.text(seller, "x".repeat(41));
    expect(h.lastTextTo(seller)).toContain("до 20 тегов");
    await h.text(seller, " VIP-презентация ,  друзья салона, vip-презентация");
    expect(h.lastTextTo(seller)).toBe("Теги клиента: vip-презентация, друзья салона");
    await h.text(seller, "/client +79001110001");
    expect(h.lastTextTo(seller)).toContain("🏷 Теги: vip-презентация, друзья салона");

    await compose(h, "{обращение}! Приглашаем Вас.", "", { topic: "events", segment: ["bc:seg:tag"], word: "VIP-Презентация" });
    expect(h.lastTextTo(owner)).toContain("Получат: 1.");
    await h.tap(owner, "bc:send:");
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toEqual(["Уважаемая Анна Ивановна! Приглашаем Вас."]);
    expect(broadcastTexts(h, ivan)).toEqual([]);
    // A client cannot tag anyone, even with forged data.
    await h.tap(anna, `file:tags:${a.id}`);
    expect(h.lastAnswer()?.show_alert).toBe(true);
  });

  test("When the owner invites the top tier to an event, then each gets one personal invitation in their language with RSVP buttons, and the stats count the answers", async ({ h }) => {
    const { a, f } = await threeClients(h);
    const top = (await h.services.loyalty.tiers()).at(-1)!;
    for (const id of [a.id, f.id]) await h.services.db.client.update({ where: { id }, data: { tierId: top.id } });
    const { event } = await h.services.events.create(
      { telegramId: owner.id, role: "owner" },
      {
        titleRu: "Закрытая презентация",
        titleZh: "私人发布会",
        textRu: "Покажем коллекцию с танзанитами.",
        textZh: "展示坦桑石系列。",
        startsAt: new Date("2026-11-28T15:00:00Z"),
        place: "Салон на Тверской",
        capacity: 1,
        minTierId: top.id,
        audience: "all",
        plusOneAllowed: true,
      },
      "evt-key-1",
    );
    await h.text(owner, "/events");
    await h.tap(owner, `bc:invite:${event.id}`);
    await h.tap(owner, "bc:nophoto");
    const preview = h.textsTo(owner).map(plain);
    expect(preview.some((t) => t.startsWith("Уважаемая Анна Ивановна!\n\nЗакрытая презентация"))).toBe(true);
    expect(preview.at(-1)).toContain("Получат: 2.");
    await h.tap(owner, "bc:send:");
    await h.flushOutbox();

    const invitation = broadcastTexts(h, anna);
    expect(invitation).toHaveLength(1);
    expect(invitation[0]).toContain("📅 28 ноября в 18:00");
    expect(broadcastTexts(h, fang)[0]).toMatch(/^尊敬的王芳：\n\n私人发布会/);
    expect(broadcastTexts(h, ivan)).toEqual([]);
    expect(h.buttonsOf(anna)).toEqual([`rsvp:answer:${event.id}:going`, `rsvp:answer:${event.id}:plus_one`, `rsvp:answer:${event.id}:declined`, "sub:stop:events"]);

    await h.tap(anna, `rsvp:answer:${event.id}:going`);
    await h.tap(fang, `rsvp:answer:${event.id}:going`);
    expect(await h.services.events.counts(event.id)).toMatchObject({ going: 1, guests: 0, waiting: 1, declined: 0 });
    await h.broadcastTick();
    const stats = h.telegram.calls.filter((c) => c.ok && c.method === "editMessageText" && Number(c.payload.chat_id) === owner.id).map((c) => plain(String(c.payload.text)));
    expect(stats.at(-1)).toContain("придут 1 (+0 гостей), в листе ожидания 1, не смогут 0");
    // Sent and done, the invitation's message still follows the answers until the event.
    await h.tap(anna, `rsvp:answer:${event.id}:declined`);
    h.clock.advance(3_000);
    await h.broadcastTick();
    const later = h.telegram.calls.filter((c) => c.ok && c.method === "editMessageText" && Number(c.payload.chat_id) === owner.id).map((c) => plain(String(c.payload.text)));
    expect(later.at(-1)).toContain("✅ Отправка завершена");
    expect(later.at(-1)).toContain("придут 1 (+0 гостей), в листе ожидания 0, не смогут 1");
    // Nothing changed since: no edit (Telegram would refuse one that changes nothing).
    h.clock.advance(3_000);
    await h.broadcastTick();
    expect(h.telegram.calls.filter((c) => c.method === "editMessageText" && Number(c.payload.chat_id) === owner.id)).toHaveLength(later.length);
  });

  test("When a client or a seller types /broadcast, then it is refused", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна Ивановна");
    const seller: Person = { id: 50, first_name: "Игорь" };
    await h.hire(seller);
    await h.text(anna, "/broadcast");
    await h.text(seller, "/broadcasts");
    expect(h.lastTextTo(anna)).toContain("только для владельца");
    expect(h.lastTextTo(seller)).toContain("только для владельца");
    await h.tap(anna, "bc:send:1");
    expect(h.lastAnswer()?.text).toContain("только для владельца");
  });

  test("When the owner picks a tier, then only that tier's clients get it; /broadcasts lists it", async ({ h }) => {
    const { a } = await threeClients(h);
    const tiers = await h.services.loyalty.tiers();
    const top = tiers.at(-1)!;
    await h.services.db.client.update({ where: { id: a.id }, data: { tierId: top.id } });
    await h.text(owner, "/broadcast");
    await h.tap(owner, "bc:topic:events");
    await h.tap(owner, "bc:seg:tier");
    await h.tap(owner, "bc:tiers");
    expect(h.lastAnswer()?.text).toContain("хотя бы один");
    await h.tap(owner, `bc:tier:${top.code}`);
    await h.tap(owner, "bc:tiers");
    await h.tap(owner, "bc:nophoto");
    await h.text(owner, "{обращение}! Приглашаем Вас на закрытую презентацию.");
    await h.tap(owner, "bc:skip:zh");
    expect(h.lastTextTo(owner)).toContain("Получат: 1.");
    await h.tap(owner, "bc:send:");
    await h.flushOutbox();
    expect(broadcastTexts(h, anna)).toEqual(["Уважаемая Анна Ивановна! Приглашаем Вас на закрытую презентацию."]);
    expect(broadcastTexts(h, ivan)).toEqual([]);
    await h.text(owner, "/broadcasts");
    expect(h.lastTextTo(owner)).toMatch(/№ 1 · .* · Мероприятия · .* · доставлено 1 из 1/);
  });
});
