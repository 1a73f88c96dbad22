// The owner's /report through the bot: the period picker, the figures as text,
// the charts as one album, typed dates, the owner-only gate and a double tap,
// with the fake Telegram client refusing what Telegram would.
import { afterEach, describe, expect, it } from "vitest";
import { reportsSettled } from "../../bot/features/report.ts";
import { formatter, translator, type Language } from "../../bot/i18n.ts";
import { reportText } from "../../bot/views/report.ts";
import type { Report } from "../../core/reports/types.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const seller: Person = { id: 50, first_name: "Мария", language_code: "ru" };
const anna: Person = { id: 101, first_name: "Анна", language_code: "ru" };
const ivan: Person = { id: 102, first_name: "Иван", language_code: "ru" };

// The harness's clock stands at 24 November 2026, 12:00 in Moscow.
const test = botTest();

/** November: Анна twice (30 000 and 20 000 ₽), Иван once (10 000 ₽) after an October purchase. */
async function novemberSales(h: Harness) {
  const a = await h.join(anna, "+79001110001", "Анна Ивановна");
  const i = await h.join(ivan, "+79001110002", "Иван Петрович");
  const buy = (clientId: number, at: string, rub: number) =>
    h.db.purchase.create({ data: { clientId, amount: rub * 100, paid: rub * 100, currency: "RUB", createdAt: new Date(at) } });
  await buy(i.id, "2026-10-10T09:00:00Z", 10_000);
  await buy(a.id, "2026-11-05T09:00:00Z", 30_000);
  await buy(i.id, "2026-11-10T09:00:00Z", 10_000);
  await buy(a.id, "2026-11-20T09:00:00Z", 20_000);
}

/** Taps a period and waits until the report it started has been sent. */
async function pick(h: Harness, who: Person, data: string) {
  await h.tap(who, data);
  await reportsSettled();
}

const albums = (h: Harness) => h.telegram.calls.filter((c) => c.ok && c.method === "sendMediaGroup");
const photosSent = (h: Harness) => h.telegram.calls.filter((c) => c.method === "sendPhoto" || c.method === "sendMediaGroup");
const reportTexts = (h: Harness, p: Person) => h.textsTo(p).map(plain).filter((t) => t.includes("Выручка:") || t.includes("收入："));

// Each report draws four charts, CPU-bound (the first in a process also loads ECharts and the font): a busy machine needs more than the default time.
const DRAWS = 60_000;

describe("/report", () => {
  // A report still on its way belongs to its test: none runs on into the next one's database.
  afterEach(() => reportsSettled());

  test("When the owner picks this month, then the figures come as text and the four charts as one album", async ({ h }) => {
    await novemberSales(h);
    await h.text(owner, "/report");
    expect(h.lastTextTo(owner)).toBe("📊 Отчёт за какой период?");
    expect(h.buttonsOf(owner)).toEqual(["rep:period:this_month", "rep:period:last_month", "rep:period:this_quarter", "rep:period:this_year", "rep:period:last_year", "rep:dates"]);

    await pick(h, owner, "rep:period:this_month");
    expect(h.lastAnswer()?.text).toBe("Готовлю отчёт…");
    expect(h.telegram.lastCall("sendChatAction")?.payload.action).toBe("upload_photo");
    const [text] = reportTexts(h, owner);
    expect(text).toContain("📊 Отчёт: 1 ноября 2026 г. — 30 ноября 2026 г.");
    expect(text).toContain("💰 Выручка: 60 000 ₽ — 3 покупки, средний чек 20 000 ₽");
    expect(text).toContain("👥 Покупатели: 2 клиента");
    expect(text!.length).toBeLessThanOrEqual(4096);

    expect(albums(h)).toHaveLength(1);
    const media = albums(h)[0]!.payload.media as { type: string; caption?: string }[];
    expect(media.map((m) => m.type)).toEqual(["photo", "photo", "photo", "photo"]);
    expect(plain(media[0]!.caption ?? "")).toBe("📊 Графики: 1 ноября 2026 г. — 30 ноября 2026 г.");
    expect(media.slice(1).every((m) => m.caption === undefined)).toBe(true);
    expect(Object.values(albums(h)[0]!.files).map((f) => f.size > 10_000)).toEqual([true, true, true, true]);
  }, DRAWS);

  test("When nothing was bought in the period, then one message says so and no chart is sent", async ({ h }) => {
    await novemberSales(h);
    await h.text(owner, "/report");
    await pick(h, owner, "rep:period:last_year");
    expect(h.lastTextTo(owner)).toBe("📊 1 января 2025 г. — 31 декабря 2025 г.: покупок не было — показывать нечего.");
    expect(photosSent(h)).toEqual([]);
  });

  test("When a seller or a client asks for a report, then they get the owner-only refusal and nothing is built", async ({ h }) => {
    await novemberSales(h);
    await h.hire(seller);
    await h.text(seller, "/report");
    expect(h.lastTextTo(seller)).toBe("Эта команда только для владельца салона.");
    await h.text(anna, "/report");
    expect(h.lastTextTo(anna)).toBe("Эта команда только для владельца салона.");
    await h.tap(seller, "rep:period:this_month");
    await reportsSettled();
    expect(h.lastAnswer()).toEqual(expect.objectContaining({ text: "Эта команда только для владельца салона.", show_alert: true }));
    expect(photosSent(h)).toEqual([]);
  });

  test("When the owner reads Chinese, then the picker and the report are in Chinese", async ({ h }) => {
    await novemberSales(h);
    await h.text(owner, "/language");
    await h.tap(owner, "lang:set:zh");
    await h.text(owner, "/report");
    expect(h.lastTextTo(owner)).toBe("📊 查看哪个时期的报表？");
    await pick(h, owner, "rep:period:this_month");
    const [text] = reportTexts(h, owner);
    expect(text).toContain("💰 收入：60,000 卢布，3 笔购买，客单价 20,000 卢布");
    expect(text).toContain("👥 购买客户：2 位客户");
    expect(text).not.toMatch(/[а-яё]/i);
    expect(albums(h)).toHaveLength(1);
  }, DRAWS);

  test("When the owner types dates, then a wrong one is explained and a right one builds the report", async ({ h }) => {
    await novemberSales(h);
    await h.text(owner, "/report");
    await h.tap(owner, "rep:dates");
    expect(h.lastTextTo(owner)).toContain("например: 01.09.2026-30.11.2026");
    await h.text(owner, "31.11.2026-01.12.2026");
    expect(h.lastTextTo(owner)).toContain("Не понял даты. Напишите так: 01.09.2026-30.11.2026");
    await h.text(owner, "01.11.2026-19.11.2026");
    await reportsSettled();
    const [text] = reportTexts(h, owner);
    expect(text).toContain("📊 Отчёт: 1 ноября 2026 г. — 19 ноября 2026 г.");
    expect(text).toContain("💰 Выручка: 40 000 ₽ — 2 покупки, средний чек 20 000 ₽");
    expect(albums(h)).toHaveLength(1);
  }, DRAWS);

  test("When the owner cancels typing dates, then dates typed afterwards build nothing", async ({ h }) => {
    await novemberSales(h);
    await h.text(owner, "/report");
    await h.tap(owner, "rep:dates");
    await h.text(owner, "/cancel");
    await h.text(owner, "01.11.2026-30.11.2026");
    await reportsSettled();
    expect(reportTexts(h, owner)).toEqual([]);
    expect(photosSent(h)).toEqual([]);
  });

  test("When a period is tapped twice while its report is prepared, then one report is built and the second tap is told so", async ({ h }) => {
    await novemberSales(h);
    await h.text(owner, "/report");
    await h.tap(owner, "rep:period:this_month");
    await h.tapAgain(owner, "rep:period:this_month");
    expect(h.lastAnswer()?.text).toBe("Отчёт уже готовится, минутку.");
    await reportsSettled();
    expect(reportTexts(h, owner)).toHaveLength(1);
    expect(albums(h)).toHaveLength(1);

    // Once it is sent, the owner may ask again.
    await pick(h, owner, "rep:period:this_month");
    expect(albums(h)).toHaveLength(2);
  }, DRAWS);
});

/** A report with nothing to divide by (one purchase, nobody at the period's start), for the text alone. */
function thinReport(): Report {
  const split = { topClients: 1, clients: 1, revenueShare: 1 };
  return {
    period: { from: new Date("2026-10-31T21:00:00Z"), to: new Date("2026-11-30T21:00:00Z") },
    empty: false,
    revenue: 21_000_00,
    purchases: 1,
    averageCheck: 21_000_00,
    buyers: 1,
    newClients: { clients: 1, revenue: 21_000_00 },
    returningClients: { clients: 0, revenue: 0 },
    repeatRate: null,
    retention: { start: 0, end: 1, acquired: 1, crr: null },
    ltv: { value: null, averageCheck: null, purchasesPerMonth: null, margin: 0.4, monthsActive: null },
    ladder: { buyer: 21, repeat: 5, regular: 1, adherent: 0, advocate: 0 },
    byTotal: split,
    byAverageCheck: { ...split, revenueShare: null },
    pareto: [{ clientShare: 1, revenueShare: 1 }],
    abcXyz: [{ abc: "A", xyz: "Z", clients: 1, revenue: 21_000_00 }],
    revenueByMonth: [{ month: "2026-11", revenue: 21_000_00, purchases: 1, inPeriod: true }],
    followUps: [
      { telegramId: 1, name: null, done: 1, reached: 1, noAnswer: 0, callLater: 0, notInterested: 0 },
      { telegramId: 77, name: null, done: 5, reached: 2, noAnswer: 3, callLater: 0, notInterested: 0 },
    ],
    reach: { broadcasts: 0, planned: 0, delivered: 0, blocked: 0, failed: 0, skipped: 0, reachedClients: 0, reachableClients: 3 },
  };
}

const words = (lang: Language) => ({ t: translator(lang), fmt: formatter(lang, "RUB", "Europe/Moscow"), lang });

describe("report text", () => {
  it("When a figure cannot be computed, then it reads as a dash with the reason, and Russian plurals agree", () => {
    const text = plain(reportText(words("ru"), thinReport(), [1]));
    expect(text).toContain("💰 Выручка: 21 000 ₽ — 1 покупка, средний чек 21 000 ₽");
    expect(text).toContain("👥 Покупатели: 1 клиент");
    expect(text).toContain("• вернувшиеся: 0 клиентов на 0 ₽");
    expect(text).toContain("🔁 Повторные покупки: — (покупателей не было)");
    expect(text).toContain("📈 Удержание (CRR): — (на начало периода клиентов не было)");
    expect(text).toContain("💎 LTV: — (покупок ещё не было)");
    expect(text).toContain("покупатели 21 · повторные 5 · постоянные 1 · приверженцы 0 · адвокаты 0");
    expect(text).toContain("⚖️ 20/80 по сумме покупок: топ-20% (1 из 1) — 100% выручки\n⚖️ 20/80 по среднему чеку: —\n");
    expect(text).toContain("AX 0 · AY 0 · AZ 1");
    expect(text).toContain("владелец — 1 звонок: дозвонились 1");
    expect(text).toContain("id 77 — 5 звонков: дозвонились 2, не ответили 3");
    expect(text).toContain("📣 Рассылок не было.");
  });

  it("When LTV and CRR can be computed, then their factors are shown in the owner's language", () => {
    const r: Report = { ...thinReport(), retention: { start: 3, end: 4, acquired: 2, crr: 66.6667 }, ltv: { value: 40_320_00, averageCheck: 21_000_00, purchasesPerMonth: 0.4166, margin: 0.4, monthsActive: 11.5 } };
    expect(plain(reportText(words("ru"), r, [1]))).toContain("📈 Удержание (CRR): 66,67%\n   клиентов на начало S = 3, на конец E = 4, новых N = 2");
    expect(plain(reportText(words("ru"), r, [1]))).toContain("💎 LTV: 40 320 ₽\n   средний чек S 21 000 ₽ × покупок в месяц C 0,42 × маржа P 40% × срок T 11,5 месяца");
    expect(plain(reportText(words("zh"), r, [1]))).toContain("客单价 S 21,000 卢布 × 每月购买次数 C 0.42 × 毛利率 P 40% × 活跃期 T 11.5 个月");
  });

  it("When many staff called, then the text still fits one Telegram message", () => {
    const followUps = Array.from({ length: 200 }, (_, i) => ({ telegramId: 1000 + i, name: `Сотрудница с очень длинным именем номер ${i}`, done: 99, reached: 50, noAnswer: 20, callLater: 20, notInterested: 9 }));
    const text = reportText(words("ru"), { ...thinReport(), followUps }, [1]);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain("…и ещё 180");
  });
});
