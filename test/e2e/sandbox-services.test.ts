// Services through the sandbox (issue 10, item 8), the way a visitor of the
// page plays them: Ольга asks for a cleaning with a photo sent from the page,
// the seller moves the ticket through every stage (photographing the item at
// intake) and Ольга reads each notice in Russian; 芳 joins and reads hers in
// Chinese; the owner announces a cleaning day, Ольга books from the invitation
// and is reminded the morning before; her low rating of the cleaning reaches
// the owner; a wish marked as arrived reaches its client.
import { describe, expect, it } from "vitest";
import { solidPng } from "../support/png.ts";
import { useSandbox } from "../support/sandbox-process.ts";

const FANG = 1002;
const OLGA = 1003;
const SELLER = 2001;
const OWNER = 9001;
/** 刘婷: a demo client in Telegram (no persona), with an open wish for a tanzanite ring. */
const LIU_TING = 5005;

// Nothing the bot did was refused or failed (warnings and errors are all the sandbox logs here).
const { c, url } = useSandbox({ afterStop: (output) => expect(output).not.toMatch(/"level":(40|50)/) });

type Message = Awaited<ReturnType<typeof c.waitForBot>>;
const text = (m: Message) => m.text ?? m.caption ?? "";
const hasButton = (m: Message, data: string) => !!m.reply_markup?.inline_keyboard?.flat().some((b) => b.callback_data === data);

/**
 * Runs `act`, then waits for a bot message in `userId`'s chat that contains
 * `words` and is new or was edited to say them (a confirm edits its summary
 * into the outcome).
 */
async function answer(userId: number, words: string, act: () => Promise<unknown>): Promise<Message> {
  const was = new Map((await c.state(userId)).messages.map((m) => [m.id, text(m)]));
  await act();
  return c.waitForBot(userId, (m) => text(m).includes(words) && was.get(m.id) !== text(m));
}

/** Runs `act` (a tap), then waits for the button's answer on top of `userId`'s chat to say `words`. */
async function toast(userId: number, words: string, act: () => Promise<unknown>): Promise<void> {
  // A toast is new when it differs from the last one (the server stamps each with its time).
  const before = JSON.stringify((await c.state(userId)).toast);
  await act();
  await expect.poll(async () => {
    const now = (await c.state(userId)).toast;
    return now && JSON.stringify(now) !== before ? now.text : "";
  }, { timeout: 20_000 }).toContain(words);
}

/** "dd.mm" of the sandbox's date `days` on, as people type a day. */
async function dayAhead(days: number): Promise<string> {
  const d = new Date(`${(await c.clock()).date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return `${String(d.getUTCDate()).padStart(2, "0")}.${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Ticket № … as the client's "sent" message reads it. */
const ticketOf = (m: Message) => {
  const number = /№ (\d+)/.exec(text(m))![1]!;
  return { number, id: Number(number) };
};

/**
 * The seller opens the ticket (/tickets 7), taps its next stage, adds what
 * `extra` sends (a photo, a note, a date) and moves it.
 */
async function move(number: string, to: string, stage: string, extra?: () => Promise<unknown>) {
  await answer(SELLER, `№ ${number} ·`, () => c.say(SELLER, `/tickets ${number}`));
  await answer(SELLER, `№ ${number} → «${stage}»`, () => c.tap(SELLER, `ticketstaff:next:${Number(number)}:${to}`));
  if (extra) await answer(SELLER, `№ ${number} → «${stage}»`, extra);
  await answer(SELLER, "Клиенту отправлено уведомление", () => c.tap(SELLER, "ticketstaff:go:"));
}

describe("services in the sandbox", () => {
  let olgas: { number: string; id: number };

  it("When Ольга asks for a cleaning with a photo sent from the page, then she gets a ticket number, free for her tier, and the seller on duty is told", async () => {
    await answer(OLGA, "Что нужно сделать", () => c.say(OLGA, "/service"));
    await answer(OLGA, "Опишите изделие", () => c.tap(OLGA, "ticket:kind:cleaning"));
    await answer(OLGA, "Пришлите одно или несколько фото", () => c.say(OLGA, "Кольцо с танзанитом, белое золото 750 — почистить"));
    const png = solidPng(1600, 1200);
    let sent: Awaited<ReturnType<typeof c.photo>> | undefined;
    await answer(OLGA, "Фото получено (1)", async () => (sent = await c.photo(OLGA, png)));
    // Telegram's sizes, the largest last, each its own file.
    expect(sent!.photo.map((p) => p.width)).toEqual([90, 320, 800, 1280, 1600]);
    const own = (await c.state(OLGA)).messages.filter((m) => m.from === "user").at(-1)!;
    expect(own.photo).toBe(`/sandbox/file/${sent!.photo.at(-1)!.file_id}`);

    const done = await answer(OLGA, "отправлена: Чистка", () => c.tap(OLGA, "ticket:done:"));
    expect(text(done)).toContain("Для вас эта услуга бесплатна");
    olgas = ticketOf(done);
    const told = await c.waitForBot(SELLER, c.contains(`Новая заявка № ${olgas.number}`));
    expect(text(told)).toContain("Ольга Сергеевна");
    expect(text(told)).toContain("Фото: 1");
  }, 60_000);

  it("When the seller moves it through every stage, then Ольга reads each notice in Russian, confirms the intake photo and sees it again at pickup", async () => {
    const { number, id } = olgas;
    // The seller sees her photo as she sent it.
    await answer(SELLER, `№ ${number} ·`, () => c.say(SELLER, `/tickets ${number}`));
    const photo = await answer(SELLER, `№ ${number}: фото клиента`, () => c.tap(SELLER, `ticketstaff:photos:${id}`));
    expect((await fetch(`${url()}${photo.photo}`)).status).toBe(200);

    let seen = await c.count(OLGA);
    await move(number, "accepted", "Принята в салоне", () => c.photo(SELLER, solidPng(800, 600, [212, 175, 55])));
    const accepted = await c.waitForBot(OLGA, c.contains(`Заявка № ${number} (Чистка): изделие принято в салоне`), undefined, seen);
    expect(text(accepted)).toContain("Ольга Сергеевна");
    const confirm = await c.waitForBot(OLGA, c.contains("Это ваше изделие?"), undefined, seen);
    expect(confirm.photo).toMatch(/^\/sandbox\/file\//);
    await toast(OLGA, "Отметили, что это ваше изделие", () => c.tap(OLGA, `ticket:mine:${id}`));

    seen = await c.count(OLGA);
    const estimate = await dayAhead(3);
    await move(number, "in_work", "В работе", () => c.say(SELLER, estimate));
    const inWork = await c.waitForBot(OLGA, c.contains("мастер приступил к работе"), undefined, seen);
    expect(text(inWork)).toContain("Ориентировочно будет готово");

    seen = await c.count(OLGA);
    await move(number, "ready", "Готова к выдаче", () => c.say(SELLER, "Можно забирать с 11:00"));
    const ready = await c.waitForBot(OLGA, c.contains("изделие готово, ждём вас"), undefined, seen);
    expect(text(ready)).toContain("Комментарий салона: Можно забирать с 11:00");
    const pickup = await c.waitForBot(OLGA, c.contains("Так изделие выглядело при приёме"), undefined, seen);
    expect(pickup.photo).toBe(confirm.photo);

    seen = await c.count(OLGA);
    await move(number, "handed_over", "Выдана");
    await c.waitForBot(OLGA, c.contains(`Заявка № ${number} (Чистка): изделие выдано`), undefined, seen);
    await answer(OLGA, `№ ${number} · Чистка · Выдана`, () => c.say(OLGA, "/tickets"));
  }, 60_000);

  it("When 芳 joins and asks for a repair, then the seller's acceptance reaches her in Chinese", async () => {
    await answer(FANG, "同意", () => c.say(FANG, "/start"));
    await answer(FANG, "手机号码", () => c.tap(FANG, "join:consent"));
    await answer(FANG, "怎么称呼", () => c.shareContact(FANG));
    await answer(FANG, "生日", () => c.say(FANG, "王芳"));
    await answer(FANG, "积分余额", () => c.tap(FANG, "join:skip"));

    await answer(FANG, "您的首饰需要什么服务", () => c.say(FANG, "/service"));
    await answer(FANG, "请描述首饰", () => c.tap(FANG, "ticket:kind:repair"));
    await answer(FANG, "请发送一张或多张首饰照片", () => c.say(FANG, "金项链：扣环坏了"));
    await answer(FANG, "已收到照片（1）", () => c.photo(FANG, solidPng(640, 480)));
    const { number } = ticketOf(await answer(FANG, "已提交", () => c.tap(FANG, "ticket:done:")));
    const seen = await c.count(FANG);
    await move(number, "accepted", "Принята в салоне");
    await c.waitForBot(FANG, c.contains(`服务单 № ${number}（维修）：门店已收到您的首饰`), undefined, seen);
  }, 60_000);

  it("When the owner announces a cleaning day after tomorrow and Ольга books from the invitation, then the next morning she is reminded, and asked to rate the cleaning", async () => {
    let before = await c.count(OWNER);
    await c.say(OWNER, "/cleaning");
    await c.waitForBot(OWNER, (m) => hasButton(m, "cleannew:start"), undefined, before);
    await answer(OWNER, "Какого числа", () => c.tap(OWNER, "cleannew:start"));
    const seen = await c.count(OLGA);
    await answer(OWNER, "Время записи", async () => c.say(OWNER, await dayAhead(2)));
    await answer(OWNER, "Сколько клиентов", () => c.say(OWNER, "11:00-13:00 60"));
    await answer(OWNER, "Примечание для клиентов", () => c.say(OWNER, "2"));
    await answer(OWNER, "Проверьте день чистки", () => c.tap(OWNER, "cleannew:nonote"));
    const created = await answer(OWNER, "объявлен", () => c.tap(OWNER, "cleannew:ok:"));
    const day = Number(/№ (\d+)/.exec(text(created))![1]);

    const invitation = await c.waitForBot(OLGA, (m) => text(m).includes("Приглашаем на день чистки") && hasButton(m, `clean:slots:${day}`), undefined, seen);
    await c.tap(OLGA, `clean:slots:${day}`);
    // The invitation turns into the free times (its own words say "choose a time" too: wait for the buttons).
    await c.waitForBot(OLGA, (m) => m.id === invitation.id && !!m.reply_markup?.inline_keyboard?.flat().some((b) => b.callback_data?.startsWith(`clean:book:${day}:`)));
    await c.tap(OLGA, `clean:book:${day}:`);
    await c.waitForBot(OLGA, (m) => m.id === invitation.id && text(m).includes("Вы записаны на 11:00"));

    before = await c.count(OLGA);
    const { morning } = await c.nextDay();
    expect(morning).toMatchObject({ cleaning: 1 });
    const reminder = await c.waitForBot(OLGA, c.contains("Напоминаем: завтра"), undefined, before);
    expect(text(reminder)).toContain("в 11:00 — день чистки украшений");
    const ask = await c.waitForBot(OLGA, c.contains(`Заказ № ${olgas.number} выдан. Как вам наша работа?`), undefined, before);
    expect(c.button(ask, "2")).toBe(`fb:rate:ticket:${olgas.id}:2`);
  }, 60_000);

  it("When Ольга rates the cleaning 2 and says the staff were the problem, then the owner is alerted", async () => {
    const why = await answer(OLGA, "Что пошло не так", () => c.tap(OLGA, `fb:rate:ticket:${olgas.id}:2`));
    await answer(OLGA, "Расскажите в двух словах", () => c.tap(OLGA, c.button(why, "Сотрудник")));
    const seen = await c.count(OWNER);
    await answer(OLGA, "передали ваш отзыв владельцу", () => c.say(OLGA, "Пришлось ждать выдачи полчаса"));
    const alert = await c.waitForBot(OWNER, c.contains("Низкая оценка: 2 из 5"), undefined, seen);
    expect(text(alert)).toContain(`Заказ № ${olgas.number}`);
    expect(text(alert)).toContain("Пришлось ждать выдачи полчаса");
  }, 60_000);

  it("When the seller marks 刘婷's tanzanite ring as arrived, then she is invited in Chinese", async () => {
    const seen = await c.count(SELLER);
    await c.say(SELLER, "/wishes");
    const wish = await c.waitForBot(SELLER, (m) => text(m).includes("刘婷") && text(m).includes("танзанит"), undefined, seen);
    const before = await c.count(LIU_TING);
    await c.tap(SELLER, c.button(wish, "Пришло"));
    const notice = await c.waitForBot(LIU_TING, c.contains("您要找的到货了"), undefined, before);
    expect(text(notice)).toContain("想要一枚简单的坦桑石戒指");
  }, 60_000);
});
