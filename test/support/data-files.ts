// Small spreadsheets for the importer's tests, written as a shop's Excel saves
// CSV ("," between cells, quotes where needed), with the line each row lands on.
import { luhnCheckDigit } from "../../core/loyalty/card-number.ts";
import { CLIENT_COLUMNS, PURCHASE_COLUMNS } from "../../core/data/rows.ts";

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** CSV bytes: the header, then each row (line 2, 3, …). */
export function csv(header: readonly string[], rows: readonly (readonly string[])[]): Uint8Array {
  return new TextEncoder().encode([header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n");
}

type ClientCells = Partial<Record<(typeof CLIENT_COLUMNS)[number], string>>;
type PurchaseCells = Partial<Record<(typeof PURCHASE_COLUMNS)[number], string>>;

export const clientsCsv = (rows: ClientCells[]) => csv(CLIENT_COLUMNS, rows.map((r) => CLIENT_COLUMNS.map((c) => r[c] ?? "")));
export const purchasesCsv = (rows: PurchaseCells[]) => csv(PURCHASE_COLUMNS, rows.map((r) => PURCHASE_COLUMNS.map((c) => r[c] ?? "")));

/** A valid 12-digit card number from a small number. */
export function card(n: number): string {
  const payload = `7${String(n).padStart(10, "0")}`;
  return payload + luhnCheckDigit(payload);
}
