// Broadcasts and events in the sandbox, the way a visitor tries them: the
// owner invites the top tier to the demo event from /events and composes news
// for everyone with /broadcast; the demo clients (Telegram ids that are no
// persona: their chats are read, not played) and the personas receive them in
// their languages, answer, and stop a topic.
import { describe, expect, it } from "vitest";
import { DEMO_EVENT } from "../../sandbox/demo-broadcasts.ts";
import { useSandbox } from "../support/sandbox-process.ts";

const ANNA = 1001;
const OLGA = 1003;
const OWNER = 9001;
// Demo clients: 陈静, Дмитрий Александрович and 张伟 are in the top tier with Ольга; Ирина is gold.
const CHEN = 5001;
const DMITRY = 5002;
const ZHANG = 5003;
const IRINA = 5004;

const { c } = useSandbox();

/** Every bot message in a chat that contains `text`, as the chat shows it now. */
async function botMessages(userId: number, text: string) {
  return (await c.state(userId)).messages.filter((m) => m.from === "bot" && (m.text ?? m.caption ?? "").includes(text));
}
const callbacks = (m: { reply_markup?: { inline_keyboard?: { callback_data?: string }[][] } | null }) =>
  m.reply_markup?.inline_keyboard?.flat().map((b) => b.callback_data) ?? [];
const labels = (m: { reply_markup?: { inline_keyboard?: { text: string }[][] } | null }) => m.reply_markup?.inline_keyboard?.flat().map((b) => b.text) ?? [];

describe("broadcasts and events in the sandbox", () => {
  let eventId = 0;

  it("When the owner invites the top tier from /events, then each top-tier demo client gets one personal invitation in their language, and an answer shows in /events", async () => {
    let seen = await c.count(OWNER);
    await c.say(OWNER, "/events");
    const list = await c.waitForBot(OWNER, c.contains(DEMO_EVENT.titleRu), undefined, seen);
    expect(list.text).toContain("придут: 2, с ними гостей: 1");
    const invite = c.button(list, "📨 Пригласить");
    eventId = Number(/^bc:invite:(\d+)$/.exec(invite)![1]);
    await c.tap(OWNER, invite);
    await c.waitForBot(OWNER, c.contains("Без фото"), undefined, seen);
    seen = await c.count(OWNER);
    await c.tap(OWNER, "bc:nophoto");
    const summary = await c.waitForBot(OWNER, c.contains("Получат:"), undefined, seen);
    expect(summary.text).toContain("Получат: 4.");
    expect(summary.text).toContain("По-русски: 2, по-китайски: 2.");
    expect(summary.text).not.toContain("тихие часы");
    const preview = await botMessages(OWNER, `Уважаемая Ольга Сергеевна!\n\n${DEMO_EVENT.titleRu}`);
    expect(preview).toHaveLength(1);

    await c.tap(OWNER, c.button(summary, "Отправить сейчас"));
    const stats = await c.waitForBot(OWNER, c.contains("Отправка завершена"), 20_000, seen);
    expect(stats.text).toContain("Доставлено: 4");
    expect(stats.text).toContain("🎟 Ответы: придут 2 (+1 гостей), в листе ожидания 0, не смогут 0");

    const greetings: [number, string, string][] = [
      [OLGA, "Уважаемая Ольга Сергеевна!", DEMO_EVENT.titleRu],
      [DMITRY, "Уважаемый Дмитрий Александрович!", DEMO_EVENT.titleRu],
      [CHEN, "尊敬的陈女士：", DEMO_EVENT.titleZh],
      [ZHANG, "尊敬的张先生：", DEMO_EVENT.titleZh],
    ];
    for (const [userId, greeting, title] of greetings) {
      const invitations = await botMessages(userId, title);
      expect(invitations, String(userId)).toHaveLength(1);
      expect(invitations[0]!.text).toMatch(new RegExp(`^${greeting}\\n\\n${title}`));
      expect(callbacks(invitations[0]!)).toEqual([`rsvp:answer:${eventId}:going`, `rsvp:answer:${eventId}:plus_one`, `rsvp:answer:${eventId}:declined`, "sub:stop:events"]);
    }
    // Ирина is a gold client, not invited.
    expect(await botMessages(IRINA, DEMO_EVENT.titleRu)).toEqual([]);

    await c.tap(OLGA, `rsvp:answer:${eventId}:going`);
    await c.waitForBot(OLGA, (m) => labels(m).includes("✓ ✅ Приду"));
    seen = await c.count(OLGA);
    await c.say(OLGA, "/events");
    await c.waitForBot(OLGA, c.contains("Ваш ответ: приду."), undefined, seen);
    seen = await c.count(OWNER);
    await c.say(OWNER, "/events");
    await c.waitForBot(OWNER, c.contains("придут: 3, с ними гостей: 1"), undefined, seen);
  }, 60_000);

  it("When a newcomer joins after the last news went out, then /news shows it to her with her greeting", async () => {
    await c.say(ANNA, "/start");
    await c.waitForBot(ANNA, c.contains("согласие"));
    await c.tap(ANNA, "join:consent");
    await c.waitForBot(ANNA, c.contains("номером телефона"));
    await c.shareContact(ANNA);
    await c.waitForBot(ANNA, c.contains("Как к вам обращаться"));
    await c.say(ANNA, "Анна Ивановна");
    await c.waitForBot(ANNA, c.contains("день рождения"));
    await c.tap(ANNA, "join:skip");
    await c.waitForBot(ANNA, (m) => !!m.photo);
    const seen = await c.count(ANNA);
    await c.say(ANNA, "/news");
    await c.waitForBot(ANNA, c.contains("Уважаемая Анна Ивановна! В салон пришли танзаниты"), undefined, seen);
  }, 60_000);

  it("When the owner sends news to everyone with both texts, then the clients get it in their languages with a stop button, and a tap on it stops the topic", async () => {
    let seen = await c.count(OWNER);
    await c.say(OWNER, "/broadcast");
    await c.waitForBot(OWNER, c.contains("О чём она?"), undefined, seen);
    await c.tap(OWNER, "bc:topic:stones");
    await c.waitForBot(OWNER, c.contains("Кому отправить?"), undefined, seen);
    await c.tap(OWNER, "bc:seg:all");
    await c.waitForBot(OWNER, c.contains("Без фото"), undefined, seen);
    await c.tap(OWNER, "bc:nophoto");
    await c.waitForBot(OWNER, c.contains("Текст на русском"), undefined, seen);
    await c.say(OWNER, "{обращение}! Привезли изумруды из Замбии — приходите посмотреть.");
    await c.waitForBot(OWNER, c.contains("Текст на китайском"), undefined, seen);
    await c.say(OWNER, "{称呼}：本店新到赞比亚祖母绿，欢迎光临。");
    const summary = await c.waitForBot(OWNER, c.contains("Получат:"), undefined, seen);
    // The seven demo clients in Telegram and Анна; the top tier's invitation is one broadcast of the two a week allows.
    expect(summary.text).toContain("Получат: 8.");
    expect(summary.text).toContain("По-русски: 5, по-китайски: 3.");
    // The summary itself turns into the stats.
    await c.tap(OWNER, c.button(summary, "Отправить сейчас"));
    const stats = await c.waitForBot(OWNER, c.contains("Отправка завершена"), 20_000, seen);
    expect(stats.text).toContain("Доставлено: 8");

    const news: [number, string][] = [
      [ANNA, "Уважаемая Анна Ивановна! Привезли изумруды из Замбии"],
      [OLGA, "Уважаемая Ольга Сергеевна! Привезли изумруды из Замбии"],
      [CHEN, "尊敬的陈女士：本店新到赞比亚祖母绿"],
      [ZHANG, "尊敬的张先生：本店新到赞比亚祖母绿"],
    ];
    for (const [userId, text] of news) {
      const got = await botMessages(userId, text);
      expect(got, String(userId)).toHaveLength(1);
      expect(callbacks(got[0]!)).toEqual(["sub:stop:stones"]);
    }
    expect(labels((await botMessages(CHEN, "祖母绿"))[0]!)[0]).toContain("🔕");

    seen = await c.count(OLGA);
    await c.tap(OLGA, "sub:stop:stones");
    await c.waitForBot(OLGA, c.contains("Больше не пишем вам о теме «Новые камни и коллекции»"), undefined, seen);
    seen = await c.count(OLGA);
    await c.say(OLGA, "/subscriptions");
    const menu = await c.waitForBot(OLGA, c.contains("Выберите, о чём вам писать"), undefined, seen);
    expect(labels(menu)).toContain("▫️ Новые камни и коллекции");
  }, 60_000);
});
