// Days as the shop counts them. A follow-up is due on a day in the shop's
// time zone, not in UTC: a call due "tomorrow" in Moscow starts at 21:00 UTC.
// Dates in the database are instants; a CivilDate is a day on the calendar.

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormat = (timeZone: string) => {
  let f = dayFormats.get(timeZone);
  if (!f) dayFormats.set(timeZone, (f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })));
  return f;
};

function wallClock(instant: Date, timeZone: string) {
  const parts = dayFormat(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** The calendar day it is at `instant` where the shop is. */
export function shopDate(instant: Date, timeZone: string): CivilDate {
  const { year, month, day } = wallClock(instant, timeZone);
  return { year, month, day };
}

/** Minutes since midnight at `instant` where the shop is (for "is it past the digest time?"). */
export function shopMinutes(instant: Date, timeZone: string): number {
  const { hour, minute } = wallClock(instant, timeZone);
  return hour * 60 + minute;
}

/** The instant the shop's day begins (00:00 local), correct across daylight-saving changes. */
export function startOfShopDay(date: CivilDate, timeZone: string): Date {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day);
  let guess = asUtc;
  // Two rounds settle the offset even when the guess lands on the other side of a DST change.
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - guess;
    guess = asUtc - offset;
  }
  return new Date(guess);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The "MM-DD" of birthdays that fall on a day: 29 February ones are kept on 28 February in other years. */
export function birthdayMonthDays(d: CivilDate): string[] {
  const md = `${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
  return d.month === 2 && d.day === 28 && !isLeapYear(d.year) ? [md, "02-29"] : [md];
}

/** "2027-02-06". */
export const isoDate = (d: CivilDate) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

export function parseIsoDate(text: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

/** A calendar date kept as midnight UTC (birthdays): its day on the calendar. */
export const civilOf = (d: Date): CivilDate => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
/** And back: the midnight-UTC instant that stores a calendar date. */
export const storedDate = (d: CivilDate): Date => new Date(Date.UTC(d.year, d.month - 1, d.day));

/** "15.12", "15.12.2027" or "2027-12-15": a day without a year is the next one to come. */
export function parseDayAhead(text: string, today: CivilDate): CivilDate | null {
  const t = text.trim();
  const dmy = /^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}))?$/.exec(t);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const parts = dmy ? { day: Number(dmy[1]), month: Number(dmy[2]), year: dmy[3] ? Number(dmy[3]) : null } : ymd ? { year: Number(ymd[1]), month: Number(ymd[2]), day: Number(ymd[3]) } : null;
  if (!parts) return null;
  const real = (y: number) => {
    const d = new Date(Date.UTC(y, parts.month - 1, parts.day));
    return d.getUTCMonth() === parts.month - 1 && d.getUTCDate() === parts.day ? { year: y, month: parts.month, day: parts.day } : null;
  };
  if (parts.year !== null) return real(parts.year);
  const thisYear = real(today.year);
  return thisYear && compareDates(thisYear, today) > 0 ? thisYear : real(today.year + 1);
}

/**
 * "28.11 18:00", "28.11.2026 18:00" or "2026-11-28 18:00" read as a wall-clock
 * time in the shop's time zone; without a year, this year's unless the day has
 * passed (so "10.01 12:00" typed in December means January, and an hour already
 * gone today stays today, for the caller to refuse). Null when it is no date.
 */
export function parseShopDateTime(text: string, now: Date, timeZone: string): Date | null {
  const m = /^\s*(\S+)\s+(\d{1,2})[:.](\d{2})\s*$/.exec(text);
  if (!m) return null;
  const [hour, minute] = [Number(m[2]), Number(m[3])];
  if (hour > 23 || minute > 59) return null;
  const at = (d: CivilDate) => new Date(startOfShopDay(d, timeZone).getTime() + (hour * 60 + minute) * 60_000);
  const hasYear = /\d{4}/.test(m[1]!);
  const today = shopDate(now, timeZone);
  // parseDayAhead gives a day after today when no year is typed: try today first.
  const date = hasYear ? parseDayAhead(m[1]!, today) : (parseDayAhead(`${m[1]!}.${today.year}`, today) ?? null);
  if (!date) return null;
  if (hasYear || compareDates(date, today) >= 0) return at(date);
  return at({ ...date, year: date.year + 1 });
}
