// A period as an owner types it: "01.09.2026-30.11.2026", "1.9.2026 – 30.11.2026"
// or "2026-09-01..2026-11-30" (a hyphen, an en or em dash, or two dots between
// the days; both days count). A day without its year ("1.9-30.11") is in the
// current shop year. Anything else, a day that does not exist, a start after
// the end or a span over ten years gives null, and the bot asks again.
import { addDays, compareDates, shopDate, type CivilDate } from "../calendar.ts";
import { customPeriod } from "./period.ts";
import type { Period } from "./types.ts";

/** Longer spans are almost always a typo in the year, and would make the report scan decades. */
export const MAX_PERIOD_YEARS = 10;

const DAY = String.raw`(\d{1,2}\.\d{1,2}(?:\.\d{4})?|\d{4}-\d{1,2}-\d{1,2})`;
const RANGE = new RegExp(String.raw`^\s*${DAY}\s*(?:\.\.|[-–—])\s*${DAY}\s*$`);

function readDay(text: string, year: number): CivilDate | null {
  const dmy = /^(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?$/.exec(text);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const parts = dmy
    ? { year: dmy[3] ? Number(dmy[3]) : year, month: Number(dmy[2]), day: Number(dmy[1]) }
    : ymd
      ? { year: Number(ymd[1]), month: Number(ymd[2]), day: Number(ymd[3]) }
      : null;
  if (!parts) return null;
  // Date.UTC rolls 31.02 over into March: a day that comes back changed did not exist.
  const d = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  return d.getUTCFullYear() === parts.year && d.getUTCMonth() === parts.month - 1 && d.getUTCDate() === parts.day ? parts : null;
}

export function parsePeriod(text: string, now: Date, timeZone: string): Period | null {
  const m = RANGE.exec(text);
  if (!m) return null;
  const year = shopDate(now, timeZone).year;
  const from = readDay(m[1]!, year);
  const to = readDay(m[2]!, year);
  if (!from || !to || compareDates(from, to) > 0) return null;
  const limit = { ...from, year: from.year + MAX_PERIOD_YEARS };
  if (compareDates(addDays(to, 1), limit) > 0) return null;
  return customPeriod(from, to, timeZone);
}
