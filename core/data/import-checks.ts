// What only the database can tell about a staged file, found set-based: a
// purchase whose phone or card names no client, a client whose card number is
// another client's. Such rows are marked bad in the stage, so the writers skip
// them; the first of them are reported with their lines, all are counted.
import type { RowProblem, RowProblemCode } from "./rows.ts";
import type { Sqlite } from "./sqlite.ts";

export const PROBLEMS_KEPT = 1000;

/** Rows' problems in line order: the first PROBLEMS_KEPT kept, all counted (a run's recheck starts from its check's counts). */
export function createProblemList(start: { count: number; badRows: number } = { count: 0, badRows: 0 }) {
  const items: RowProblem[] = [];
  let { count, badRows } = start;
  return {
    /** One row's problems (parsers report rows in file order). */
    addRow(problems: RowProblem[]) {
      badRows++;
      count += problems.length;
      for (const p of problems) if (items.length < PROBLEMS_KEPT) items.push(p);
    },
    /** The database's problems (one per row, by line): merged into line order. */
    addSorted(problems: RowProblem[], total: number) {
      badRows += total;
      count += total;
      const merged = [...items, ...problems].sort((a, b) => a.line - b.line).slice(0, PROBLEMS_KEPT);
      items.splice(0, items.length, ...merged);
    },
    get items() {
      return items;
    },
    get count() {
      return count;
    },
    get badRows() {
      return badRows;
    },
  };
}
export type ProblemList = ReturnType<typeof createProblemList>;

/** `column` is SQL: the header's name of the cell the problem is in (headers are canonical names). */
function markedProblems(sqlite: Sqlite, table: string, problem: RowProblemCode, column: string): { problems: RowProblem[]; total: number } {
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE bad = 1`).get() as { n: number }).n;
  const rows = sqlite.prepare(`SELECT line, ${column} AS column, cell FROM ${table} WHERE bad = 1 ORDER BY line LIMIT ${PROBLEMS_KEPT}`).all() as { line: number; column: string | null; cell: string | null }[];
  return { total, problems: rows.map((r) => ({ line: r.line, column: r.column, problem, value: r.cell ?? "" })) };
}

/** card_taken: the file gives a client a card number that another client (or a forgotten one) holds. */
export function checkClients(sqlite: Sqlite, list: ProblemList) {
  sqlite.exec(`UPDATE stage_client SET bad = 1 WHERE cardNumber IS NOT NULL AND EXISTS (
    SELECT 1 FROM main.Card c JOIN main.Client cl ON cl.id = c.clientId
    WHERE c.number = stage_client.cardNumber AND cl.phone IS NOT stage_client.phone)`);
  const found = markedProblems(sqlite, "stage_client", "card_taken", "'card_number'");
  list.addSorted(found.problems, found.total);
  const counts = sqlite
    .prepare(`SELECT count(*) AS valid, coalesce(sum(NOT EXISTS (SELECT 1 FROM main.Client c WHERE c.phone = s.phone)), 0) AS newClients
      FROM stage_client s WHERE bad = 0`)
    .get() as { valid: number; newClients: number };
  return { valid: counts.valid, newClients: counts.newClients, knownClients: counts.valid - counts.newClients };
}

/**
 * client_unknown: a purchase's phone names no client and neither does its card
 * (the phone is asked first). Forgotten clients are not found: their history
 * is not to be rebuilt. Leaves each good row's clientId in the stage.
 */
export function checkPurchases(sqlite: Sqlite, list: ProblemList) {
  sqlite.exec(`UPDATE stage_purchase SET clientId = coalesce(
      (SELECT id FROM main.Client WHERE phone = stage_purchase.phone AND forgottenAt IS NULL),
      (SELECT c.clientId FROM main.Card c JOIN main.Client cl ON cl.id = c.clientId
        WHERE c.number = stage_purchase.cardNumber AND cl.forgottenAt IS NULL))`);
  sqlite.exec("UPDATE stage_purchase SET bad = 1 WHERE clientId IS NULL");
  const found = markedProblems(sqlite, "stage_purchase", "client_unknown", "CASE WHEN phone IS NULL THEN 'card_number' ELSE 'phone' END");
  list.addSorted(found.problems, found.total);
  const s = sqlite
    .prepare("SELECT count(*) AS valid, count(DISTINCT clientId) AS clients, min(day) AS firstDay, max(day) AS lastDay FROM stage_purchase WHERE bad = 0")
    .get() as { valid: number; clients: number; firstDay: string | null; lastDay: string | null };
  return s;
}
