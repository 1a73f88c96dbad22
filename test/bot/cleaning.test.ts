// Cleaning days through the real bot and a fake Telegram, in Russian and
// Chinese: the owner's announcement from /cleaning, the invitation to
// followers of service news, booking from the invitation, a slot booked twice
// or over capacity, moving and cancelling, forged buttons, roles, the
// reminder the day before and staff marking who came.
import { describe, expect } from "vitest";
import type { CleaningDayInput } from "../../core/cleaning/types.ts";
import { formatter, translator, type Language } from "../../bot/i18n.ts";
import { cleaningCallbacks as cb, cleaningOwnerCallbacks as own, cleaningStaffCallbacks as st } from "../../bot/keyboards/cleaning.ts";
import { cleaningInvite } from "../../bot/notices/cleaning.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();
const CONFIG = { OWNER_IDS: [1], SHOP_NAME: "Аметист", SHOP_CURRENCY: "RUB" as const, SHOP_TIMEZONE: "Europe/Moscow", STAFF_INVITE_HOURS: 24 };
/** The harness's clock is 24 November 2026, 12:00 in Moscow: tomorrow is the 25th. */
const TOMORROW = { year: 2026, month: 11, day: 25 };

type Markup = { inline_keyboard: { text: string; callback_data?: string }[][] };
const labelsOf = (markup: unknown) => (markup as Markup).inline_keyboard.flat().map((b) => b.text);
const dataOf = (markup: unknown) => (markup as Markup).inline_keyboard.flat().map((b) => b.callback_data ?? "");

/** A day announced through core (the owner's flow has its own test): 11:00 and 11:30, one place each. */
async function announce(h: Harness, input: Partial<CleaningDayInput> = {}) {
  const full: CleaningDayInput = { date: TOMORROW, slots: [660, 690], capacity: 1, note: null, ...input };
  const { day } = await h.services.cleaning.announce({ telegramId: 1, role: "owner" }, full, `k${Math.random()}`, cleaningInvite(CONFIG));
  const slots = (await h.db.cleaningSlot.findMany({ where: { dayId: day.id }, orderBy: { startsAt: "asc" } })).map((s) => s.id);
  return { day, slots };
}

describe.each(["ru", "zh"] as const)("cleaning days in %s", (lang: Language) => {
  const t = translator(lang);
  const fmt = formatter(lang, "RUB", "Europe/Moscow");
  const owner: Person = { id: 1, first_name: "Елена", language_code: lang };
  const anna: Person = { id: 601, first_name: "Анна", language_code: lang };
  const other: Language = lang === "ru" ? "zh" : "ru";
  const boT = translator(other);
  /** Reads the other language: his invitation and toasts are in it. */
  const bo: Person = { id: 602, first_name: "Бо", language_code: other };
  const quiet: Person = { id: 603, first_name: "Вера", language_code: lang };
  const seller: Person = { id: 501, first_name: "Игорь", language_code: lang };

  test("When the owner announces a day, then each answer is checked, followers are invited in their language once and a second confirm announces nothing", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.join(bo, "+79001234568", "Бо", other);
    const vera = await h.join(quiet, "+79001234569", "Вера", lang);
    await h.services.topics.set(vera.id, "service_days", false);

    await h.text(owner, "/cleaning");
    expect(h.lastTextTo(owner)).toBe(t("cleaning.staff.none_owner"));
    await h.tap(owner, own.start.pack({}));
    expect(h.lastTextTo(owner)).toBe(t("cleaning.announce.ask_date"));
    await h.text(owner, "31.11");
    expect(h.lastTextTo(owner)).toBe(t("errors.cleaning_date_invalid"));
    await h.text(owner, "12.12");
    await h.text(owner, "11:00-10:00 30");
    expect(h.lastTextTo(owner)).toBe(plain(t("errors.cleaning_slots_invalid", { max: "24" })));
    await h.text(owner, "11:00-12:00 30");
    await h.text(owner, "0");
    expect(h.lastTextTo(owner)).toBe(t("errors.cleaning_capacity_invalid", { max: "20" }));
    await h.text(owner, "2");
    await h.tap(owner, own.nonote.pack({}));
    const summary = h.lastTextTo(owner);
    expect(summary).toContain(plain(fmt.date(new Date("2026-12-11T21:00:00Z"))));
    expect(summary).toContain("11:00, 11:30");
    expect(summary).toContain(t("cleaning.clients", { count: 2, n: "2" }));

    const ok = h.buttonsOf(owner).find((d) => own.ok.filter.test(d))!;
    await h.tap(owner, ok);
    await h.tapAgain(owner, ok);
    const days = await h.db.cleaningDay.findMany({ include: { slots: true } });
    expect(days.map((d) => [d.date.toISOString(), d.slots.length, d.slots[0]!.capacity])).toEqual([["2026-12-11T21:00:00.000Z", 2, 2]]);
    expect(h.lastAnswer()?.text).toBe(t("cleaning.announce.already", { id: days[0]!.id }));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain(t("cleaning.announce.invited", { count: 2, n: "2" }));
    expect(h.telegram.callsTo("editMessageText").length).toBe(1);

    expect(await h.flushOutbox()).toBe(2);
    expect(h.lastTextTo(anna)).toContain(plain(t("cleaning.invite.text", { date: fmt.date(days[0]!.date), from: "11:00", last: "11:30" })));
    expect(h.lastTextTo(bo)).toContain(boT("cleaning.invite.how"));
    expect(h.buttonsOf(anna)).toEqual([cb.slots.pack({ day: days[0]!.id })]);
    expect(h.textsTo(quiet).some((x) => x.includes(t("cleaning.invite.how")))).toBe(false);
  });

  test("When two clients want one place, then the second is refused with the free time offered, a double tap books once, and a move and a cancel free places", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.join(bo, "+79001234568", "Бо", other);
    const { day, slots } = await announce(h);
    await h.flushOutbox();

    // Bo opens the free times first; Anna takes the last place at 11:00 while he looks.
    await h.tap(bo, cb.slots.pack({ day: day.id }));
    expect(dataOf(h.telegram.lastCall("editMessageText")!.payload.reply_markup).filter((d) => cb.book.filter.test(d)).length).toBe(2);
    await h.tap(anna, cb.slots.pack({ day: day.id }));
    expect(h.lastTextTo(anna)).toContain(t("cleaning.client.choose"));
    const book = cb.book.pack({ day: day.id, slot: slots[0]! });
    await h.tap(anna, book);
    expect(h.lastAnswer()?.text).toBe(t("cleaning.client.book_done", { time: "11:00" }));
    expect(h.lastTextTo(anna)).toContain(t("cleaning.client.booked", { time: "11:00" }));
    const edits = h.telegram.callsTo("editMessageText").length;
    await h.tapAgain(anna, book);
    expect(h.lastAnswer()?.text).toBe(t("cleaning.client.already", { time: "11:00" }));
    expect(h.telegram.callsTo("editMessageText").length).toBe(edits);
    expect(await h.db.slotBooking.count()).toBe(1);

    await h.tap(bo, cb.book.pack({ day: day.id, slot: slots[0]! }));
    expect(h.lastAnswer()).toMatchObject({ text: `${boT("errors.cleaning_slot_full")} ${boT("cleaning.client.pick_another")}`, show_alert: true });
    expect(dataOf(h.telegram.lastCall("editMessageText")!.payload.reply_markup).filter((d) => cb.book.filter.test(d))).toEqual([cb.book.pack({ day: day.id, slot: slots[1]! })]);
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain(boT("cleaning.client.choose"));
    await h.tap(bo, cb.book.pack({ day: day.id, slot: slots[1]! }));
    expect(h.lastAnswer()?.text).toBe(boT("cleaning.client.book_done", { time: "11:30" }));
    // One booking per day: another slot is a move, not a second place.
    await h.tap(bo, cb.book.pack({ day: day.id, slot: slots[0]! }));
    expect(h.lastAnswer()).toMatchObject({ show_alert: true });
    expect((await h.db.slotBooking.findMany({ where: { status: "booked" } })).length).toBe(2);

    await h.text(anna, "/cleaning");
    expect(h.lastTextTo(anna)).toContain(t("cleaning.client.booked", { time: "11:00" }));
    await h.tap(anna, cb.slots.pack({ day: day.id }));
    expect(h.lastAnswer()).toMatchObject({ text: t("cleaning.client.none_free"), show_alert: true });
    await h.tap(anna, cb.cancel.pack({ day: day.id }));
    expect(h.lastAnswer()?.text).toBe(t("cleaning.client.cancelled"));
    expect(h.lastTextTo(anna)).toContain(t("cleaning.client.free", { times: "11:00" }));
    await h.tapAgain(anna, cb.cancel.pack({ day: day.id }));
    expect(h.lastAnswer()?.text).toBe(t("cleaning.client.already_cancelled"));

    await h.text(bo, "/cleaning");
    await h.tap(bo, cb.slots.pack({ day: day.id }));
    expect(h.lastTextTo(bo)).toContain(boT("cleaning.client.choose_move", { time: "11:30" }));
    await h.tap(bo, cb.move.pack({ day: day.id, slot: slots[0]! }));
    expect(h.lastAnswer()?.text).toBe(boT("cleaning.client.move_done", { time: "11:00" }));
    expect((await h.db.slotBooking.findMany({ where: { status: "booked" }, include: { client: true } })).map((b) => [Number(b.client.telegramId), b.slotId])).toEqual([[602, slots[0]]]);
  });

  test("When a client sends forged buttons (another day's slot, a cancel with no booking, staff's and the owner's), then each is refused and nothing changes", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    const boClient = await h.join(bo, "+79001234568", "Бо", other);
    const first = await announce(h);
    const second = await announce(h, { date: { year: 2026, month: 11, day: 26 } });
    await h.services.cleaning.book(boClient.id, first.day.id, first.slots[0]!);
    const boBooking = (await h.db.slotBooking.findFirstOrThrow()).id;

    await h.tap(anna, cb.book.pack({ day: first.day.id, slot: second.slots[0]! }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.cleaning_slot_not_found"), show_alert: true });
    await h.tap(anna, cb.cancel.pack({ day: first.day.id }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.cleaning_not_booked"), show_alert: true });
    await h.tap(anna, cb.move.pack({ day: first.day.id, slot: first.slots[1]! }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.cleaning_not_booked"), show_alert: true });
    await h.tap(anna, st.mark.pack({ booking: boBooking, to: "missed" }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.not_allowed"), show_alert: true });
    await h.tap(anna, st.day.pack({ day: first.day.id }));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.not_allowed"), show_alert: true });
    await h.tap(anna, own.start.pack({}));
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.owner_only"), show_alert: true });
    expect(await h.db.slotBooking.findMany({ select: { clientId: true, slotId: true, status: true } })).toEqual([{ clientId: boClient.id, slotId: first.slots[0], status: "booked" }]);

    // A client typing /cleaning sees the days for clients, never the staff's list of names.
    await h.text(anna, "/cleaning");
    expect(h.textsTo(anna).slice(-2).join("\n")).not.toContain("Бо");
    expect(h.buttonsOf(anna)).toEqual([cb.slots.pack({ day: second.day.id })]);
    expect(h.textsTo(anna).some((x) => x.includes(t("cleaning.staff.days")))).toBe(false);
  });

  test("When the morning before the day runs twice, then the booked client is reminded once in their language, and staff mark who came on the day", async ({ h }) => {
    await h.hire(seller, owner.id, lang);
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.join(bo, "+79001234568", "Бо", other);
    const { day, slots } = await announce(h, { capacity: 2 });
    await h.services.cleaning.book(client.id, day.id, slots[1]!);
    await h.morning();
    await h.morning();
    await h.flushOutbox();
    // The invitation names the day too: the reminder is the one with Anna's time and no "choose a time".
    const reminders = h.textsTo(anna).filter((x) => x.includes(fmt.date(day.date)) && x.includes("11:30") && !x.includes(t("cleaning.invite.how")));
    expect(reminders.length).toBe(1);
    expect(h.buttonsOf(anna)).toEqual([cb.slots.pack({ day: day.id }), cb.cancel.pack({ day: day.id })]);
    expect(h.textsTo(bo).filter((x) => x.includes(boT("cleaning.client.move")))).toEqual([]);

    await h.text(seller, "/cleaning");
    expect(h.lastTextTo(seller)).toBe(t("cleaning.staff.days"));
    await h.tap(seller, st.day.pack({ day: day.id }));
    expect(h.lastTextTo(seller)).toContain(t("cleaning.staff.slot_line", { time: "11:30", taken: 1, capacity: 2, names: "▫️ Анна Ивановна" }));
    await h.tap(seller, st.slot.pack({ slot: slots[1]! }));
    const booking = (await h.db.slotBooking.findFirstOrThrow()).id;
    const came = st.mark.pack({ booking, to: "came" });
    await h.tap(seller, came);
    expect(h.lastAnswer()).toMatchObject({ text: t("errors.cleaning_mark_early"), show_alert: true });

    h.clock.set(new Date("2026-11-25T08:40:00Z"));
    await h.tap(seller, came);
    expect(h.lastAnswer()?.text).toBe(t("cleaning.staff.marked_came", { name: "Анна Ивановна" }));
    expect(labelsOf(h.telegram.lastCall("editMessageText")!.payload.reply_markup)[0]).toBe("✅ Анна Ивановна");
    const edits = h.telegram.callsTo("editMessageText").length;
    await h.tapAgain(seller, came);
    expect(h.lastAnswer()?.text).toBe(t("cleaning.staff.unchanged"));
    expect(h.telegram.callsTo("editMessageText").length).toBe(edits);
    expect((await h.db.slotBooking.findFirstOrThrow()).status).toBe("came");
  });
});
