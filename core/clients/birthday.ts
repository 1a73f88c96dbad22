// Birthdays typed by hand: "03.05.1990", "3.5.1990", "1990-05-03",
// "1990年5月3日". Impossible dates (31.02) and future ones are refused.
import { DomainError } from "../errors.ts";

const PATTERNS: { re: RegExp; order: "dmy" | "ymd" }[] = [
  { re: /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/, order: "dmy" },
  { re: /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/, order: "ymd" },
  { re: /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/, order: "ymd" },
];

/** Returns the date at midnight UTC, or throws birthday_invalid / birthday_future. */
export function parseBirthday(input: string, today: Date): Date {
  const text = input.trim();
  for (const { re, order } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [year, month, day] = order === "dmy" ? [c, b, a] : [a, b, c];
    const date = new Date(Date.UTC(year, month - 1, day));
    const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    if (!real || year < 1900) throw new DomainError("birthday_invalid");
    if (date.getTime() > today.getTime()) throw new DomainError("birthday_future");
    return date;
  }
  throw new DomainError("birthday_invalid");
}
