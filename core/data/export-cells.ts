// What a column of an export holds decides how each format writes it: a CSV
// cell is text shaped for the spreadsheet program of the owner's locale, an
// XLSX cell keeps its type (a number, a date, text), so nobody re-types it.

/** "ru": Excel in a Russian locale (`;`, 1234,50, 24.11.2026); "zh": `,`, 1234.50, 2026-11-24. */
export type ExportStyle = "ru" | "zh";

/**
 * text: words someone typed (names, notes), guarded against formulas in CSV;
 * code: phones, card numbers, ids — text that must stay exactly as written;
 * int: counts and points; money: minor units, written as major units with two
 * decimals; date: a day on the shop's calendar as "yyyy-mm-dd".
 */
export type ColumnKind = "text" | "code" | "int" | "money" | "date";

export interface Column {
  name: string;
  kind: ColumnKind;
  /** In characters, for XLSX. */
  width: number;
}

export type Cell = string | number | null;

/** A column read from SQLite as a cell (NULL stays empty). */
export const text = (v: unknown): Cell => (typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? String(v) : null);
export const num = (v: unknown): Cell => (v === null || v === undefined ? null : Number(v));

const WIDTHS: Record<ColumnKind, number> = { text: 18, code: 16, int: 10, money: 14, date: 12 };

export const column = (name: string, kind: ColumnKind, width = WIDTHS[kind]): Column => ({ name, kind, width });

/** "yyyy-mm-dd" → "dd.mm.yyyy". */
const dmy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** 123456 minor units → "1234,56" or "1234.56": no thousands separator, which Excel and the importer both read. */
export function majorUnits(minor: number, decimal: "," | "."): string {
  const abs = Math.abs(minor);
  return `${minor < 0 ? "-" : ""}${Math.trunc(abs / 100)}${decimal}${String(abs % 100).padStart(2, "0")}`;
}

// A typed cell starting with one of these is run as a formula by Excel (CSV
// injection); the apostrophe makes Excel show it as text. Phones ("+7…") are
// codes, never guarded, so they import back unchanged.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(kind: ColumnKind, value: Cell, style: ExportStyle): string {
  if (value === null) return "";
  if (kind === "money") return majorUnits(Number(value), style === "ru" ? "," : ".");
  if (kind === "date") return style === "ru" ? dmy(String(value)) : String(value);
  if (kind === "text" && typeof value === "string" && FORMULA_START.test(value)) return `'${value}`;
  return String(value);
}

/** A stored calendar date (birthdays: midnight UTC, as text or milliseconds) → "yyyy-mm-dd". */
export function storedDay(value: unknown): string | null {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  if (typeof value === "number") return new Date(value).toISOString().slice(0, 10);
  return null;
}

const QUARTER_HOUR = 15 * 60_000;

/** Instants as the shop's calendar and clock show them. */
export interface ShopTime {
  /** "yyyy-mm-dd" in the shop's time zone. */
  day(instant: unknown): string | null;
  /** "HH:MM" in the shop's time zone. */
  time(instant: unknown): string | null;
}

/**
 * Intl costs microseconds a call, too slow for a million rows, so the zone's
 * offset is asked once per quarter hour of UTC (zones change offset only on a
 * quarter hour) and kept; the cache is bounded so memory stays flat.
 */
export function createShopTime(timeZone: string): ShopTime {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number) => {
    const parts = format.formatToParts(ms);
    const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - ms;
  };
  const local = (instant: unknown): string | null => {
    const ms = typeof instant === "number" ? instant : typeof instant === "string" ? Date.parse(instant) : NaN;
    if (Number.isNaN(ms)) return null;
    const slot = Math.floor(ms / QUARTER_HOUR);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      if (offsets.size >= 50_000) offsets.clear();
      offsets.set(slot, (offset = offsetAt(slot * QUARTER_HOUR)));
    }
    return new Date(ms + offset).toISOString();
  };
  return {
    day: (instant) => local(instant)?.slice(0, 10) ?? null,
    time: (instant) => local(instant)?.slice(11, 16) ?? null,
  };
}

/** One kind of export: its columns, one streaming query, and how a result row becomes cells. */
export interface Dataset {
  columns: Column[];
  sql: string;
  /** Named parameters of the query. */
  params(now: Date): Record<string, unknown>;
  cells(row: Record<string, unknown>, shop: ShopTime): Cell[];
}
