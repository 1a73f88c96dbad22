// Every string a person sees comes from locales/<lang>.json through i18next;
// money, numbers and dates are formatted for the person's language here.
import { readdirSync, readFileSync } from "node:fs";
import i18next, { type TFunction } from "i18next";

export const LANGUAGES = ["ru", "zh"] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: unknown): v is Language => LANGUAGES.includes(v as Language);

/** Telegram's language_code → our language: Chinese variants → zh, anything else → ru. */
export function languageFromTelegram(code: string | undefined): Language {
  return code?.toLowerCase().startsWith("zh") ? "zh" : "ru";
}

const INTL_LOCALE: Record<Language, string> = { ru: "ru-RU", zh: "zh-CN" };

/** locales/<lang>/*.json, one file per feature, merged; a key defined twice is a mistake. */
export function loadLocale(lang: Language): Record<string, unknown> {
  const dir = new URL(`../locales/${lang}/`, import.meta.url);
  const merged: Record<string, unknown> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const part = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Record<string, unknown>;
    for (const key of Object.keys(part)) {
      if (key in merged) throw new Error(`locales/${lang}/${file}: "${key}" is already defined in another file`);
    }
    Object.assign(merged, part);
  }
  return merged;
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
  const percentFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const wholeMoney = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const exactMoney = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    money: (minor) => (minor % 100 === 0 ? wholeMoney : exactMoney).format(minor / 100),
    number: (n) => integer.format(n),
    date: (d) => dateFmt.format(d),
    percent: (bp) => `${percentFmt.format(bp / 100)}%`,
  };
}
