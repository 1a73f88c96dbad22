// The words of cleaning days: a day as a client reads it (their booking or
// the free times), the time picker, staff's days, a day by slot and one
// slot's marks, the owner's summary. Each state reads differently, so an edit
// never repeats the text a message already has.
import { shopMinutes } from "../../core/calendar.ts";
import type { ClientBooking, DayInfo, DayListEntry, SlotInfo } from "../../core/cleaning/types.ts";
import type { Formatter, Language, Translate } from "../i18n.ts";

export type Voice = { t: Translate; fmt: Formatter; lang: Language };

/** "09:30" where the shop is. */
export function timeOf(d: Date, timeZone: string): string {
  const m = shopMinutes(d, timeZone);
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** "11:00" from minutes after midnight (the owner's slots before the day exists). */
export const minutesLabel = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

/** A client's name as staff read it, or their phone when the shop has no name. */
export const personName = (p: { givenName: string | null; patronymic: string | null; familyName: string | null; phone: string | null }) =>
  [p.givenName, p.patronymic, p.familyName].filter(Boolean).join(" ") || p.phone || "—";

/** Slots still to come with a free place; `except` leaves out the client's own. */
export const freeSlots = (info: DayInfo, now: Date, except?: number) => info.slots.filter((s) => s.free > 0 && s.startsAt.getTime() > now.getTime() && s.id !== except);

/** Telegram refuses a message over 4096 characters: long lists end with "…". */
export function fit(lines: string[], max = 3900): string {
  const out: string[] = [];
  let length = 0;
  for (const line of lines) {
    if (length + line.length + 1 > max) return [...out, "…"].join("\n");
    out.push(line);
    length += line.length + 1;
  }
  return out.join("\n");
}

function header({ t, fmt }: Voice, info: DayInfo): string[] {
  return [t("cleaning.title", { date: fmt.date(info.day.date) }), ...(info.day.note ? [t("cleaning.note_line", { note: info.day.note })] : [])];
}

const times = (slots: SlotInfo[], zone: string) => slots.map((s) => timeOf(s.startsAt, zone)).join(", ");

/** A coming day as its client reads it: their time, or the free ones. */
export function clientDayText(v: Voice, info: DayInfo, booking: ClientBooking | null, now: Date, zone: string): string {
  const lines = header(v, info);
  const free = freeSlots(info, now);
  if (booking) lines.push("", v.t("cleaning.client.booked", { time: timeOf(booking.startsAt, zone) }));
  else lines.push("", free.length ? v.t("cleaning.client.free", { times: times(free, zone) }) : v.t("cleaning.client.full"));
  return lines.join("\n");
}

/** The picker: the day, what to choose, and the free times with places left (so a change of places changes the text). */
export function pickerText(v: Voice, info: DayInfo, booking: ClientBooking | null, free: SlotInfo[], zone: string): string {
  const ask = booking ? v.t("cleaning.client.choose_move", { time: timeOf(booking.startsAt, zone) }) : v.t("cleaning.client.choose");
  const left = free.map((s) => v.t("cleaning.client.slot", { time: timeOf(s.startsAt, zone), free: s.free })).join(", ");
  return [...header(v, info), "", ask, v.t("cleaning.client.free_now", { times: left })].join("\n");
}

export const slotButton = (v: Voice, s: SlotInfo, zone: string) => v.t("cleaning.client.slot", { time: timeOf(s.startsAt, zone), free: s.free });

const placesOf = (info: DayInfo) => info.slots.reduce((n, s) => n + s.capacity, 0);
const takenOf = (info: DayInfo) => info.slots.reduce((n, s) => n + s.taken, 0);

export const staffDayButton = ({ t, fmt }: Voice, info: DayInfo) => t("cleaning.staff.day_button", { date: fmt.date(info.day.date), booked: takenOf(info), places: placesOf(info) });

const ICON = { booked: "▫️", came: "✅", missed: "✖️", cancelled: "" } as const;

/** A day by slot: who is booked when, with their mark, and the totals. */
export function staffDayText(v: Voice, info: DayInfo, list: DayListEntry[], zone: string): string {
  const came = list.filter((e) => e.status === "came").length;
  const lines = [...header(v, info), v.t("cleaning.staff.totals", { booked: list.length, places: placesOf(info), came }), ""];
  for (const slot of info.slots) {
    const names = list.filter((e) => e.slotId === slot.id).map((e) => `${ICON[e.status]} ${personName(e)}`);
    lines.push(v.t("cleaning.staff.slot_line", { time: timeOf(slot.startsAt, zone), taken: slot.taken, capacity: slot.capacity, names: names.join(", ") || "—" }));
  }
  return fit(lines);
}

/** One slot's clients, for marking; their phones, so a late one can be called. */
export function staffSlotText(v: Voice, info: DayInfo, slot: SlotInfo, list: DayListEntry[], zone: string): string {
  const people = list.filter((e) => e.slotId === slot.id);
  const lines = [v.t("cleaning.staff.slot_title", { date: v.fmt.date(info.day.date), time: timeOf(slot.startsAt, zone) }), ""];
  if (people.length === 0) lines.push(v.t("cleaning.staff.slot_empty"));
  for (const e of people) lines.push(`${ICON[e.status]} ${personName(e)}${e.phone ? `, ${e.phone}` : ""}`);
  return fit(lines);
}
