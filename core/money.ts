// Amounts typed by sellers: "150000", "150 000", "15 000,50", "15,000.50",
// "150000 ₽", "¥12,800". Parsed to integer minor units; never floats.
import { DomainError, percent } from "./errors.ts";

// Only at either end: "15 000 руб 50" is not an amount.
const CURRENCY_MARKS = /^(₽|¥|rub|cny|rmb)\s*|\s*(₽|руб\.?|р\.|rub|¥|元|cny|rmb)$/gi;

/** Returns minor units (kopecks, fen) or throws amount_invalid. */
export function parseMoney(input: string): number {
  const text = input.replace(CURRENCY_MARKS, "").replace(/[\s\u00a0\u202f']/g, "");
  if (!/^\d[\d.,]*$/.test(text)) throw new DomainError("amount_invalid");
  const lastSep = Math.max(text.lastIndexOf(","), text.lastIndexOf("."));
  let whole = text;
  let fraction = "";
  if (lastSep >= 0) {
    const after = text.slice(lastSep + 1);
    const sepCount = (text.match(/[.,]/g) ?? []).length;
    const mixed = text.includes(",") && text.includes(".");
    // One separator followed by one or two digits, or the last of mixed ones, is the decimal point.
    if ((sepCount === 1 && after.length <= 2) || (mixed && after.length <= 2)) {
      whole = text.slice(0, lastSep);
      fraction = after;
    }
  }
  if (!/^\d+$/.test(fraction || "0")) throw new DomainError("amount_invalid");
  // What is left may only hold thousands separators, each before a group of three digits.
  if (!/^\d{1,3}([.,]\d{3})*$|^\d+$/.test(whole)) throw new DomainError("amount_invalid");
  const digits = whole.replace(/[.,]/g, "");
  if (digits.length > 13) throw new DomainError("amount_too_long");
  const minor = Number(digits) * 100 + Number(fraction.padEnd(2, "0") || 0);
  if (!Number.isSafeInteger(minor) || minor <= 0) throw new DomainError("amount_invalid");
  return minor;
}

/** Whole points typed by a seller or an owner: "500", "1 500"; a leading minus when allowed. */
export function parsePoints(input: string, allowNegative = false): number {
  const text = input.replace(/[\s\u00a0\u202f]/g, "");
  const re = allowNegative ? /^[-+]?\d{1,9}$/ : /^\d{1,9}$/;
  if (!re.test(text)) throw new DomainError("points_invalid");
  return Number(text);
}

/** Basis points of a percentage typed as "5", "7.5" or "7,5". */
export function parsePercent(input: string): number {
  const text = input.replace(/[\s%]/g, "").replace(",", ".");
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(text)) throw new DomainError("setting_invalid", { min: percent(0), max: percent(10_000) });
  const bp = Math.round(Number(text) * 100);
  if (bp > 10_000) throw new DomainError("setting_invalid", { min: percent(0), max: percent(10_000) });
  return bp;
}
