// Private viewings through the real bot and a fake Telegram, in Russian and
// Chinese: a client below the owner's tier is refused, one from it asks
// (checked words, one request per confirm key); staff on duty and the owner
// are told; a time typed by staff is checked, confirmed and reminded to both
// sides once; a proposed time is accepted by its client only; forged and
// role-less taps change nothing.
import { describe, expect } from "vitest";
import { formatter, translator, type Language } from "../../bot/i18n.ts";
import { viewingCallbacks as cb, viewingStaffCallbacks as st } from "../../bot/keyboards/viewings.ts";
import { botTest, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();
/** The harness's clock is 24 November 2026, 12:00 in Moscow; tomorrow at 15:00 in Moscow. */
const TOMORROW_15 = new Date("2026-11-25T12:00:00Z");

async function viewingsFrom(h: Harness, code: string) {
  const tier = await h.db.tier.findUniqueOrThrow({ where: { code } });
  await h.db.loyaltySettings.update({ where: { id: 1 }, data: { viewingTierId: tier.id } });
  return tier;
}

describe.each(["ru", "zh"] as const)("private viewings in %s", (lang: Language) => {
  const t = translator(lang);
  const fmt = formatter(lang, "RUB", "Europe/Moscow");
  const other: Language = lang === "ru" ? "zh" : "ru";
  const oT = translator(other);
  const owner: Person = { id: 1, first_name: "Елена", language_code: lang };
  const anna: Person = { id: 601, first_name: "Анна", language_code: lang };
  const bo: Person = { id: 602, first_name: "Бо", language_code: other };
  /** On duty, reads the other language. */
  const seller: Person = { id: 501, first_name: "Игорь", language_code: other };
  const offDuty: Person = { id: 502, first_name: "Олег", language_code: lang };

  /** Anna (gold) asks through the bot; returns the viewing's id. */
  async function ask(h: Harness): Promise<number> {
    await h.text(anna, "/viewing");
    await h.text(anna, "В будни после 18:00");
    await h.text(anna, "Серьги с танзанитом");
    await h.tap(anna, cb.ok);
    return (await h.db.viewing.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
  }

  test("When a client below the tier asks, then they are told from which tier; one from it asks once and staff on duty and the owner are told", async ({ h }) => {
    const gold = await viewingsFrom(h, "gold");
    await h.hire(seller, owner.id, other);
    await h.hire(offDuty, owner.id, lang);
    await h.db.staff.updateMany({ where: { telegramId: 502n }, data: { onDuty: false } });
    await h.text(owner, "/help");
    await h.join(bo, "+79001234568", "Бо", other);
    await h.text(bo, "/viewing");
    expect(h.lastTextTo(bo)).toBe(oT("viewings.tier_only", { tier: other === "zh" ? gold.nameZh : gold.nameRu }));
    expect(h.lastTextTo(bo)).not.toContain("{{");

    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.db.client.update({ where: { id: client.id }, data: { tierId: gold.id } });
    await h.text(anna, "/viewing");
    expect(h.lastTextTo(anna)).toBe(t("viewings.ask_when"));
    await h.text(anna, " \u200b ");
    expect(h.lastTextTo(anna)).toBe(t("errors.viewing_text_invalid", { max: "500" }));
    await h.text(anna, "В будни после 18:00");
    expect(h.lastTextTo(anna)).toBe(t("viewings.ask_wants"));
    await h.text(anna, "Серьги с танзанитом");
    expect(h.lastTextTo(anna)).toContain(t("viewings.summary", { preferred: "В будни после 18:00", wants: "Серьги с танзанитом" }));
    const send = h.buttonsOf(anna).find((d) => cb.ok.filter.test(d))!;
    await h.tap(anna, send);
    await h.tapAgain(anna, send);
    const viewings = await h.db.viewing.findMany();
    expect(viewings.map((v) => [v.clientId, v.status, v.preferred, v.wants])).toEqual([[client.id, "requested", "В будни после 18:00", "Серьги с танзанитом"]]);
    expect(h.lastAnswer()?.text).toBe(t("viewings.already", { id: viewings[0]!.id }));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toBe(t("viewings.sent", { id: viewings[0]!.id }));

    expect(await h.flushOutbox()).toBe(2);
    expect(h.lastTextTo(seller)).toContain(oT("viewings.notice.request", { id: viewings[0]!.id, name: "Анна Ивановна", phone: "+79001234567", preferred: "В будни после 18:00", wants: "Серьги с танзанитом" }));
    expect(h.buttonsOf(seller)).toEqual([st.confirm.pack({ viewing: viewings[0]!.id }), st.propose.pack({ viewing: viewings[0]!.id })]);
    // The owner has no staff row: the notice reads in the language of the owner's chat.
    expect(h.lastTextTo(owner)).toBe(t("viewings.notice.request", { id: viewings[0]!.id, name: "Анна Ивановна", phone: "+79001234567", preferred: "В будни после 18:00", wants: "Серьги с танзанитом" }));
    expect(h.textsTo(offDuty).some((x) => x.includes("Серьги"))).toBe(false);

    // A second request waits for the first: /viewing shows the one there is.
    await h.text(anna, "/viewing");
    expect(h.lastTextTo(anna)).toContain(t("viewings.status.requested", { id: viewings[0]!.id }));
    expect(h.buttonsOf(anna)).toEqual([cb.cancel.pack({ viewing: viewings[0]!.id })]);
  });

  test("When staff confirm a time, then a bad or past time is refused, the client is told in their language, and both are reminded once the day before", async ({ h }) => {
    await h.hire(seller, owner.id, other);
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    const id = await ask(h);
    await h.flushOutbox();
    await h.tap(seller, st.confirm.pack({ viewing: id }));
    expect(h.lastTextTo(seller)).toBe(oT("viewings.staff.ask_confirm", { id }));
    await h.text(seller, "31.02 15:00");
    expect(h.lastTextTo(seller)).toBe(oT("errors.viewing_time_invalid"));
    await h.text(seller, "24.11 10:00");
    expect(h.lastTextTo(seller)).toBe(oT("errors.viewing_time_past"));
    await h.text(seller, "25.11 15:00");
    const sellerFmt = formatter(other, "RUB", "Europe/Moscow");
    expect(h.lastTextTo(seller)).toBe(oT("viewings.staff.confirmed", { id, when: sellerFmt.dateTime(TOMORROW_15) }));
    expect((await h.db.viewing.findUniqueOrThrow({ where: { id } })).at?.toISOString()).toBe(TOMORROW_15.toISOString());

    await h.flushOutbox();
    expect(h.lastTextTo(anna)).toContain(fmt.dateTime(TOMORROW_15));
    expect(h.buttonsOf(anna)).toEqual([cb.cancel.pack({ viewing: id })]);
    // Another member tapping the old notice is told it is handled.
    await h.tap(owner, st.propose.pack({ viewing: id }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.viewing_handled"), show_alert: true });

    await h.morning();
    await h.morning();
    await h.flushOutbox();
    expect(h.textsTo(anna).filter((x) => x.includes(fmt.dateTime(TOMORROW_15))).length).toBe(2);
    expect(h.textsTo(seller).filter((x) => x.includes(oT("viewings.notice.reminder_staff", { id, when: sellerFmt.dateTime(TOMORROW_15), name: "Анна Ивановна", phone: "+79001234567", wants: "Серьги с танзанитом" }))).length).toBe(1);
    expect(await h.db.outbox.count({ where: { kind: "viewing_reminder" } })).toBe(2);
  });

  test("When the owner proposes another time, then only its client may accept it, once, and the owner is told in the owner's language", async ({ h }) => {
    await h.text(owner, "/viewing");
    expect(h.lastTextTo(owner)).toBe(t("viewings.staff.none"));
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.join(bo, "+79001234568", "Бо", other);
    const id = await ask(h);
    await h.text(owner, "/viewing");
    expect(h.lastTextTo(owner)).toContain(t("viewings.staff.state.requested"));
    await h.tap(owner, st.propose.pack({ viewing: id }));
    await h.text(owner, "25.11 15:00");
    expect(h.lastTextTo(owner)).toBe(t("viewings.staff.proposed", { id, when: fmt.dateTime(TOMORROW_15) }));
    await h.flushOutbox();
    expect(h.buttonsOf(anna)).toEqual([cb.accept.pack({ viewing: id }), cb.decline.pack({ viewing: id }), cb.cancel.pack({ viewing: id })]);

    await h.tap(bo, cb.accept.pack({ viewing: id }));
    expect(h.lastAnswer()).toMatchObject({ text: oT("errors.viewing_not_found"), show_alert: true });
    await h.tap(bo, st.confirm.pack({ viewing: id }));
    expect(h.lastAnswer()).toMatchObject({ text: oT("errors.not_allowed"), show_alert: true });
    expect((await h.db.viewing.findUniqueOrThrow({ where: { id } })).status).toBe("proposed");

    const accept = cb.accept.pack({ viewing: id });
    await h.tap(anna, accept);
    expect(h.lastAnswer()?.text).toBe(t("viewings.accept_done", { when: fmt.dateTime(TOMORROW_15) }));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain(t("viewings.status.confirmed", { id, when: fmt.dateTime(TOMORROW_15) }));
    const edits = h.telegram.callsTo("editMessageText").length;
    await h.tapAgain(anna, accept);
    expect(h.lastAnswer()?.text).toBe(t("viewings.unchanged"));
    expect(h.telegram.callsTo("editMessageText").length).toBe(edits);
    await h.flushOutbox();
    expect(h.lastTextTo(owner)).toBe(t("viewings.notice.accepted", { id, name: "Анна Ивановна", when: fmt.dateTime(TOMORROW_15) }));

    await h.tap(anna, cb.cancel.pack({ viewing: id }));
    expect(h.lastAnswer()?.text).toBe(t("viewings.cancel_done"));
    await h.flushOutbox();
    expect(h.lastTextTo(owner)).toBe(t("viewings.notice.cancelled", { id, name: "Анна Ивановна" }));
    await h.text(anna, "/viewing");
    expect(h.lastTextTo(anna)).toBe(t("viewings.ask_when"));
  });
});
