// The spans a report covers, in the shop's time zone: November in Moscow
// begins at 21:00 UTC on 31 October, so a purchase at 22:30 UTC that evening
// is November's. Every boundary is a shop midnight; a period is [from, to).
import { addDays, shopDate, startOfShopDay, type CivilDate } from "../calendar.ts";
import type { Period } from "./types.ts";

/** A calendar month, month 1..12. */
export interface YearMonth {
  year: number;
  month: number;
}

/** One month of the shop's calendar as instants, the unit reports bucket money by. */
export interface ShopMonth {
  /** "2026-11". */
  month: string;
  from: Date;
  to: Date;
}

export function shiftMonth(ym: YearMonth, by: number): YearMonth {
  const index = ym.year * 12 + (ym.month - 1) + by;
  return { year: Math.floor(index / 12), month: (((index % 12) + 12) % 12) + 1 };
}

const monthStart = (ym: YearMonth, timeZone: string) => startOfShopDay({ year: ym.year, month: ym.month, day: 1 }, timeZone);
const monthLabel = (ym: YearMonth) => `${ym.year}-${String(ym.month).padStart(2, "0")}`;
const monthIndex = (ym: YearMonth) => ym.year * 12 + ym.month - 1;
const daysInMonth = (ym: YearMonth) => new Date(Date.UTC(ym.year, ym.month, 0)).getUTCDate();

/** `count` whole months starting with `first`. */
function months(first: YearMonth, count: number, timeZone: string): Period {
  return { from: monthStart(first, timeZone), to: monthStart(shiftMonth(first, count), timeZone) };
}

/** The calendar month that contains `now` (offset 0), or the one before (-1), and so on. */
export function monthPeriod(now: Date, timeZone: string, offset = 0): Period {
  return months(shiftMonth(shopDate(now, timeZone), offset), 1, timeZone);
}

/** The calendar quarter (January–March, …) that contains `now`, shifted by whole quarters. */
export function quarterPeriod(now: Date, timeZone: string, offset = 0): Period {
  const today = shopDate(now, timeZone);
  const first = { year: today.year, month: Math.floor((today.month - 1) / 3) * 3 + 1 };
  return months(shiftMonth(first, offset * 3), 3, timeZone);
}

export function yearPeriod(now: Date, timeZone: string, offset = 0): Period {
  return months({ year: shopDate(now, timeZone).year + offset, month: 1 }, 12, timeZone);
}

/** From the first day's midnight to the midnight after the last day: the owner names both days inclusively. */
export function customPeriod(fromDate: CivilDate, toDate: CivilDate, timeZone: string): Period {
  return { from: startOfShopDay(fromDate, timeZone), to: startOfShopDay(addDays(toDate, 1), timeZone) };
}

/** The shop months a period's first and last instants fall in. */
function edges(period: Period, timeZone: string): { first: YearMonth; last: YearMonth } {
  return { first: shopDate(period.from, timeZone), last: shopDate(new Date(period.to.getTime() - 1), timeZone) };
}

export function lastMonthOf(period: Period, timeZone: string): YearMonth {
  const { last } = edges(period, timeZone);
  return { year: last.year, month: last.month };
}

/** `count` shop months ending with `last`. */
export function monthsEnding(last: YearMonth, count: number, timeZone: string): ShopMonth[] {
  return Array.from({ length: count }, (_, i) => {
    const ym = shiftMonth(last, i - count + 1);
    return { month: monthLabel(ym), from: monthStart(ym, timeZone), to: monthStart(shiftMonth(ym, 1), timeZone) };
  });
}

/** Every shop month the period touches, whole (the first and last may reach outside it). */
export function monthsOf(period: Period, timeZone: string): ShopMonth[] {
  if (period.to <= period.from) return [];
  const { first, last } = edges(period, timeZone);
  return monthsEnding(last, monthIndex(last) - monthIndex(first) + 1, timeZone);
}

/**
 * The same wall-clock time `count` months earlier where the shop is (31 March
 * less one month is 28 or 29 February): the start of "the last 12 months".
 */
export function monthsBefore(instant: Date, count: number, timeZone: string): Date {
  const day = shopDate(instant, timeZone);
  const sinceMidnight = instant.getTime() - startOfShopDay(day, timeZone).getTime();
  const ym = shiftMonth(day, -count);
  return new Date(startOfShopDay({ ...ym, day: Math.min(day.day, daysInMonth(ym)) }, timeZone).getTime() + sinceMidnight);
}
