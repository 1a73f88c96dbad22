// What the clients' and the purchases' row parsers share: finding a cell by
// its column, collecting a row's problems, and the phone and card checks.
import type { CountryCode } from "libphonenumber-js";
import { normalizePhone } from "../clients/phone.ts";
import { DomainError } from "../errors.ts";
import { parseCardNumber } from "../loyalty/card-number.ts";
import { shown, textOf, tooLong } from "./cells.ts";
import type { RowProblem, RowProblemCode } from "./rows.ts";

/** The cell under a column (the first of that name), "" when the file has no such column or the row is short. */
export function cellReader(header: string[]): (cells: string[], column: string) => string {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  return (cells, column) => {
    const i = index.get(column);
    return i === undefined ? "" : (cells[i] ?? "");
  };
}

/** Adds a problem to a row's list; `value` is the cell as written, cut for the report. A plain function: parsers run a million times and a closure per row shows. */
export function addProblem(problems: RowProblem[], line: number, column: string | null, problem: RowProblemCode, value = ""): void {
  problems.push({ line, column, problem, value: shown(value) });
}

/** A text cell trimmed (null when blank), with text_too_long beyond `max` characters. */
export function readText(problems: RowProblem[], line: number, cell: string, column: string, max: number): string | null {
  const text = textOf(cell);
  if (tooLong(text, max)) addProblem(problems, line, column, "text_too_long", text!);
  return text;
}

// A purchases file of a million rows names about 100,000 clients, each in two or three spellings
// ("8 (900) …", "+7 900 …", "7900…"); the memo holds them all (some 20 MB) yet stays bounded.
const PHONE_MEMO_SIZE = 200_000;
// What normalizePhone itself accepts before it asks libphonenumber.
const PHONE_SHAPE = /^[+\d\s().-]{5,25}$/;

/**
 * E.164 or null for an invalid number. libphonenumber costs tens of µs a call
 * and a purchases file repeats each client's phone, so results are kept by the
 * digits (with the leading "+", if any): spaces, dashes and brackets do not
 * change what libphonenumber reads. The memo is emptied when full rather than
 * tracking recency.
 */
export function createPhoneReader(region: CountryCode): (raw: string) => string | null {
  const memo = new Map<string, string | null>();
  const normalized = (raw: string) => {
    try {
      return normalizePhone(raw, region);
    } catch (e) {
      if (e instanceof DomainError) return null;
      throw e;
    }
  };
  return (raw) => {
    // Anything else is refused by normalizePhone's first test, which costs nothing.
    if (!PHONE_SHAPE.test(raw) || raw.lastIndexOf("+") > 0) return normalized(raw);
    const key = (raw.startsWith("+") ? "+" : "") + raw.replace(/\D/g, "");
    const known = memo.get(key);
    if (known !== undefined) return known;
    const phone = normalized(raw);
    if (memo.size >= PHONE_MEMO_SIZE) memo.clear();
    memo.set(key, phone);
    return phone;
  };
}

export type CardCheck = { card: string; problem?: undefined } | { card?: undefined; problem: "card_number_invalid" | "card_check_digit" };

/** The card's 12 digits, or why they are not a card number. */
export function readCard(raw: string): CardCheck {
  try {
    return { card: parseCardNumber(raw) };
  } catch (e) {
    if (e instanceof DomainError && e.code === "card_check_digit") return { problem: "card_check_digit" };
    if (e instanceof DomainError) return { problem: "card_number_invalid" };
    throw e;
  }
}
