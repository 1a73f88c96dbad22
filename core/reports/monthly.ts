// Revenue by shop month for the chart: the 12 shop months ending with the
// period's last month (the months before the period are context, so a quarter
// shows against the year), or all the period's months when it spans more than
// 12. A month is inPeriod when it overlaps the period. The month boundaries are
// computed here in the shop's time zone and SQL buckets by them, so a purchase
// at 22:30 UTC on 31 October is November's in Moscow.
import { Prisma, type Db } from "../db/client.ts";
import { lastMonthOf, monthsEnding, monthsOf } from "./period.ts";
import { REVENUE, monthIndexSql, num, purchasesBetweenSql } from "./sql.ts";
import type { MonthRevenue, Period } from "./types.ts";

export const CHART_MONTHS = 12;

export function chartMonths(period: Period, timeZone: string) {
  const own = monthsOf(period, timeZone);
  return own.length > CHART_MONTHS ? own : monthsEnding(lastMonthOf(period, timeZone), CHART_MONTHS, timeZone);
}

type Row = { i: bigint | number; revenue: bigint | number | null; purchases: bigint | number };

export async function readRevenueByMonth(db: Db, period: Period, timeZone: string): Promise<MonthRevenue[]> {
  const months = chartMonths(period, timeZone);
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT ${monthIndexSql(months, Prisma.raw(`p."createdAt"`))} AS i, SUM(${REVENUE}) AS revenue, COUNT(*) AS purchases
    FROM ${purchasesBetweenSql(months[0]!.from, months.at(-1)!.to)}
    GROUP BY i`);
  const byIndex = new Map(rows.map((r) => [num(r.i), r]));
  return months.map((m, i) => {
    const row = byIndex.get(i);
    return { month: m.month, revenue: num(row?.revenue), purchases: num(row?.purchases), inPeriod: m.from < period.to && m.to > period.from };
  });
}
