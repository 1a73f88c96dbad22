// ABC by revenue × XYZ by regularity, over clients with revenue above zero in
// the period (ABC tells who brings the money, XYZ how steadily):
//   ABC — clients ranked by their period revenue (ties: lower id first); A while
//     the cumulative share of revenue before the client is under 80 %, B under
//     95 %, C the rest;
//   XYZ — the coefficient of variation (population standard deviation / mean)
//     of the client's monthly revenue over the analysis window, months without
//     a purchase counted as zero: X up to 0.5, Y up to 1.0, Z above. The window
//     is the period's months, or, for a period under three months (too few to
//     see a rhythm), the 12 shop months ending with the period's last month.
// All nine cells are returned, empty ones as zeros; revenue is period revenue.
// Reads pareto.ts's `pc`, `tot` and `ranked` in the same statement (clients.ts).
import { Prisma, sqlTime } from "../db/client.ts";
import { lastMonthOf, monthsEnding, monthsOf } from "./period.ts";
import { COUNTED, REVENUE, monthIndexSql, num } from "./sql.ts";
import { ABC_CLASSES, XYZ_CLASSES, type AbcClass, type AbcXyzCell, type Period, type XyzClass } from "./types.ts";

/** Cumulative revenue share (percent) before a client below which they are A, and B. */
export const ABC_LIMITS = { A: 80, B: 95 } as const;
/** The largest coefficient of variation of X, and of Y. */
export const XYZ_LIMITS = { X: 0.5, Y: 1.0 } as const;
/** Periods shorter than this many months are judged over a year instead. */
export const XYZ_MIN_MONTHS = 3;
export const XYZ_FALLBACK_MONTHS = 12;

export function xyzWindow(period: Period, timeZone: string) {
  const months = monthsOf(period, timeZone);
  return months.length >= XYZ_MIN_MONTHS ? months : monthsEnding(lastMonthOf(period, timeZone), XYZ_FALLBACK_MONTHS, timeZone);
}

/** `classed`: each of `ranked` with its abc and xyz. */
export function abcXyzCtes(period: Period, timeZone: string): Prisma.Sql {
  const window = xyzWindow(period, timeZone);
  const [first, last] = [window[0]!, window.at(-1)!];
  // With w = Σ monthly revenue and q = Σ its squares over M months, CV² = q·M / w² − 1,
  // so "CV ≤ limit" is q·M ≤ (1 + limit²)·w²: no square root to round at the limits.
  const cvAtMost = (limit: number) => Prisma.sql`s.q * ${window.length} <= ${1 + limit * limit} * s.w * s.w`;
  return Prisma.sql`monthly AS (
      SELECT p."clientId" AS id, ${monthIndexSql(window, Prisma.raw(`p."createdAt"`))} AS i, CAST(SUM(${REVENUE}) AS REAL) AS v
      FROM pc CROSS JOIN "Purchase" p ON p."clientId" = pc.id AND p."createdAt" >= ${sqlTime(first.from)} AND p."createdAt" < ${sqlTime(last.to)} AND ${COUNTED}
      GROUP BY p."clientId", i
    ),
    spread AS (SELECT id, SUM(v) AS w, SUM(v * v) AS q FROM monthly GROUP BY id),
    classed AS (
      SELECT ranked.r,
             CASE WHEN (ranked.cum - ranked.r) * 100 < ${ABC_LIMITS.A} * tot.total THEN 'A'
                  WHEN (ranked.cum - ranked.r) * 100 < ${ABC_LIMITS.B} * tot.total THEN 'B' ELSE 'C' END AS abc,
             CASE WHEN ${cvAtMost(XYZ_LIMITS.X)} THEN 'X' WHEN ${cvAtMost(XYZ_LIMITS.Y)} THEN 'Y' ELSE 'Z' END AS xyz
      FROM ranked CROSS JOIN tot JOIN spread s ON s.id = ranked.id
    )`;
}

export const ABC_XYZ_COLUMN = Prisma.sql`(SELECT json_group_array(json_array(abc, xyz, clients, revenue)) FROM (
    SELECT abc, xyz, COUNT(*) AS clients, SUM(r) AS revenue FROM classed GROUP BY abc, xyz)) AS cells`;

export function abcXyzOf(cellsJson: string | null | undefined): AbcXyzCell[] {
  const found = new Map((JSON.parse(cellsJson ?? "[]") as [AbcClass, XyzClass, number, number][]).map(([abc, xyz, clients, revenue]) => [`${abc}${xyz}`, { clients, revenue }]));
  return ABC_CLASSES.flatMap((abc) =>
    XYZ_CLASSES.map((xyz) => {
      const cell = found.get(`${abc}${xyz}`);
      return { abc, xyz, clients: num(cell?.clients), revenue: num(cell?.revenue) };
    }),
  );
}
