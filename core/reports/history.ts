// Every figure that needs a client's whole history (their first purchase, how
// many they made, whether they are still active) comes from one pass over the
// purchases before the period's end: the covering index on
// Purchase(clientId, createdAt, status, paid, refundedAmount) is read once, in
// client order, into one row per client (`h`) that also carries the client's
// purchases and revenue in the period. Sales, retention, LTV and the ladder are
// sums over those rows; the rankings (pareto.ts, abc-xyz.ts) read the same rows
// in the same statement (clients.ts), so the purchases are read once.
import { Prisma, sqlTime } from "../db/client.ts";
import { stageSql } from "./ladder.ts";
import { monthsBefore } from "./period.ts";
import { ACTIVE_MONTHS_SQL, COUNTED, REVENUE, bounds, num } from "./sql.ts";
import { LADDER_STAGES, type LadderRules, type LadderStage, type Period } from "./types.ts";

export interface History {
  /** In the period: counted purchases, their revenue, distinct clients who made them. */
  purchases: number;
  revenue: number;
  buyers: number;
  /** Buyers whose first counted purchase ever is in the period, and what they brought in it. */
  newClients: number;
  newRevenue: number;
  /** Buyers with two or more counted purchases up to the period's end. */
  repeatBuyers: number;
  /** Clients with a counted purchase in the active window before the period's start, and before its end. */
  activeAtStart: number;
  activeAtEnd: number;
  /** Up to the period's end: clients with a counted purchase, their purchases and revenue. */
  clients: number;
  lifetimePurchases: number;
  lifetimeRevenue: number;
  /** Sums over those clients of their active months and of their purchases per active month. */
  sumMonths: number;
  sumPerMonth: number;
  ladder: Record<LadderStage, number>;
}

const COLUMNS = ["purchases", "revenue", "buyers", "newClients", "newRevenue", "repeatBuyers", "activeAtStart", "activeAtEnd", "clients", "lifetimePurchases", "lifetimeRevenue", "sumMonths", "sumPerMonth"] as const;
export type HistoryRow = Record<(typeof COLUMNS)[number] | LadderStage, number | bigint | null>;

/**
 * The CTEs `h` (per client: n, rev, first, last, pn and prev in the period,
 * lastBefore the period) and `s` (h with atStart, atEnd, months and stage).
 */
export function historyCtes(period: Period, rules: LadderRules, timeZone: string): Prisma.Sql {
  const { from, to } = bounds(period);
  const startWindow = sqlTime(monthsBefore(period.from, rules.activeMonths, timeZone));
  const endWindow = sqlTime(monthsBefore(period.to, rules.activeMonths, timeZone));
  return Prisma.sql`h AS MATERIALIZED (
      SELECT p."clientId" AS id, COUNT(*) AS n, SUM(${REVENUE}) AS rev,
             MIN(p."createdAt") AS first, MAX(p."createdAt") AS last,
             SUM(p."createdAt" >= ${from}) AS pn,
             SUM(CASE WHEN p."createdAt" >= ${from} THEN ${REVENUE} ELSE 0 END) AS prev,
             MAX(CASE WHEN p."createdAt" < ${from} THEN p."createdAt" END) AS lastBefore
      FROM "Purchase" p
      WHERE p."createdAt" < ${to} AND ${COUNTED}
      GROUP BY p."clientId"
    ),
    -- Active at the start: the last purchase before it is inside the window; at the end, the last one.
    a AS (SELECT h.*, COALESCE(h.lastBefore >= ${startWindow}, 0) AS atStart, h.last >= ${endWindow} AS atEnd FROM h),
    s AS (SELECT a.*, ${ACTIVE_MONTHS_SQL} AS months, ${stageSql(rules)} AS stage FROM a)`;
}

/** The sums over `s`, one column each of HistoryRow. */
export function historyColumns(period: Period): Prisma.Sql {
  const { from } = bounds(period);
  return Prisma.sql`SUM(pn) AS purchases, SUM(prev) AS revenue, SUM(pn > 0) AS buyers,
    SUM(pn > 0 AND first >= ${from}) AS newClients,
    SUM(CASE WHEN pn > 0 AND first >= ${from} THEN prev ELSE 0 END) AS newRevenue,
    SUM(pn > 0 AND n >= 2) AS repeatBuyers,
    SUM(atStart) AS activeAtStart, SUM(atEnd) AS activeAtEnd,
    COUNT(*) AS clients, SUM(n) AS lifetimePurchases, SUM(rev) AS lifetimeRevenue,
    SUM(months) AS sumMonths, SUM(n / months) AS sumPerMonth,
    ${Prisma.join(LADDER_STAGES.map((stage) => Prisma.sql`SUM(stage = ${stage}) AS ${Prisma.raw(`"${stage}"`)}`))}`;
}

export function historyOf(row: HistoryRow | undefined): History {
  const values = Object.fromEntries(COLUMNS.map((key) => [key, num(row?.[key])])) as Record<(typeof COLUMNS)[number], number>;
  return { ...values, ladder: Object.fromEntries(LADDER_STAGES.map((stage) => [stage, num(row?.[stage])])) as Record<LadderStage, number> };
}
