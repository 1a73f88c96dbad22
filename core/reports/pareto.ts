// The 20/80 rule and its curve, over clients with revenue above zero in the
// period (the rows of history.ts's `h` with prev > 0):
//   byTotal — clients ranked by their revenue in the period (ties: the lower
//     client id first); the top ceil(20% × n) of them and their share of the
//     period's revenue;
//   byAverageCheck — the same, ranked by their average check in the period
//     instead (a few big tickets against many small ones), same share measure;
//   the curve — cumulative share of revenue against share of clients ranked by
//     revenue, at most 101 points: {0, 0}, then the client at each percentile
//     (rank ceil(p × n / 100) for p = 1..100, each rank once), ending {1, 1}.
// Window functions rank the clients inside SQLite; only the percentile rows
// leave it, as JSON. ABC (abc-xyz.ts) reads the same ranking.
import { Prisma } from "../db/client.ts";
import { num } from "./sql.ts";
import type { ParetoSplit, Report } from "./types.ts";

/** The "20" of 20/80, in percent. */
export const TOP_PERCENT = 20;

/**
 * `pc`: the period's clients with money (id, r = revenue, n = purchases);
 * `tot`: their number (cnt) and revenue (total); `ranked`: each with rk, their
 * rank by revenue, and cum, the revenue down to and including them. One window
 * (one sort) serves both, and the curve and ABC read it.
 */
export const RANKING_CTES = Prisma.sql`pc AS MATERIALIZED (SELECT id, prev AS r, pn AS n FROM h WHERE prev > 0),
    tot AS MATERIALIZED (SELECT COUNT(*) AS cnt, SUM(r) AS total FROM pc),
    ranked AS MATERIALIZED (
      SELECT id, r, ROW_NUMBER() OVER w AS rk, SUM(r) OVER w AS cum
      FROM pc WINDOW w AS (ORDER BY r DESC, id ROWS UNBOUNDED PRECEDING)
    )`;

// ceil(TOP_PERCENT × cnt / 100), cast because a bound number may arrive as REAL. The top by total is the cumulative
// revenue at that rank; the top by average check a bounded sort (LIMIT) of pc.
// A rank is some percentile's client when a whole percent lies in
// ((rk − 1) / cnt, rk / cnt].
const TOP = Prisma.sql`(SELECT CAST((cnt * ${TOP_PERCENT} + 99) / 100 AS INTEGER) FROM tot)`;
export const PARETO_COLUMNS = Prisma.sql`(SELECT cnt FROM tot) AS rankedClients,
    (SELECT total FROM tot) AS rankedRevenue,
    (SELECT cum FROM ranked WHERE rk = ${TOP}) AS topByTotal,
    (SELECT SUM(r) FROM (SELECT r FROM pc ORDER BY r * 1.0 / n DESC, id LIMIT ${TOP})) AS topByAverage,
    (SELECT json_group_array(json_array(rk, cum)) FROM (
       SELECT rk, cum FROM ranked, tot WHERE (100 * rk) / cnt > (100 * (rk - 1)) / cnt ORDER BY rk)) AS curve`;

type Count = number | bigint | null;
export type ParetoRow = { rankedClients: Count; rankedRevenue: Count; topByTotal: Count; topByAverage: Count; curve: string | null };

export function paretoOf(row: ParetoRow | undefined): Pick<Report, "byTotal" | "byAverageCheck" | "pareto"> {
  const [clients, total] = [num(row?.rankedClients), num(row?.rankedRevenue)];
  if (!row || clients === 0) {
    const none: ParetoSplit = { topClients: 0, clients: 0, revenueShare: null };
    return { byTotal: none, byAverageCheck: { ...none }, pareto: [] };
  }
  const topClients = Math.ceil((clients * TOP_PERCENT) / 100);
  const points = JSON.parse(row.curve ?? "[]") as [number, number][];
  return {
    byTotal: { topClients, clients, revenueShare: num(row.topByTotal) / total },
    byAverageCheck: { topClients, clients, revenueShare: num(row.topByAverage) / total },
    pareto: [{ clientShare: 0, revenueShare: 0 }, ...points.map(([rank, cum]) => ({ clientShare: rank / clients, revenueShare: cum / total }))],
  };
}
