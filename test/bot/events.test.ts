// Events through the real bot and a fake Telegram, in Russian and Chinese:
// the owner's /event flow, clients' RSVP buttons with capacity and the
// waiting list, /events, the refusals, the reminder and staff's attendance.
import { describe, expect, it } from "vitest";
import { attendCallbacks, eventCallbacks, markChoice } from "../../bot/keyboards/events.ts";
import { broadcastCallbacks } from "../../bot/keyboards/broadcast.ts";
import { rsvpCallbacks, type RsvpAnswer } from "../../bot/keyboards/rsvp.ts";
import { formatter, translator, type Language } from "../../bot/i18n.ts";
import type { EventInput } from "../../core/events/types.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();
/** Tomorrow (the harness's clock is 24 November 2026, 12:00 in Moscow), 19:00 in Moscow. */
const TOMORROW_19 = new Date("2026-11-25T16:00:00Z");

type Markup = { inline_keyboard: { text: string; callback_data?: string }[][] };
const labelsOf = (markup: unknown) => (markup as Markup).inline_keyboard.flat().map((b) => b.text);
const pack = (event: number, answer: RsvpAnswer) => rsvpCallbacks.answer.pack({ event, answer });

async function openEvent(h: Harness, input: Partial<EventInput> = {}) {
  const full: EventInput = {
    titleRu: "Вечер танзанитов",
    titleZh: "坦桑石之夜",
    textRu: "Покажем новые камни.",
    textZh: "展示新宝石。",
    startsAt: TOMORROW_19,
    place: "Салон на Тверской",
    capacity: null,
    minTierId: null,
    audience: "all",
    plusOneAllowed: true,
    ...input,
  };
  return (await h.services.events.create({ telegramId: 1, role: "owner" }, full, `k${Math.random()}`)).event;
}

describe.each(["ru", "zh"] as const)("events in %s", (lang: Language) => {
  const t = translator(lang);
  const fmt = formatter(lang, "RUB", "Europe/Moscow");
  const owner: Person = { id: 1, first_name: "Елена", language_code: lang };
  const anna: Person = { id: 601, first_name: "Анна", language_code: lang };
  const other: Language = lang === "ru" ? "zh" : "ru";
  /** Reads the other language: his notices and buttons are in it, whoever sends them. */
  const bo: Person = { id: 602, first_name: "Бо", language_code: other };
  const seller: Person = { id: 501, first_name: "Игорь", language_code: lang };

  test("When the owner goes through /event, then each answer is checked, the event opens for the tier chosen and a second confirm creates nothing", async ({ h }) => {
    await h.text(owner, "/event");
    expect(h.lastTextTo(owner)).toBe(t("events.create.ask_title_ru"));
    for (const answer of ["Вечер танзанитов", "坦桑石之夜", "Покажем новые камни.", "展示新宝石。"]) await h.text(owner, answer);
    expect(h.lastTextTo(owner)).toBe(t("events.create.ask_when"));
    await h.text(owner, "31.11 19:00");
    expect(h.lastTextTo(owner)).toBe(t("errors.event_date_invalid"));
    await h.text(owner, "12.12 19:00");
    await h.text(owner, "Салон на Тверской");
    await h.text(owner, "0");
    expect(plain(h.lastTextTo(owner))).toContain(plain(fmt.number(10_000)));
    await h.text(owner, "20");
    const gold = await h.db.tier.findUniqueOrThrow({ where: { code: "gold" } });
    await h.tap(owner, eventCallbacks.tier.pack({ tier: gold.id }));
    await h.tap(owner, eventCallbacks.plus.pack({ allowed: "yes" }));
    const summary = h.lastTextTo(owner);
    expect(summary).toContain("Вечер танзанитов / 坦桑石之夜");
    expect(summary).toContain(fmt.dateTime(new Date("2026-12-12T16:00:00Z")));
    expect(summary).toContain(t("events.create.audience_line_tier", { tier: lang === "zh" ? gold.nameZh : gold.nameRu }));

    const ok = h.buttonsOf(owner).find((d) => eventCallbacks.ok.filter.test(d))!;
    await h.tap(owner, ok);
    await h.tapAgain(owner, ok);
    const events = await h.db.event.findMany();
    expect(events.map((e) => [e.startsAt.toISOString(), e.capacity, e.minTierId, e.plusOneAllowed, e.status])).toEqual([["2026-12-12T16:00:00.000Z", 20, gold.id, true, "open"]]);
    expect(h.lastAnswer()?.text).toBe(t("events.create.already", { id: events[0]!.id }));
    const shown = h.telegram.lastCall("editMessageText")!.payload;
    expect(shown.text).toContain(t("events.create.created", { id: events[0]!.id }));
    expect((shown.reply_markup as Markup).inline_keyboard.flat()).toEqual([{ text: t("events.create.invite"), callback_data: broadcastCallbacks.invite.pack({ event: events[0]!.id }) }]);
    expect(h.telegram.callsTo("editMessageText").length).toBe(1);
  });

  test("When the owner invites by a list, then the unknown entries are named and the known client is invited", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.text(owner, "/event");
    for (const answer of ["Закрытый показ", "私人展示", "Только для своих", "仅限受邀", "12.12.2026 19:00", "Салон"]) await h.text(owner, answer);
    await h.tap(owner, eventCallbacks.nolimit.pack({}));
    await h.tap(owner, eventCallbacks.audience.pack({ kind: "list" }));
    expect(h.lastTextTo(owner)).toBe(t("events.create.ask_list"));
    await h.text(owner, "8 900 123-45-67, +7 900 000-00-00");
    expect(h.lastTextTo(owner)).toContain(t("events.create.not_found", { list: "+7 900 000-00-00" }));
    await h.tap(owner, eventCallbacks.listed.pack({}));
    await h.tap(owner, eventCallbacks.plus.pack({ allowed: "no" }));
    expect(h.lastTextTo(owner)).toContain(t("events.create.audience_line_list", { n: 1 }));
    await h.tap(owner, eventCallbacks.ok);
    const event = await h.db.event.findFirstOrThrow();
    expect(await h.db.rsvp.findMany({ select: { clientId: true, status: true } })).toEqual([{ clientId: client.id, status: "invited" }]);
    expect([event.audience, event.capacity, event.plusOneAllowed]).toEqual(["list", null, false]);
  });

  test("When a client types /event, then they are refused and no flow starts", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.text(anna, "/event");
    expect(h.lastTextTo(anna)).toBe(t("errors.owner_only"));
    await h.tap(anna, eventCallbacks.plus.pack({ allowed: "yes" }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.owner_only"), show_alert: true });
  });

  test("When the last seat is taken, then the next client waits; when the first cancels, the next is moved up and told", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.join(bo, "+79001234568", "Бо", other);
    const event = await openEvent(h, { capacity: 2 });
    await h.tap(anna, pack(event.id, "plus_one"));
    expect(h.lastAnswer()?.text).toBe(t("events.toast.plus_one"));
    const marked = h.telegram.lastCall("editMessageReplyMarkup")!.payload;
    expect(labelsOf(marked.reply_markup)).toContain(t("events.rsvp.chosen", { label: t("events.rsvp.plus_one") }));
    const edits = h.telegram.callsTo("editMessageReplyMarkup").length;
    await h.tapAgain(anna, pack(event.id, "plus_one"));
    expect(h.telegram.callsTo("editMessageReplyMarkup").length).toBe(edits);
    expect(await h.db.rsvp.count()).toBe(1);

    const boT = translator(other);
    await h.tap(bo, pack(event.id, "going"));
    expect(h.lastAnswer()?.text).toBe(boT("events.toast.waiting", { position: 1 }));

    await h.text(anna, "/events");
    expect(h.lastTextTo(anna)).toContain(t("events.answer.plus_one"));
    await h.tap(anna, pack(event.id, "declined"));
    expect(h.lastAnswer()?.text).toBe(t("events.toast.declined"));
    expect(labelsOf(h.telegram.lastCall("editMessageReplyMarkup")!.payload.reply_markup)).toContain(t("events.rsvp.chosen", { label: t("events.rsvp.declined") }));
    expect(await h.flushOutbox()).toBe(1);
    expect(h.lastTextTo(bo)).toContain(other === "zh" ? "坦桑石之夜" : "Вечер танзанитов");
    expect(h.lastTextTo(bo)).toContain(boT("events.notice.you"));
    await h.text(bo, "/events");
    expect(h.lastTextTo(bo)).toContain(boT("events.answer.going"));

    await h.morning();
    await h.flushOutbox();
    expect(h.lastTextTo(bo)).toContain(formatter(other, "RUB", "Europe/Moscow").dateTime(TOMORROW_19));
    expect(await h.db.outbox.count({ where: { kind: "event_reminder" } })).toBe(1);
  });

  test("When a client taps a forged answer for an event they are not invited to, then it is refused and nothing is written", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    const gold = await h.db.tier.findUniqueOrThrow({ where: { code: "gold" } });
    const event = await openEvent(h, { minTierId: gold.id });
    await h.tap(anna, pack(event.id, "going"));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.event_not_invited"), show_alert: true });
    await h.tap(anna, pack(event.id + 100, "going"));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.event_not_found"), show_alert: true });
    expect(await h.db.rsvp.count()).toBe(0);
    await h.text(anna, "/events");
    expect(h.lastTextTo(anna)).toBe(t("events.none"));
  });

  test("When staff mark a guest on the evening of the event, then the bonus is credited once however often they tap", async ({ h }) => {
    await h.hire(seller, owner.id, lang);
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    const event = await openEvent(h, { startsAt: new Date("2026-11-24T16:00:00Z") });
    await h.tap(anna, pack(event.id, "going"));
    await h.text(seller, "/events");
    expect(h.lastTextTo(seller)).toContain(t("events.staff.counts", { going: 1, guests: 0, waiting: 0, declined: 0 }));
    h.clock.set(new Date("2026-11-24T17:30:00Z"));
    await h.text(seller, "/attendance");
    await h.tap(seller, attendCallbacks.event.pack({ event: event.id }));
    expect(labelsOf(h.telegram.lastCall("editMessageText")!.payload.reply_markup)[0]).toBe("▫️ Анна Ивановна");
    const mark = attendCallbacks.mark.pack({ event: event.id, client: client.id, to: "on" });
    await h.tap(seller, mark);
    expect(plain(h.lastAnswer()!.text!)).toBe(plain(t("events.attendance.marked", { name: "Анна Ивановна", points: t("points", { count: 300, n: fmt.number(300) }) })));
    await h.tapAgain(seller, mark);
    expect(h.lastAnswer()?.text).toBe(t("events.attendance.marked_no_bonus", { name: "Анна Ивановна" }));
    expect(await h.db.pointsEntry.count({ where: { clientId: client.id, kind: "event" } })).toBe(1);
    expect(labelsOf(h.telegram.lastCall("editMessageText")!.payload.reply_markup)[0]).toBe("✅ Анна Ивановна");
    await h.text(anna, "/attendance");
    expect(h.lastTextTo(anna)).toBe(t("errors.not_allowed"));
  });
});

describe("the buttons under an invitation", () => {
  it("When a client answers under an invitation with other buttons, then only the answer buttons change and the rest stay", () => {
    const t = translator("ru");
    const invitation = {
      inline_keyboard: [
        [{ text: "✅ Приду", callback_data: pack(7, "going") }, { text: "👥 Приду с гостем", callback_data: pack(7, "plus_one") }],
        [{ text: "✖️ Не смогу", callback_data: pack(7, "declined") }],
        [{ text: "🔕 Не присылать: мероприятия", callback_data: "sub:stop:events" }],
      ],
    };
    const marked = markChoice(t, invitation, { id: 7, plusOneAllowed: true }, { answer: "going", waiting: true });
    expect(labelsOf(marked)).toEqual([t("events.rsvp.waiting", { label: t("events.rsvp.going") }), t("events.rsvp.plus_one"), t("events.rsvp.declined"), "🔕 Не присылать: мероприятия"]);
    expect(marked.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""))).toEqual(invitation.inline_keyboard.flat().map((b) => b.callback_data));
  });
});
