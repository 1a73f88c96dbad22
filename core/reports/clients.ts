// The one statement that reads every client's purchases: history.ts's pass
// over all purchases before the period's end, the period's clients ranked
// from it (pareto.ts) and classed (abc-xyz.ts). One statement, so the million
// purchases are read once and the per-client rows are never rebuilt or sent
// to JavaScript; it answers one row: the history's sums, the 20/80 figures,
// and the curve and the ABC × XYZ cells as JSON.
import { Prisma, type Db } from "../db/client.ts";
import { ABC_XYZ_COLUMN, abcXyzCtes, abcXyzOf } from "./abc-xyz.ts";
import { historyColumns, historyCtes, historyOf, type History, type HistoryRow } from "./history.ts";
import { PARETO_COLUMNS, RANKING_CTES, paretoOf, type ParetoRow } from "./pareto.ts";
import type { LadderRules, Period, Report } from "./types.ts";

type Row = HistoryRow & ParetoRow & { cells: string | null };

export async function readClients(
  db: Db,
  period: Period,
  rules: LadderRules,
  timeZone: string,
): Promise<{ history: History } & Pick<Report, "byTotal" | "byAverageCheck" | "pareto" | "abcXyz">> {
  const [row] = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH ${historyCtes(period, rules, timeZone)},
    ${RANKING_CTES},
    ${abcXyzCtes(period, timeZone)}
    SELECT ${historyColumns(period)}, ${PARETO_COLUMNS}, ${ABC_XYZ_COLUMN}
    FROM s`);
  return { history: historyOf(row), ...paretoOf(row), abcXyz: abcXyzOf(row?.cells) };
}
