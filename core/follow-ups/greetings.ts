// Days on which clients are greeted with a call. The defaults are the shop's
// practice: 23 February, 8 March and New Year for Russian-speaking clients;
// Spring Festival, Qixi and Mid-Autumn (by the Chinese calendar, converted
// each year with lunar-javascript) and 20 May ("520") for Chinese-speaking
// ones. The owner can add more (/greetings).
import { Lunar } from "lunar-javascript";
import { addDays, compareDates, type CivilDate } from "../calendar.ts";
import type { Gender } from "../clients/gender.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { meaningfulText } from "../text.ts";

export type Calendar = "solar" | "lunar";

export interface GreetingDayInput {
  code: string;
  nameRu: string;
  nameZh: string;
  calendar: Calendar;
  month: number;
  day: number;
  language: "ru" | "zh" | null;
  gender: Gender | null;
  leadDays: number;
}

export const DEFAULT_GREETING_DAYS: GreetingDayInput[] = [
  { code: "defender_day", nameRu: "23 Февраля", nameZh: "祖国保卫者日", calendar: "solar", month: 2, day: 23, language: "ru", gender: "male", leadDays: 0 },
  { code: "womens_day", nameRu: "8 Марта", nameZh: "三八妇女节", calendar: "solar", month: 3, day: 8, language: "ru", gender: "female", leadDays: 0 },
  { code: "new_year", nameRu: "Новый год", nameZh: "新年", calendar: "solar", month: 12, day: 28, language: "ru", gender: null, leadDays: 0 },
  { code: "spring_festival", nameRu: "Китайский Новый год", nameZh: "春节", calendar: "lunar", month: 1, day: 1, language: "zh", gender: null, leadDays: 0 },
  { code: "qixi", nameRu: "Циси (праздник влюблённых)", nameZh: "七夕", calendar: "lunar", month: 7, day: 7, language: "zh", gender: null, leadDays: 0 },
  { code: "mid_autumn", nameRu: "Праздник середины осени", nameZh: "中秋节", calendar: "lunar", month: 8, day: 15, language: "zh", gender: null, leadDays: 0 },
  { code: "day_520", nameRu: "520 (день признаний)", nameZh: "520", calendar: "solar", month: 5, day: 20, language: "zh", gender: null, leadDays: 0 },
];

/** The Gregorian date of a greeting day in a given year (for a lunar day: of the lunar year that starts in that year). */
export function dateInYear(g: { calendar: string; month: number; day: number }, year: number): CivilDate | null {
  if (g.calendar === "lunar") {
    const solar = Lunar.fromYmd(year, g.month, g.day).getSolar();
    return { year: solar.getYear(), month: solar.getMonth(), day: solar.getDay() };
  }
  const d = new Date(Date.UTC(year, g.month - 1, g.day));
  // 29 February of a year without one: no greeting that year.
  return d.getUTCMonth() === g.month - 1 ? { year, month: g.month, day: g.day } : null;
}

/** The greeting days whose call is due on `today` (their date minus their lead days), with the date itself. */
export function greetingsDue<G extends { calendar: string; month: number; day: number; leadDays: number }>(days: G[], today: CivilDate): { day: G; date: CivilDate }[] {
  const due: { day: G; date: CivilDate }[] = [];
  for (const g of days) {
    // A lead across New Year, or a lunar date in January of the next solar year, is looked up in both years.
    for (const year of [today.year - 1, today.year, today.year + 1]) {
      const date = dateInYear(g, year);
      if (date && compareDates(addDays(date, -g.leadDays), today) === 0) due.push({ day: g, date });
    }
  }
  return due;
}

/** Seeds the default greeting days on a new database; leaves the owner's list alone afterwards. */
export async function ensureGreetingDays(db: Db): Promise<void> {
  if ((await db.greetingDay.count()) > 0) return;
  await db.greetingDay.createMany({ data: DEFAULT_GREETING_DAYS });
}

export async function listGreetingDays(db: Db) {
  return db.greetingDay.findMany({ where: { active: true }, orderBy: [{ calendar: "asc" }, { month: "asc" }, { day: "asc" }] });
}

/** An owner's own greeting day: a day and month, who is greeted, a name shown to staff. */
export async function addGreetingDay(
  db: Db,
  input: { calendar: Calendar; month: number; day: number; language: "ru" | "zh" | null; gender: Gender | null; name: string },
) {
  const name = meaningfulText(input.name);
  if (!name || name.length > 60) throw new DomainError("greeting_invalid");
  const probe = input.calendar === "lunar" ? input.day <= 30 && input.month <= 12 : dateInYear({ ...input }, 2024) !== null;
  if (!Number.isInteger(input.month) || !Number.isInteger(input.day) || input.month < 1 || input.day < 1 || !probe) throw new DomainError("greeting_invalid");
  const code = `own_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  return db.greetingDay.create({ data: { code, nameRu: name, nameZh: name, calendar: input.calendar, month: input.month, day: input.day, language: input.language, gender: input.gender } });
}

export async function removeGreetingDay(db: Db, id: number): Promise<void> {
  const { count } = await db.greetingDay.updateMany({ where: { id, active: true }, data: { active: false } });
  if (count === 0) throw new DomainError("greeting_invalid");
}
