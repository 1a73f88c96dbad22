// One cell of an imported spreadsheet, read the way the owner wrote it. Each
// parser returns the value, null for a blank cell, or the problem code the row
// is refused with, so a row can collect several problems without exceptions.
import type { CivilDate } from "../calendar.ts";
import { DomainError } from "../errors.ts";
import { parseMoney } from "../money.ts";

/** Day first as a Russian Excel writes it, year first as a Chinese one or an export does, and "1990年5月3日". */
const DATE_PATTERNS: { re: RegExp; order: "dmy" | "ymd" }[] = [
  { re: /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/, order: "dmy" },
  { re: /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$/, order: "ymd" },
  { re: /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/, order: "ymd" },
];
// Excel writes a date-time cell as "31.12.2025 14:30" (or ISO "…T14:30:00"); the time is not kept.
const TIME = /(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A calendar date that exists (no 31 February), year 1900 or later; null for a blank cell. */
export function parseDateCell(cell: string): CivilDate | null | "invalid" {
  const text = cell.trim();
  if (text === "") return null;
  const day = text.length > 10 ? text.replace(TIME, "") : text;
  for (const { re, order } of DATE_PATTERNS) {
    const m = re.exec(day);
    if (!m) continue;
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [year, month, dayOfMonth] = order === "dmy" ? [c, b, a] : [a, b, c];
    const d = new Date(Date.UTC(year, month - 1, dayOfMonth));
    const real = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === dayOfMonth;
    return real && year >= 1900 ? { year, month, day: dayOfMonth } : "invalid";
  }
  return "invalid";
}

const PLAIN_AMOUNT = /^(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d{1,2}))?$/;
// A minus, a Unicode minus or an en dash in front, or accountants' parentheses around.
const NEGATIVE = /^(?:[-\u2212\u2013]\s*(.*)|\((.*)\))$/s;

/**
 * Major units as written ("12 345,50", "12345.5", "1 234,56 ₽", "¥12,800") to
 * integer minor units, by the same rules as a seller's typed amount
 * (core/money.ts): digits, never floats, at most two decimals, above zero.
 */
export function parseAmountCell(cell: string): number | null | "amount_invalid" | "amount_negative" | "amount_too_large" {
  const text = cell.trim().replace(/￥/g, "¥");
  if (text === "") return null;
  // Most cells are plain "12345.5" or "12 345,50": read those straight off, without the general rules.
  const plain = PLAIN_AMOUNT.exec(text);
  if (plain) {
    const whole = plain[1]!.replace(/\D/g, "");
    const minor = Number(whole) * 100 + Number((plain[2] ?? "").padEnd(2, "0"));
    if (whole.length <= 13 && minor > 0) return minor;
  }
  const negative = NEGATIVE.exec(text);
  const result = parseMajor(negative ? (negative[1] ?? negative[2] ?? "") : text);
  if (negative && typeof result === "number") return "amount_negative";
  return result;
}

function parseMajor(text: string): number | "amount_invalid" | "amount_too_large" {
  try {
    return parseMoney(text);
  } catch (e) {
    if (e instanceof DomainError && e.code === "amount_too_long") return "amount_too_large";
    if (e instanceof DomainError) return "amount_invalid";
    throw e;
  }
}

/** A text cell trimmed, null when blank. */
export const textOf = (cell: string): string | null => cell.trim() || null;

/** Longer than `max` characters (code points, not UTF-16 units; counted only when it could matter). */
export const tooLong = (text: string | null, max: number): boolean => text !== null && text.length > max && [...text].length > max;

const LANGUAGES: Record<string, "ru" | "zh"> = {
  ru: "ru", "ru-ru": "ru", rus: "ru", russian: "ru", рус: "ru", русский: "ru", 俄语: "ru", 俄文: "ru",
  zh: "zh", cn: "zh", "zh-cn": "zh", "zh-hans": "zh", chinese: "zh", 中文: "zh", 汉语: "zh", 普通话: "zh", китайский: "zh", кит: "zh",
};

/** "ru", "русский", "中文", "Chinese" …; null when blank. */
export function parseLanguageCell(cell: string): "ru" | "zh" | null | "invalid" {
  const text = cell.trim().toLowerCase().replace(/\.$/, "");
  if (text === "") return null;
  return LANGUAGES[text] ?? "invalid";
}

/** The cell as a problem report shows it: cut to 40 characters. */
export const shown = (cell: string) => (cell.length <= 40 ? cell : [...cell].slice(0, 40).join(""));
