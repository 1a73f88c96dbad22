// The owner's data texts: a checked file (the dry run) with each problem as
// "строка 12, телефон «8 900»: не номер телефона", the full list as a CSV
// when the message cannot hold it, a refused file, the progress line and the
// result of a run; and a file's size for /export and /backup.
import { stringify } from "csv-stringify/sync";
import type { ImportCheck } from "../../core/data/import.ts";
import type { ImportPhase } from "../../core/data/import-write.ts";
import { CLIENT_COLUMNS, PURCHASE_COLUMNS, REQUIRED_COLUMNS, type FileProblem, type ImportKind, type RowProblem } from "../../core/data/rows.ts";
import type { Formatter, Language, Translate } from "../i18n.ts";
import { hasKey } from "../i18n.ts";

type Voice = { t: Translate; fmt: Formatter; lang: Language };

/** Problems shown in the message; the rest go to the attached CSV. */
export const PROBLEM_LINES = 30;
// Telegram allows 4096 characters; the lines stop well before, whatever a header names its columns.
const TEXT_BUDGET = 3_600;

/** A column under its name in the owner's language; a column the importer does not know, as the file wrote it. */
export function columnName(v: Voice, column: string): string {
  const key = `data.column.${column}`;
  return hasKey(key, v.lang) ? (v.t as unknown as (k: string) => string)(key) : column;
}

export function problemLine(v: Voice, p: RowProblem): string {
  const params = { line: p.line, problem: v.t(`data.problem.${p.problem}`) };
  if (p.column === null) return v.t("data.dry_run.line_row", params);
  const column = columnName(v, p.column);
  return p.value.trim() === "" ? v.t("data.dry_run.line_blank", { ...params, column }) : v.t("data.dry_run.line", { ...params, column, value: p.value });
}

/** The dry run's text; `attach` when some problems did not fit and the CSV should follow. */
export function dryRunText(v: Voice, fileName: string, check: ImportCheck): { text: string; attach: boolean } {
  const n = (x: number) => v.fmt.number(x);
  const lines = [
    v.t("data.dry_run.title", { file: fileName, kind: v.t(`data.kind.${check.kind}`) }),
    v.t("data.dry_run.counts", { total: n(check.total), valid: n(check.valid), bad: n(check.total - check.valid) }),
  ];
  if (check.kind === "clients") lines.push(v.t("data.dry_run.clients", { created: n(check.newClients), known: n(check.knownClients) }));
  else if (check.firstDate && check.lastDate) {
    lines.push(v.t("data.dry_run.purchases", { clients: n(check.clients), from: v.fmt.calendarDay(check.firstDate), to: v.fmt.calendarDay(check.lastDate) }));
  }
  if (check.problemCount === 0) lines.push("", v.t("data.dry_run.no_problems"), v.t("data.dry_run.ask_all"));
  else {
    lines.push("", v.t("data.dry_run.problems"));
    let shown = 0;
    let length = lines.join("\n").length;
    for (const p of check.problems.slice(0, PROBLEM_LINES)) {
      const line = problemLine(v, p);
      if (length + line.length + 1 > TEXT_BUDGET) break;
      lines.push(line);
      length += line.length + 1;
      shown++;
    }
    const rest = check.problemCount - shown;
    if (rest > 0) lines.push(v.t("data.problems_more", { count: rest, n: n(rest) }));
    lines.push("", v.t(check.valid > 0 ? "data.dry_run.ask_valid" : "data.dry_run.nothing_valid"));
    return { text: lines.join("\n"), attach: rest > 0 };
  }
  return { text: lines.join("\n"), attach: false };
}

/** Every kept problem as a CSV the owner's spreadsheet opens: Russian Excel wants a BOM and ";". */
export function problemsCsv(v: Voice, problems: RowProblem[]): Buffer {
  const h = (k: "line" | "column" | "value" | "problem") => v.t(`data.dry_run.problems_header.${k}`);
  const rows = problems.map((p) => [p.line, p.column === null ? "" : columnName(v, p.column), p.value, v.t(`data.problem.${p.problem}`)]);
  const csv = stringify([[h("line"), h("column"), h("value"), h("problem")], ...rows], { delimiter: v.lang === "ru" ? ";" : "," });
  return Buffer.from(`\uFEFF${csv}`, "utf8");
}

export function problemsCaption(v: Voice, check: ImportCheck): string {
  const n = (x: number) => v.fmt.number(x);
  return check.problems.length < check.problemCount
    ? v.t("data.dry_run.problems_file_cut", { shown: n(check.problems.length), n: n(check.problemCount) })
    : v.t("data.dry_run.problems_file", { n: n(check.problemCount) });
}

/** "телефон*, имя, …": a kind's columns, the required ones starred. */
function columnsOf(v: Voice, kind: ImportKind): string {
  const columns: readonly string[] = kind === "clients" ? CLIENT_COLUMNS : PURCHASE_COLUMNS;
  return columns.map((c) => `${columnName(v, c)}${REQUIRED_COLUMNS[kind].includes(c) ? "*" : ""}`).join(", ");
}

export function expectedColumns(v: Voice): string {
  return v.t("data.expected_columns", { clients: columnsOf(v, "clients"), purchases: columnsOf(v, "purchases") });
}

/** A file refused as a whole; a missing header names what is missing and lists what is expected. */
export function fileProblemText(v: Voice, problem: FileProblem): string {
  if (problem.problem !== "header_missing") return v.t(`data.file_problem.${problem.problem}`);
  const missing = problem.columns?.length ? problem.columns.map((c) => columnName(v, c)).join(", ") : null;
  return [missing ? v.t("data.file_problem.header_missing", { missing }) : null, expectedColumns(v)].filter((s) => s !== null).join("\n");
}

/** "Импорт: 45 000 из 100 000…" in the phase the run is in; null before the first report. */
export function progressText(v: Voice, fileName: string, p: { phase: ImportPhase; done: number; total: number } | null): string {
  if (!p) return v.t("data.progress.started", { file: fileName });
  return v.t(`data.progress.${p.phase}`, { file: fileName, done: v.fmt.number(p.done), total: v.fmt.number(Math.max(p.total, p.done)) });
}

export interface RunCounts {
  created: number;
  updated: number;
  unchanged: number;
  /** Rows left out because they had problems (valid_only). */
  skipped: number;
}

export function resultText(v: Voice, fileName: string, kind: ImportKind, r: RunCounts): string {
  const n = (x: number) => v.fmt.number(x);
  const lines = [v.t("data.result.done", { file: fileName, created: n(r.created), updated: n(r.updated), unchanged: n(r.unchanged) })];
  if (r.skipped > 0) lines.push(v.t("data.result.skipped", { n: n(r.skipped) }));
  if (kind === "purchases") lines.push(v.t("data.result.rebuilt"));
  return lines.join("\n");
}

/** "840 КБ", "12,3 МБ". */
export function sizeText(v: Pick<Voice, "t" | "fmt">, bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb < 1) return v.t("data.size.kb", { n: v.fmt.number(Math.max(1, Math.ceil(bytes / 1024))) });
  return v.t("data.size.mb", { n: v.fmt.number(Math.round(mb * 10) / 10) });
}
