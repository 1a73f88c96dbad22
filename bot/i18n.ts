// Every string a person sees comes from locales/<lang>.json through i18next;
// money, numbers and dates are formatted for the person's language here.
import { readFileSync } from "node:fs";
import i18next, { type TFunction } from "i18next";

export const LANGUAGES = ["ru", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: unknown): v is Language => LANGUAGES.includes(v as Language);

/** Telegram's language_code → our language: Chinese variants → zh, anything else → ru. */
export function languageFromTelegram(code: string | undefined): Language {
  return code?.toLowerCase().startsWith("zh") ? "zh" : "ru";
}

const INTL_LOCALE: Record<Language, string> = { ru: "ru-RU", zh: "zh-CN" };

function loadLocale(lang: Language): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../locales/${lang}.json`, import.meta.url), "utf8"));
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

export interface Formatter {
  money(minor: number): string;
  number(n: number): string;
  date(d: Date): string;
  percent(basisPoints: number): string;
}

export function formatter(lang: Language, currency: string, timeZone: string): Formatter {
  const locale = INTL_LOCALE[lang];
  const integer = new Intl.NumberFormat(locale);
  const dateFmt = new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone });
  return {
    money: (minor) =>
      new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: minor % 100 === 0 ? 0 : 2,
        maximumFractionDigits: 2,
      }).format(minor / 100),
    number: (n) => integer.format(n),
    date: (d) => dateFmt.format(d),
    percent: (bp) => `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(bp / 100)}%`,
  };
}
