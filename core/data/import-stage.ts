// The rows of a file that passed their own checks wait in a table of the
// scratch database attached as "stage" (import-scratch.ts): the database-level
// checks, the counts of a dry run and the writing are then set-based SQL over
// it, and memory stays flat however long the file is.
import { hash } from "node:crypto";
import { isoDate, shopDate, shopMinutes, startOfShopDay, type CivilDate } from "../calendar.ts";
import { sqlTime } from "../db/client.ts";
import type { ClientRow, ImportKind, PurchaseRow } from "./rows.ts";
import type { Sqlite } from "./sqlite.ts";

export const STAGE_TABLE: Record<ImportKind, string> = { clients: "stage_client", purchases: "stage_purchase" };

const TABLES: Record<ImportKind, string> = {
  // `cell` is the card number as written, for a card_taken report.
  clients: `CREATE TABLE stage.stage_client (line INTEGER NOT NULL, phone TEXT NOT NULL, givenName TEXT, patronymic TEXT,
    familyName TEXT, language TEXT, birthday TEXT, cardNumber TEXT, notes TEXT, cell TEXT, bad INTEGER NOT NULL DEFAULT 0)`,
  // `hkey` is a hash of the row's content; `occ` numbers repeats of that content in the file.
  // `cell` is the phone (or, without one, the card number) as written, for a client_unknown report.
  purchases: `CREATE TABLE stage.stage_purchase (line INTEGER NOT NULL, phone TEXT, cardNumber TEXT, day TEXT NOT NULL,
    at TEXT NOT NULL, amount INTEGER NOT NULL, description TEXT, stone TEXT, metal TEXT, hkey TEXT NOT NULL,
    occ INTEGER NOT NULL DEFAULT 1, cell TEXT, clientId INTEGER, bad INTEGER NOT NULL DEFAULT 0)`,
};

const INSERTS: Record<ImportKind, string> = {
  clients: `INSERT INTO stage.stage_client (line, phone, givenName, patronymic, familyName, language, birthday, cardNumber, notes, cell)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  purchases: `INSERT INTO stage.stage_purchase (line, phone, cardNumber, day, at, amount, description, stone, metal, hkey, cell)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
};


/** A hash of the row's content: the same row (client, day, amount, item) gives the same hash in any file. */
export function purchaseContentHash(row: PurchaseRow, day = isoDate(row.date)): string {
  const client = row.phone ?? `card:${row.cardNumber ?? ""}`;
  const content = [client, day, row.amount, row.description ?? "", row.stone ?? "", row.metal ?? ""].join("\u001f");
  return hash("sha256", content, "base64url").slice(0, 22);
}

/**
 * A staged purchase's idempotency key, as SQL over the stage: "import:", the
 * client's id, the content hash and the repeat number. The id leads so that a
 * chunk's keys (a range of clients) land together in the key's index: random
 * keys would dirty nearly every page of it in each chunk's commit, writing the
 * whole index to the WAL again and again.
 */
export const PURCHASE_KEY_SQL = (s: string) => `'import:' || printf('%09d', ${s}.clientId) || '-' || ${s}.hkey || ':' || ${s}.occ`;

/** Noon in the shop on that day (daylight-saving days included): imported purchases are recorded then. */
export function noonOf(date: CivilDate, timeZone: string): Date {
  const guess = new Date(startOfShopDay(date, timeZone).getTime() + 12 * 3_600_000);
  const drift = isoDate(shopDate(guess, timeZone)) === isoDate(date) ? shopMinutes(guess, timeZone) - 720 : 0;
  return new Date(guess.getTime() - drift * 60_000);
}

/** Collects rows and inserts them 10,000 to a transaction (one prepared statement). */
export function createStage(sqlite: Sqlite, kind: ImportKind, timeZone: string) {
  sqlite.exec(`DROP TABLE IF EXISTS stage.${STAGE_TABLE[kind]}`);
  sqlite.exec(TABLES[kind]);
  const insert = sqlite.prepare(INSERTS[kind]);
  const noons = new Map<string, string>();
  const noon = (day: string, date: CivilDate) => {
    let at = noons.get(day);
    if (!at) noons.set(day, (at = sqlTime(noonOf(date, timeZone))));
    return at;
  };
  const values = (row: ClientRow | PurchaseRow, cell: string): unknown[] => {
    if (kind === "clients") {
      const r = row as ClientRow;
      return [r.line, r.phone, r.givenName, r.patronymic, r.familyName, r.language, r.birthday && sqlTime(r.birthday), r.cardNumber, r.notes, cell];
    }
    const r = row as PurchaseRow;
    const day = isoDate(r.date);
    return [r.line, r.phone, r.cardNumber, day, noon(day, r.date), r.amount, r.description, r.stone, r.metal, purchaseContentHash(r, day), cell];
  };
  let batch: unknown[][] = [];
  const flushBatch = sqlite.transaction((rows: unknown[][]) => {
    for (const r of rows) insert.run(r);
  });
  const flush = () => {
    if (batch.length) flushBatch(batch);
    batch = [];
  };
  return {
    add(row: ClientRow | PurchaseRow, cell: string) {
      batch.push(values(row, cell));
      if (batch.length >= 10_000) flush();
    },
    /** The last rows; purchases then number repeated contents in file order. */
    finish() {
      flush();
      if (kind === "purchases") {
        sqlite.exec(`UPDATE stage_purchase SET occ = o.n
          FROM (SELECT rowid AS rid, row_number() OVER (PARTITION BY hkey ORDER BY line) AS n FROM stage_purchase) AS o
          WHERE stage_purchase.rowid = o.rid AND o.n > 1`);
      }
    },
  };
}
