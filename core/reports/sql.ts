// What every report query agrees on, written once. A purchase counts unless it
// was refunded in full; what it brought is what was paid less what was given
// back. Queries alias "Purchase" as `p`.
import { Prisma, sqlTime } from "../db/client.ts";
import type { ShopMonth } from "./period.ts";
import type { Period } from "./types.ts";

/** A purchase refunded in full is no purchase: not in counts, not in a client's first or last purchase. */
export const COUNTED = Prisma.raw(`p."status" <> 'refunded'`);

/** Money a purchase brought, minor units: a partial refund lowers it. */
export const REVENUE = Prisma.raw(`(p."paid" - p."refundedAmount")`);

/** A period's bounds as the text Prisma stores instants in: compared as text, they order instants. */
export const bounds = (period: Period) => ({ from: sqlTime(period.from), to: sqlTime(period.to) });

/**
 * Each client's counted purchases in a span, read from the covering index on
 * Purchase(clientId, createdAt, status, paid, refundedAmount): one seek per
 * client, then only the span's entries. The createdAt index would cost a table
 * lookup per purchase, over a second for a year of a million-purchase shop.
 * Starts a FROM clause; the caller groups.
 */
export function purchasesBetweenSql(from: Date, to: Date): Prisma.Sql {
  return Prisma.sql`"Client" c CROSS JOIN "Purchase" p
    ON p."clientId" = c."id" AND p."createdAt" >= ${sqlTime(from)} AND p."createdAt" < ${sqlTime(to)} AND ${COUNTED}`;
}

/**
 * The index in `months` (whole, consecutive shop months, computed in JS with
 * the shop's time zone) of the month an instant column falls in: a CASE over
 * the boundaries, cheaper per row than a join, nested as a binary search so a
 * five-year chart costs six comparisons a purchase, not thirty. The caller's
 * WHERE keeps the column inside the months.
 */
export function monthIndexSql(months: ShopMonth[], column: Prisma.Sql): Prisma.Sql {
  const within = (lo: number, hi: number): Prisma.Sql => {
    if (lo === hi) return Prisma.sql`${lo}`;
    const mid = Math.floor((lo + hi) / 2);
    return Prisma.sql`CASE WHEN ${column} < ${sqlTime(months[mid]!.to)} THEN ${within(lo, mid)} ELSE ${within(mid + 1, hi)} END`;
  };
  return within(0, months.length - 1);
}

/** SQLite answers integers as bigint through the driver, sums of nothing as null. */
export const num = (v: number | bigint | null | undefined): number => Number(v ?? 0);

/** A month of a client's life for LTV's T: the mean Gregorian month. */
export const DAYS_PER_MONTH = 30.4375;

/** months_i from a client's row of the per-client history (columns first and last: their first and last counted purchase). */
export const ACTIVE_MONTHS_SQL = Prisma.sql`MAX(1.0, (julianday(last) - julianday(first)) / ${DAYS_PER_MONTH})`;
