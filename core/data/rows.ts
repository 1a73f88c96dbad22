// The spreadsheet a shop moves from, as the importer and the exporter agree on
// it: the columns of each kind of file, a row once it is read and checked, and
// what can be wrong with a row or with the whole file. Export writes these
// columns first (and may add more after them), so its files import back.
import type { CivilDate } from "../calendar.ts";

export const IMPORT_KINDS = ["clients", "purchases"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const CLIENT_COLUMNS = ["phone", "given_name", "patronymic", "family_name", "language", "birthday", "card_number", "notes"] as const;
export const PURCHASE_COLUMNS = ["phone", "card_number", "date", "amount", "description", "stone", "metal"] as const;
/** Columns a file of that kind must have (purchases: `phone` or `card_number`, checked on each row). */
export const REQUIRED_COLUMNS: Record<ImportKind, readonly string[]> = {
  clients: ["phone"],
  purchases: ["date", "amount"],
};

/** A file as read: its header (lower-cased, trimmed) and its data rows, each with the line a spreadsheet shows for it. */
export interface Table {
  header: string[];
  rows: { line: number; cells: string[] }[];
}

export interface ClientRow {
  line: number;
  /** E.164. */
  phone: string;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  language: "ru" | "zh" | null;
  /** A calendar date at midnight UTC, as Client.birthday stores it. */
  birthday: Date | null;
  cardNumber: string | null;
  notes: string | null;
}

export interface PurchaseRow {
  line: number;
  /** E.164, or null when the row names the client by card. */
  phone: string | null;
  cardNumber: string | null;
  /** The day of the purchase in the shop's calendar; it is recorded at noon shop time. */
  date: CivilDate;
  /** What the client paid, minor units, > 0. */
  amount: number;
  description: string | null;
  stone: string | null;
  metal: string | null;
}

/** Why a row is refused; each has a text in both languages (locales …/data.json: data.problem.<code>). */
export const ROW_PROBLEMS = [
  "phone_missing",
  "phone_invalid",
  "client_missing",
  "card_number_invalid",
  "card_check_digit",
  "date_missing",
  "date_invalid",
  "date_future",
  "amount_missing",
  "amount_invalid",
  "amount_negative",
  "amount_too_large",
  "language_invalid",
  "birthday_invalid",
  "text_too_long",
  "duplicate_phone",
  "duplicate_card",
  "client_unknown",
  "card_taken",
] as const;
export type RowProblemCode = (typeof ROW_PROBLEMS)[number];

export interface RowProblem {
  line: number;
  /** The column at fault, as named in the file's header, or null for the row as a whole. */
  column: string | null;
  problem: RowProblemCode;
  /** The cell as written (cut to 40 characters), so the owner can find it. */
  value: string;
}

/** Why a whole file is refused before any row is read. */
export const FILE_PROBLEMS = ["format", "encoding", "empty", "header_missing", "too_large"] as const;
export type FileProblemCode = (typeof FILE_PROBLEMS)[number];

export interface FileProblem {
  problem: FileProblemCode;
  /** header_missing: the required columns not found. */
  columns?: string[];
}

/** Rows that passed the checks of one row, and the problems of the others, in line order. */
export interface Parsed<R> {
  rows: R[];
  problems: RowProblem[];
  total: number;
}
