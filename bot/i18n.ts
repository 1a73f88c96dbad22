// Every string a person sees comes from locales/<lang>.json through i18next;
// money, numbers and dates are formatted for the person's language here.
import { readdirSync, readFileSync } from "node:fs";
import i18next, { type TFunction } from "i18next";
import type { Quantity } from "../core/errors.ts";
import "./locale-keys.ts";

export const LANGUAGES = ["ru", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: unknown): v is Language => LANGUAGES.includes(v as Language);

/** Telegram's language_code → our language: Chinese variants → zh, anything else → ru. */
export function languageFromTelegram(code: string | undefined): Language {
  return code?.toLowerCase().startsWith("zh") ? "zh" : "ru";
}

const INTL_LOCALE: Record<Language, string> = { ru: "ru-RU", zh: "zh-CN" };

type Tree = { [key: string]: string | Tree };

/**
 * locales/<lang>/*.json, one file per feature, merged deeply: a feature's file
 * may add its own error texts under "errors"; a key defined twice is a mistake.
 */
export function loadLocale(lang: Language): Tree {
  const dir = new URL(`../locales/${lang}/`, import.meta.url);
  const merged: Tree = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    mergeInto(merged, JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Tree, `locales/${lang}/${file}`, "");
  }
  return merged;
}

function mergeInto(target: Tree, part: Tree, file: string, path: string): void {
  for (const [key, value] of Object.entries(part)) {
    const existing = target[key];
    if (existing === undefined) target[key] = value;
    else if (typeof existing === "object" && typeof value === "object") mergeInto(existing, value, file, `${path}${key}.`);
    else throw new Error(`${file}: "${path}${key}" is already defined in another file`);
  }
}

const instance = i18next.createInstance();
await instance.init({
  resources: Object.fromEntries(LANGUAGES.map((l) => [l, { translation: loadLocale(l) }])),
  lng: "ru",
  fallbackLng: false,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

export type Translate = TFunction;

export function translator(lang: Language): Translate {
  return instance.getFixedT(lang);
}

export function hasKey(key: string, lang: Language): boolean {
  return instance.exists(key, { lng: lang });
}

/** A figure from core in the person's words: "92 500 ₽", "1 500 баллов", "7,5%", "12 месяцев". */
export function showQuantity(t: Translate, fmt: Formatter, q: Quantity): string {
  switch (q.unit) {
    case "money":
      return fmt.money(q.minor);
    case "points":
      return t("points", { count: q.value, n: fmt.number(q.value) });
    case "percent":
      return fmt.percent(q.bp);
    case "months":
      return t("months", { count: q.value, n: fmt.number(q.value) });
    case "days":
      return t("days", { count: q.value, n: fmt.number(q.value) });
    case "number":
      return fmt.number(q.value);
  }
}

export interface Formatter {
  money(minor: number): string;
  number(n: number): string;
  date(d: Date): string;
  /** "28 ноября, 18:00", "11月28日 18:00": a moment in the shop's time zone (an event, a scheduled broadcast). */
  dateTime(d: Date): string;
  /** "3 мая", "5月3日": a day in the year, for birthdays and greetings. */
  dayMonth(d: Date): string;
  /** A calendar date stored as midnight UTC (a birthday): the same day wherever the shop is. */
  calendarDate(d: Date): string;
  /** A day on the calendar, with or without its year ("1 сентября", "2015年9月1日"): no time zone can move it. */
  calendarDay(d: { year: number | null; month: number; day: number }): string;
  percent(basisPoints: number): string;
}

/**
 * How a language writes the shop's currency when Intl's symbol would read
 * badly: a Chinese reader sees "RUB 100,000" as a code, and expects "100,000 卢布".
 * Otherwise the narrow symbol: "100 000 ¥" in Russian, not "CN¥".
 */
const CURRENCY_WORD: Record<Language, Partial<Record<string, string>>> = { ru: {}, zh: { RUB: "卢布" } };

const formatters = new Map<string, Formatter>();

/** Intl formatters are costly to build: one set per language, currency and time zone. */
export function formatter(lang: Language, currency: string, timeZone: string): Formatter {
  const key = `${lang}|${currency}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = buildFormatter(lang, currency, timeZone)));
  return f;
}

function buildFormatter(lang: Language, currency: string, timeZone: string): Formatter {
  const locale = INTL_LOCALE[lang];
  const integer = new Intl.NumberFormat(locale);
  const dateFmt = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone });
  const dayMonthFmt = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  const calendarFmt = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  const calendarDayMonthFmt = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", timeZone: "UTC" });
  const percentFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const word = CURRENCY_WORD[lang][currency];
  const moneyFormat = (digits: number) =>
    word
      ? new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })
      : new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay: "narrowSymbol", minimumFractionDigits: digits, maximumFractionDigits: digits });
  const wholeMoney = moneyFormat(0);
  const exactMoney = moneyFormat(2);
  return {
    money: (minor) => {
      const amount = (minor % 100 === 0 ? wholeMoney : exactMoney).format(minor / 100);
      return word ? `${amount} ${word}` : amount;
    },
    number: (n) => integer.format(n),
    date: (d) => dateFmt.format(d),
    dateTime: (d) => dateTimeFmt.format(d),
    dayMonth: (d) => dayMonthFmt.format(d),
    calendarDate: (d) => calendarFmt.format(d),
    calendarDay: (d) => (d.year === null ? calendarDayMonthFmt : calendarFmt).format(new Date(Date.UTC(d.year ?? 2000, d.month - 1, d.day))),
    percent: (bp) => `${percentFmt.format(bp / 100)}%`,
  };
}
