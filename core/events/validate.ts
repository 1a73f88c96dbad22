// An event's fields, checked one by one: the owner's flow checks each answer
// as it is typed, and create() checks them all again before writing.
import { DomainError, type Quantity } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import type { EventInput } from "./types.ts";

export const TITLE_MAX = 100;
/** Leaves room under Telegram's 4096 for the greeting, the date, the place and the buttons' words. */
export const TEXT_MAX = 3000;
export const PLACE_MAX = 200;
export const CAPACITY_MAX = 10_000;

const count = (value: number): Quantity => ({ unit: "number", value });

export function validateTitle(input: string): string {
  const title = meaningfulText(input) ?? "";
  if (title.length < 2 || title.length > TITLE_MAX) throw new DomainError("event_title_invalid", { max: count(TITLE_MAX) });
  return title;
}

export function validateText(input: string): string {
  const text = meaningfulText(input) ?? "";
  if (text.length < 2 || text.length > TEXT_MAX) throw new DomainError("event_text_invalid", { max: count(TEXT_MAX) });
  return text;
}

export function validatePlace(input: string): string {
  const place = meaningfulText(input) ?? "";
  if (place.length < 2 || place.length > PLACE_MAX) throw new DomainError("event_place_invalid", { max: count(PLACE_MAX) });
  return place;
}

export function validateCapacity(capacity: number | null): number | null {
  if (capacity === null) return null;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > CAPACITY_MAX) throw new DomainError("event_capacity_invalid", { max: count(CAPACITY_MAX) });
  return capacity;
}

export function validateStart(startsAt: Date, now: Date): Date {
  if (Number.isNaN(startsAt.getTime())) throw new DomainError("event_date_invalid");
  if (startsAt.getTime() <= now.getTime()) throw new DomainError("event_date_past");
  return startsAt;
}

/** Every field at once, cleaned; the invitees are resolved separately (they need the database). */
export function validateEvent(input: EventInput, now: Date): Omit<EventInput, "invitees"> {
  return {
    titleRu: validateTitle(input.titleRu),
    titleZh: validateTitle(input.titleZh),
    textRu: validateText(input.textRu),
    textZh: validateText(input.textZh),
    startsAt: validateStart(input.startsAt, now),
    place: validatePlace(input.place),
    capacity: validateCapacity(input.capacity),
    minTierId: input.audience === "all" ? input.minTierId : null,
    audience: input.audience,
    plusOneAllowed: input.plusOneAllowed,
  };
}
