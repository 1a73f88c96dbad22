// A cleaning day's fields as the owner types them: the slots either as a span
// with a slot length ("11:00-17:00 30") or as a list of times ("11:00, 12:30").
// The owner's flow checks each answer as it comes; announce() checks all again.
import { compareDates, type CivilDate } from "../calendar.ts";
import { count, DomainError } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import type { CleaningDayInput } from "./types.ts";

/** A day of half-hour slots from 9 to 21 fits; more would not fit on the client's buttons either. */
export const MAX_SLOTS = 24;
/** Clients per slot: staff mark each on a button, one row each. */
export const CAPACITY_MAX = 20;
export const NOTE_MAX = 500;
const STEP_MIN = 10;
const STEP_MAX = 240;

const time = (h: string, m: string): number | null => {
  const [hour, minute] = [Number(h), Number(m)];
  return hour <= 23 && minute <= 59 ? hour * 60 + minute : null;
};

function fromSpan(text: string): number[] | null {
  const m = /^(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\D+(\d{1,3})\D*$/u.exec(text);
  if (!m) return null;
  const [from, to, step] = [time(m[1]!, m[2]!), time(m[3]!, m[4]!), Number(m[5])];
  if (from === null || to === null || to <= from || step < STEP_MIN || step > STEP_MAX) return [];
  const starts: number[] = [];
  // The last slot ends by the closing time.
  for (let t = from; t + step <= to; t += step) starts.push(t);
  return starts;
}

function fromList(text: string): number[] {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const starts = parts.map((p) => {
    const m = /^(\d{1,2})[:.](\d{2})$/.exec(p);
    return m ? time(m[1]!, m[2]!) : null;
  });
  return starts.some((s) => s === null) ? [] : [...new Set(starts as number[])].sort((a, b) => a - b);
}

/** "11:00-17:00 30" (from, to, minutes per slot) or "11:00, 12:30, 15:00" → slot starts in minutes after midnight. */
export function parseSlots(input: string): number[] {
  const text = input.trim();
  const starts = fromSpan(text) ?? fromList(text);
  return validateSlots(starts);
}

export function validateSlots(starts: number[]): number[] {
  const ok = starts.length > 0 && starts.length <= MAX_SLOTS && starts.every((s, i) => Number.isInteger(s) && s >= 0 && s < 24 * 60 && (i === 0 || s > starts[i - 1]!));
  if (!ok) throw new DomainError("cleaning_slots_invalid", { max: count(MAX_SLOTS) });
  return starts;
}

export function validateCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > CAPACITY_MAX) throw new DomainError("cleaning_capacity_invalid", { max: count(CAPACITY_MAX) });
  return capacity;
}

/** An empty note is no note. */
export function validateNote(input: string | null): string | null {
  const note = meaningfulText(input);
  if (note !== null && note.length > NOTE_MAX) throw new DomainError("cleaning_note_invalid", { max: count(NOTE_MAX) });
  return note;
}

/** Today is allowed (the slots still to come count); a day gone is not. */
export function validateDate(date: CivilDate, today: CivilDate): CivilDate {
  if (compareDates(date, today) < 0) throw new DomainError("cleaning_date_past");
  return date;
}

export function validateDay(input: CleaningDayInput, today: CivilDate): CleaningDayInput {
  return { date: validateDate(input.date, today), slots: validateSlots(input.slots), capacity: validateCapacity(input.capacity), note: validateNote(input.note) };
}
