// Reads a file once, row by row, into the stage: each row through its parser
// (the row's own checks), the good ones into the stage's table, the problems
// into a capped list; then the database's checks over the stage. The dry run
// and the run both come through here (the run from its check's stage when it
// has it), so a run imports what the owner was shown.
import { createHash } from "node:crypto";
import type { CountryCode } from "libphonenumber-js";
import { checkHeader, detectKind } from "./columns.ts";
import { checkClients, checkPurchases, createProblemList, type ProblemList } from "./import-checks.ts";
import { readMeta, writeMeta } from "./import-scratch.ts";
import { createStage } from "./import-stage.ts";
import { createClientRowParser } from "./parse-clients.ts";
import { createPurchaseRowParser } from "./parse-purchases.ts";
import { byteChunks } from "./read-source.ts";
import { FileProblemError, openTable, type TableSource } from "./read-table.ts";
import { shown } from "./cells.ts";
import type { CivilDate } from "../calendar.ts";
import type { ClientRow, FileProblem, ImportKind, PurchaseRow, RowProblem } from "./rows.ts";
import type { Sqlite } from "./sqlite.ts";

export interface ReadRules {
  region: CountryCode;
  today: CivilDate;
  maxAmount: number;
  timeZone: string;
}

export interface Staged {
  kind: ImportKind;
  total: number;
  valid: number;
  problems: ProblemList;
  clients?: { newClients: number; knownClients: number };
  purchases?: { clients: number; firstDay: string | null; lastDay: string | null };
}

/**
 * A file refused as a whole. `kind` is null when the header names neither
 * clients nor purchases: then header_missing comes without `columns`, and the
 * owner is shown the columns of both kinds.
 */
export interface Refused {
  fileProblem: FileProblem;
  kind: ImportKind | null;
}

/** SHA-256 of the file's bytes, read in chunks: a run imports exactly the file that was checked. */
export async function sha256Of(source: TableSource): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of byteChunks(source)) hash.update(chunk);
  return hash.digest("hex");
}

/**
 * Stages the file into the stage attached to `sqlite` and checks
 * it. `kind` forces the kind (a run reads the kind its check found);
 * `onRow` is told the number of rows read so far, every 10,000 rows and at the end.
 */
export async function stageFile(
  sqlite: Sqlite,
  source: TableSource,
  fileName: string,
  rules: ReadRules,
  opts: { kind?: ImportKind; maxBytes?: number; onRow?: (read: number) => void | Promise<void> } = {},
): Promise<Staged | Refused> {
  let known: ImportKind | null = opts.kind ?? null;
  try {
    const table = await openTable(source, fileName, { maxBytes: opts.maxBytes });
    const kind = (known ??= detectKind(table.header));
    if (!kind) return { fileProblem: { problem: "header_missing" }, kind: null };
    const headerProblem = checkHeader(kind, table.header);
    if (headerProblem) return { fileProblem: headerProblem, kind };
    const parse: (record: { line: number; cells: string[] }) => ClientRow | PurchaseRow | RowProblem[] =
      kind === "clients"
        ? createClientRowParser(table.header, { region: rules.region, today: rules.today })
        : createPurchaseRowParser(table.header, { region: rules.region, today: rules.today, maxAmount: rules.maxAmount });
    const phoneAt = table.header.indexOf("phone");
    const cardAt = table.header.indexOf("card_number");
    const stage = createStage(sqlite, kind, rules.timeZone);
    const problems = createProblemList();
    let total = 0;
    for await (const record of table.rows()) {
      total++;
      const row = parse(record);
      if (Array.isArray(row)) problems.addRow(row);
      else {
        // The cell a database-level problem will point at: a purchase's phone (or card), a client's card.
        const at = kind === "purchases" && row.phone !== null ? phoneAt : cardAt;
        stage.add(row, at >= 0 ? shown(record.cells[at] ?? "") : "");
      }
      if (opts.onRow && total % 10_000 === 0) await opts.onRow(total);
    }
    await opts.onRow?.(total);
    stage.finish();
    writeMeta(sqlite, { kind, total, problems: problems.count, badRows: problems.badRows });
    return checkStage(sqlite, kind, total, problems);
  } catch (e) {
    // An encoding found wrong halfway through the file: the header already told its kind.
    if (e instanceof FileProblemError) return { fileProblem: e.detail, kind: known };
    throw e;
  }
}

/** The database's checks over a staged file, added to what the row parsers found. */
function checkStage(sqlite: Sqlite, kind: ImportKind, total: number, problems: ProblemList): Staged {
  if (kind === "clients") {
    const c = checkClients(sqlite, problems);
    return { kind, total, valid: c.valid, problems, clients: { newClients: c.newClients, knownClients: c.knownClients } };
  }
  const p = checkPurchases(sqlite, problems);
  return { kind, total, valid: p.valid, problems, purchases: { clients: p.clients, firstDay: p.firstDay, lastDay: p.lastDay } };
}

/**
 * A run's check over the stage its check left: the rows' own problems as the
 * check counted them, the database's found again (it may have changed since).
 * Undefined when the stage is not of this kind or was never finished.
 */
export function recheckStage(sqlite: Sqlite, kind: ImportKind): Staged | undefined {
  const meta = readMeta(sqlite);
  if (meta?.kind !== kind) return undefined;
  sqlite.exec(`UPDATE ${kind === "clients" ? "stage_client" : "stage_purchase"} SET bad = 0 WHERE bad <> 0`);
  return checkStage(sqlite, kind, meta.total, createProblemList({ count: meta.problems, badRows: meta.badRows }));
}
