// Feedback through the real bot and a fake Telegram, in Russian and Chinese:
// the morning's question three days after a purchase and the day after a
// ticket is handed over; a 5 thanked; a 2 asking what went wrong and a
// comment, which reach each owner in the owner's language once; a double tap;
// forged data for another client's purchase; staff's record from the file.
import { describe, expect } from "vitest";
import { clientFileCallbacks } from "../../bot/keyboards/client-file.ts";
import { feedbackCallbacks, recordCallbacks } from "../../bot/keyboards/feedback.ts";
import { formatter, translator, type Language } from "../../bot/i18n.ts";
import { greetingFor } from "../../bot/notices/broadcast.ts";
import { stars } from "../../bot/views/feedback.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();
/** Three days before the harness's clock (24 November 2026, 12:00 in Moscow). */
const THREE_DAYS_AGO = new Date("2026-11-21T09:00:00Z");

/** A purchase logged three days ago, and the harness's clock back at today. */
async function purchaseThreeDaysAgo(h: Harness, clientId: number) {
  const now = h.clock.now();
  h.clock.set(THREE_DAYS_AGO);
  const { purchase } = await h.services.purchases.log(
    { clientId, amount: 80_000_00, items: [{ description: "Кольцо", stone: "танзанит" }], redeem: 0, idempotencyKey: `p${clientId}` },
    { telegramId: 501, role: "staff" },
  );
  h.clock.set(now);
  return purchase.id;
}

describe.each(["ru", "zh"] as const)("feedback in %s", (lang: Language) => {
  const t = translator(lang);
  const fmt = formatter(lang, "RUB", "Europe/Moscow");
  const other: Language = lang === "ru" ? "zh" : "ru";
  const anna: Person = { id: 601, first_name: "Анна", language_code: lang };
  const bo: Person = { id: 602, first_name: "Бо", language_code: other };
  /** The owner reads the other language: the alert is in theirs, whatever the client's. */
  const owner: Person = { id: 1, first_name: "Елена", language_code: other };
  const seller: Person = { id: 501, first_name: "Игорь", language_code: lang };

  test("When the morning comes three days after a purchase, then the client is asked once in their language and a 5 is thanked; a double tap changes nothing", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    const id = await purchaseThreeDaysAgo(h, client.id);
    await h.morning();
    await h.morning();
    await h.flushOutbox();
    const greeting = greetingFor(await h.db.client.findUniqueOrThrow({ where: { id: client.id } }));
    const question = t("feedback.ask_purchase_items", { greeting, date: fmt.date(THREE_DAYS_AGO), items: "Кольцо" });
    expect(h.textsTo(anna).filter((x) => x === question).length).toBe(1);
    expect(h.buttonsOf(anna)).toEqual([1, 2, 3, 4, 5].map((rating) => feedbackCallbacks.rate.pack({ target: "purchase", id, rating })));

    const five = feedbackCallbacks.rate.pack({ target: "purchase", id, rating: 5 });
    await h.tap(anna, five);
    expect(h.lastAnswer()?.text).toBe(t("feedback.thanks"));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toBe(`${question}\n\n${t("feedback.rated", { stars: stars(5) })}`);
    expect(h.lastTextTo(anna)).toBe(t("feedback.thanks_high"));
    const calls = h.telegram.calls.length;
    await h.tapAgain(anna, five);
    await h.tapAgain(anna, feedbackCallbacks.rate.pack({ target: "purchase", id, rating: 1 }));
    expect(h.lastAnswer()?.text).toBe(t("feedback.already"));
    expect(h.telegram.calls.slice(calls).map((c) => c.method)).toEqual(["answerCallbackQuery", "answerCallbackQuery"]);
    expect(await h.db.feedback.findMany({ select: { clientId: true, purchaseId: true, rating: true } })).toEqual([{ clientId: client.id, purchaseId: id, rating: 5 }]);
  });

  test("When a client rates 2, names the price and writes a comment, then the owner is alerted once in the owner's language and sees it on the file", async ({ h }) => {
    await h.text(owner, "/help");
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    const id = await purchaseThreeDaysAgo(h, client.id);
    await h.morning();
    await h.flushOutbox();
    await h.tap(anna, feedbackCallbacks.rate.pack({ target: "purchase", id, rating: 2 }));
    expect(h.lastTextTo(anna)).toBe(t("feedback.ask_problem"));
    const feedback = (await h.db.feedback.findFirstOrThrow()).id;
    await h.tap(anna, feedbackCallbacks.problem.pack({ feedback, problem: "price" }));
    expect(h.lastTextTo(anna)).toBe(t("feedback.ask_comment"));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain(t("feedback.problem_chosen", { problem: t("feedback.problem.price") }));
    // The same choice again edits nothing (Telegram would refuse it).
    await h.tapAgain(anna, feedbackCallbacks.problem.pack({ feedback, problem: "price" }));
    await h.text(anna, "Дорого за такой камень");
    expect(h.lastTextTo(anna)).toBe(t("feedback.done"));
    await h.tap(anna, feedbackCallbacks.skip.pack({ feedback }));
    expect(h.lastAnswer()?.text).toBe(t("feedback.done_already"));
    await h.flushOutbox();
    await h.morning();
    await h.flushOutbox();

    const ownerT = translator(other);
    const alerts = h.textsTo(owner).filter((x) => x.startsWith("⚠️"));
    expect(alerts.map(plain)).toEqual([
      ownerT("feedback.alert", {
        rating: 2,
        client: "Анна Ивановна",
        phone: "+7 900 123 45 67",
        target: ownerT("feedback.alert_purchase", { id }),
        problem: ownerT("feedback.problem.price"),
        comment: "Дорого за такой камень",
      }),
    ]);
    await h.tap(owner, clientFileCallbacks.show.pack({ client: client.id }));
    const file = h.lastTextTo(owner);
    expect(file).toContain(ownerT("feedback.file_title"));
    expect(file).toContain(`${ownerT("feedback.file_rating", { rating: 2 })}, ${ownerT("feedback.file_purchase", { id })} — ${ownerT("feedback.problem.price")}: «Дорого за такой камень»`);
  });

  test("When a ticket was handed over yesterday, then the client is asked about it; a 3 with 'no comment' alerts the owner once", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    const ticket = await h.db.serviceTicket.create({
      data: { number: "C-0007", clientId: client.id, kind: "cleaning", description: "Серьги", stage: "handed_over", handedOverAt: new Date("2026-11-23T14:00:00Z") },
    });
    await h.morning();
    await h.flushOutbox();
    expect(h.lastTextTo(anna)).toContain(t("feedback.ask_ticket", { greeting: greetingFor({ ...client, language: lang }), number: "C-0007" }));
    await h.tap(anna, feedbackCallbacks.rate.pack({ target: "ticket", id: ticket.id, rating: 3 }));
    const feedback = (await h.db.feedback.findFirstOrThrow()).id;
    await h.tap(anna, feedbackCallbacks.problem.pack({ feedback, problem: "staff" }));
    await h.tap(anna, feedbackCallbacks.skip.pack({ feedback }));
    expect(h.lastTextTo(anna)).toBe(t("feedback.done"));
    await h.tapAgain(anna, feedbackCallbacks.skip.pack({ feedback }));
    expect(h.lastAnswer()?.text).toBe(t("feedback.done_already"));
    await h.flushOutbox();
    const alerts = h.textsTo(owner).filter((x) => x.startsWith("⚠️"));
    expect(alerts.length).toBe(1);
    expect(alerts[0]).toContain("C-0007");
    expect(await h.db.feedback.findFirstOrThrow()).toMatchObject({ ticketId: ticket.id, rating: 3, problem: "staff", comment: null });
  });

  test("When a client taps a rating for another client's purchase, then it is refused and nothing is written", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.join(bo, "+79001234568", "Бо", other);
    const id = await purchaseThreeDaysAgo(h, client.id);
    await h.tap(bo, feedbackCallbacks.rate.pack({ target: "purchase", id, rating: 1 }));
    expect(h.lastAnswer()).toMatchObject({ text: translator(other)("errors.feedback_not_found"), show_alert: true });
    await h.tap(bo, feedbackCallbacks.rate.pack({ target: "purchase", id: 999, rating: 9 }));
    expect(h.lastAnswer()).toMatchObject({ text: translator(other)("errors.rating_invalid"), show_alert: true });
    await h.tap(bo, feedbackCallbacks.problem.pack({ feedback: 1, problem: "staff" }));
    expect(h.lastAnswer()).toMatchObject({ text: translator(other)("errors.feedback_not_found"), show_alert: true });
    expect(await h.db.feedback.count()).toBe(0);
    // Staff are not clients: their tap rates nothing.
    await h.hire(seller);
    await h.tap(seller, feedbackCallbacks.rate.pack({ target: "purchase", id, rating: 5 }));
    expect(h.lastAnswer()).toMatchObject({ text: t("feedback.not_registered"), show_alert: true });
    expect(await h.db.feedback.count()).toBe(0);
  });

  test("When a seller records a complaint from the file, then it is written once and shows there; a client cannot", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.hire(seller, 1, lang);
    await h.text(seller, "/client +79001234567");
    await h.tap(seller, clientFileCallbacks.feedback.pack({ client: client.id }));
    expect(h.lastTextTo(seller)).toBe(t("feedback.record.ask_kind", { name: "Анна Ивановна" }));
    await h.tap(seller, recordCallbacks.kind.pack({ kind: "complaint" }));
    await h.tapAgain(seller, recordCallbacks.kind.pack({ kind: "complaint" }));
    expect(h.lastAnswer()?.text).toBe(t("unhandled.callback"));
    await h.tap(seller, recordCallbacks.problem.pack({ problem: "moment_of_sale" }));
    await h.text(seller, "x".repeat(1001));
    expect(h.lastTextTo(seller)).toBe(plain(t("errors.feedback_comment_invalid", { max: fmt.number(1000) })));
    await h.text(seller, "Долго ждала у кассы");
    expect(h.lastTextTo(seller)).toBe(t("feedback.record.saved", { kind: t("feedback.record.kind.complaint"), problem: t("feedback.problem.moment_of_sale") }));
    expect(await h.db.feedback.findMany({ select: { kind: true, problem: true, comment: true, staffTelegramId: true } })).toEqual([
      { kind: "complaint", problem: "moment_of_sale", comment: "Долго ждала у кассы", staffTelegramId: BigInt(seller.id) },
    ]);
    await h.text(seller, "/client +79001234567");
    expect(h.lastTextTo(seller)).toContain(`${t("feedback.record.kind.complaint")} — ${t("feedback.problem.moment_of_sale")}: «Долго ждала у кассы»`);

    await h.tap(anna, clientFileCallbacks.feedback.pack({ client: client.id }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.not_allowed"), show_alert: true });
    await h.tap(anna, recordCallbacks.kind.pack({ kind: "refusal" }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.not_allowed"), show_alert: true });
    expect(await h.db.feedback.count()).toBe(1);
  });
});
