// The buttons of cleaning days: a client's day (book / move / cancel, the
// free times), staff's days, slots and marks, and the owner's announcement.
// Client buttons carry the day and the slot, never a booking: the booking is
// always the tapping client's own, so forged data cannot reach another's.
import { InlineKeyboard } from "grammy";
import type { BookingStatus, Mark } from "../../core/cleaning/types.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { flowCallbacks } from "./flow.ts";

export const cleaningCallbacks = defineCallbacks("clean", {
  /** The free times of a day, to book or to move to. */
  slots: { day: "int" },
  book: { day: "int", slot: "int" },
  move: { day: "int", slot: "int" },
  cancel: { day: "int" },
  /** Back from the times to the day. */
  day: { day: "int" },
});

/** Staff's lists: a day by slot, one slot's marks (the state asked for, so a double tap repeats it), back to the days. */
export const cleaningStaffCallbacks = defineCallbacks("cleanstaff", {
  day: { day: "int" },
  slot: { slot: "int" },
  mark: { booking: "int", to: ["came", "missed", "booked"] },
  days: {},
});

/** The owner's announcement: start, no note, confirm. */
export const cleaningOwnerCallbacks = defineCallbacks("cleannew", {
  start: {},
  nonote: {},
  ok: { key: "token" },
});

/** Under a client's day: move and cancel when booked, book when a place is free. As rows of [text, data] for the outbox too. */
export function clientDayButtons(t: Translate, dayId: number, booked: boolean, anyFree: boolean): [string, string][][] {
  if (booked) return [[[t("cleaning.client.move"), cleaningCallbacks.slots.pack({ day: dayId })], [t("cleaning.client.cancel"), cleaningCallbacks.cancel.pack({ day: dayId })]]];
  return anyFree ? [[[t("cleaning.client.book"), cleaningCallbacks.slots.pack({ day: dayId })]]] : [];
}

export const keyboardOf = (rows: [string, string][][]) => InlineKeyboard.from(rows.map((row) => row.map(([text, data]) => InlineKeyboard.text(text, data))));

/** One button per free time, three a row, then back to the day. */
export function createSlotPickerKeyboard(t: Translate, dayId: number, mode: "book" | "move", slots: { id: number; label: string }[]) {
  const kb = new InlineKeyboard();
  slots.forEach((s, i) => {
    kb.text(s.label, cleaningCallbacks[mode].pack({ day: dayId, slot: s.id }));
    if (i % 3 === 2) kb.row();
  });
  return kb.row().text(t("cleaning.client.back"), cleaningCallbacks.day.pack({ day: dayId }));
}

/** Staff's days, one button each; owners also announce a new one. */
export function createStaffDaysKeyboard(t: Translate, days: { id: number; label: string }[], owner: boolean) {
  const kb = InlineKeyboard.from(days.map((d) => [InlineKeyboard.text(d.label.slice(0, 60), cleaningStaffCallbacks.day.pack({ day: d.id }))]));
  return owner ? kb.row().text(t("cleaning.staff.announce"), cleaningOwnerCallbacks.start.pack({})) : kb;
}

/** A day's slots with bookings, four a row, then back to the days. */
export function createStaffDayKeyboard(t: Translate, slots: { id: number; label: string }[]) {
  const kb = new InlineKeyboard();
  slots.forEach((s, i) => {
    kb.text(s.label, cleaningStaffCallbacks.slot.pack({ slot: s.id }));
    if (i % 4 === 3) kb.row();
  });
  return kb.row().text(t("cleaning.staff.back_days"), cleaningStaffCallbacks.days.pack({}));
}

const ICON: Record<BookingStatus, string> = { booked: "▫️", came: "✅", missed: "✖️", cancelled: "" };

/** A row per client: their name marks them as come (or takes it back), ✖️ as not come (or takes it back). */
export function createMarksKeyboard(t: Translate, dayId: number, people: { bookingId: number; label: string; status: BookingStatus }[]) {
  const kb = new InlineKeyboard();
  for (const p of people) {
    const came: Mark = p.status === "came" ? "booked" : "came";
    const missed: Mark = p.status === "missed" ? "booked" : "missed";
    kb.text(`${ICON[p.status]} ${p.label}`.slice(0, 60), cleaningStaffCallbacks.mark.pack({ booking: p.bookingId, to: came }));
    kb.text(t(p.status === "missed" ? "cleaning.staff.unmiss" : "cleaning.staff.miss"), cleaningStaffCallbacks.mark.pack({ booking: p.bookingId, to: missed })).row();
  }
  return kb.text(t("cleaning.staff.back_day"), cleaningStaffCallbacks.day.pack({ day: dayId }));
}

export const createNoNoteKeyboard = (t: Translate) => new InlineKeyboard().text(t("cleaning.announce.no_note"), cleaningOwnerCallbacks.nonote.pack({}));

export const createAnnounceConfirmKeyboard = (t: Translate, key: string) =>
  new InlineKeyboard().text(t("cleaning.announce.confirm"), cleaningOwnerCallbacks.ok.pack({ key })).text(t("cleaning.announce.cancel"), flowCallbacks.cancel.pack({}));
