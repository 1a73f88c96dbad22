// The sandbox as a newcomer meets it: `npm start` without a token, then people
// talking to the bot through the sandbox's chat API (what the web page calls).
import { describe, expect, it } from "vitest";
import { useSandbox } from "../support/sandbox-process.ts";

const ANNA = 1001;
const WANG = 1002;
const OLGA = 1003;
const SELLER = 2001;
const OWNER = 9001;

const { c, url } = useSandbox();

describe("the sandbox", () => {
  /** /start → consent → contact button → name → birthday (typed, or skipped with null): returns the card. */
  async function join(userId: number, words: { consent: string; phone: string; name: string; birthday: string }, name: string, birthday: string | null) {
    await c.say(userId, "/start");
    await c.waitForBot(userId, c.contains(words.consent));
    await c.tap(userId, "join:consent");
    await c.waitForBot(userId, c.contains(words.phone));
    await c.shareContact(userId);
    await c.waitForBot(userId, c.contains(words.name));
    await c.say(userId, name);
    await c.waitForBot(userId, c.contains(words.birthday));
    if (birthday === null) await c.tap(userId, "join:skip");
    else await c.say(userId, birthday);
    return c.waitForBot(userId, (m) => !!m.photo);
  }

  it("When the Russian-speaking newcomer joins, then she gets her QR card in Russian", async () => {
    const words = { consent: "согласие", phone: "номером телефона", name: "Как к вам обращаться", birthday: "день рождения" };
    const card = await join(ANNA, words, "Анна Ивановна", null);
    expect(card.caption).toContain("Баланс: 500 баллов");
    const photo = await fetch(`${url()}${card.photo}`);
    expect(photo.headers.get("content-type")).toBe("image/png");
  });

  it("When the Chinese-speaking newcomer joins, then every step and the card are in Chinese", async () => {
    const card = await join(WANG, { consent: "同意", phone: "手机号码", name: "怎么称呼", birthday: "生日" }, "王芳", "1990-05-03");
    expect(card.caption).toContain("积分余额：500 积分");
  });

  it("When the demo seller logs a purchase for the demo regular client, then she is thanked and sees it in /history", async () => {
    // The morning's call list in this chat names Ольга too: wait for the answer to this command.
    const before = await c.count(SELLER);
    await c.say(SELLER, "/purchase +7 916 111-22-33");
    await c.waitForBot(SELLER, c.contains("Ольга Сергеевна"), undefined, before);
    await c.say(SELLER, "54 000");
    await c.waitForBot(SELLER, c.contains("Опишите изделие"));
    await c.say(SELLER, "Кольцо; танзанит; белое золото 750; 17");
    await c.waitForBot(SELLER, c.contains("Добавлено"));
    await c.tap(SELLER, "pur:items");
    await c.waitForBot(SELLER, c.contains("Сколько баллов списать"));
    await c.tap(SELLER, "pur:redeem:0");
    await c.waitForBot(SELLER, c.contains("Проверьте покупку"));
    await c.tap(SELLER, "pur:ok:");
    const done = await c.waitForBot(SELLER, c.contains("записана"));
    const id = /№ (\d+)/.exec(done.text ?? "")![1];
    await c.waitForBot(OLGA, c.contains("Спасибо за покупку, Ольга Сергеевна!"));
    await c.say(OLGA, "/history");
    await c.waitForBot(OLGA, c.contains(`№ ${id}`));
  });

  it("When the demo seller works through /due and the next day comes, then the client who did not answer is on the morning's list again", async () => {
    // The morning job ran once the sandbox was up: the seller's call list is already in the chat.
    await c.waitForBot(SELLER, c.contains("Доброе утро"));
    const lineOf = (text: string | undefined, name: string) => (text ?? "").split("\n").find((l) => l.includes(name)) ?? "";
    let seen = await c.count(SELLER);
    await c.say(SELLER, "/due");
    const list = await c.waitForBot(SELLER, c.contains("Кому позвонить сегодня"), undefined, seen);
    const due = {
      "Екатерина Андреевна": "день рождения",
      "Наталья Викторовна": "после покупки",
      "Мария Петровна": "давно не покупал(а)",
      李娜: "сгорают баллы",
      "Ольга Сергеевна": "лучший клиент",
    };
    for (const [name, reason] of Object.entries(due)) expect(lineOf(list.text, name), name).toContain(reason);

    const open = c.button(list, "Наталья Викторовна");
    const client = /^due:open:(\d+):mine:0$/.exec(open)![1];
    seen = await c.count(SELLER);
    await c.tap(SELLER, open);
    const card = await c.waitForBot(SELLER, c.contains("👤 Наталья Викторовна"), undefined, seen);
    expect(card.text).toContain("+7 926 555 44 33");
    expect(card.text).toContain("всё ли в порядке с изделием?");
    await c.tap(SELLER, `due:call:${client}:no_answer`);
    await c.waitForBot(SELLER, c.contains("Наталья Викторовна: не ответил(а). Снова в списке"));

    const today = await c.clock();
    seen = await c.count(SELLER);
    const { clock, morning } = await c.nextDay();
    // A day on (plus the seconds the test took), and the page's date follows.
    expect(Date.parse(clock.now) - Date.parse(today.now)).toBeGreaterThanOrEqual(86_400_000);
    expect(Date.parse(clock.now) - Date.parse(today.now)).toBeLessThan(86_400_000 + 60_000);
    expect(clock.date > today.date).toBe(true);
    expect((await c.clock()).date).toBe(clock.date);
    expect(morning.pushed).toBeGreaterThan(0);
    const push = await c.waitForBot(SELLER, c.contains("Доброе утро"), undefined, seen);
    expect(lineOf(push.text, "Наталья Викторовна")).toContain("после покупки");
    // The others were due yesterday and not handled: still there, marked overdue.
    expect(lineOf(push.text, "Мария Петровна")).toContain("⏰");

    seen = await c.count(SELLER);
    await c.tap(SELLER, c.button(push, "Наталья Викторовна"));
    const again = await c.waitForBot(SELLER, c.contains("👤 Наталья Викторовна"), undefined, seen);
    expect(again.text).toContain("Не дозвонились 1 раз подряд");
  });

  it("When the owner opens the settings and the staff list, then the demo program and the demo seller are there", async () => {
    await c.say(OWNER, "/settings");
    await c.waitForBot(OWNER, c.contains("VIP"));
    await c.say(OWNER, "/staff");
    await c.waitForBot(OWNER, c.contains("Игорь (демо)"));
  });
});
