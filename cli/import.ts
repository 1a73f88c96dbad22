// `npm run import -- clients|purchases <file> [--commit [--skip-bad]]`: the
// owner's import at the server, for a file too large for Telegram. Without
// --commit it is the dry run: the counts and every bad row, nothing written.
// --commit writes all or nothing (exit 1 when any row is bad); with --skip-bad
// it writes the good rows. A file that cannot be read as a table: exit 2.
import "dotenv/config";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { isoDate } from "../core/calendar.ts";
import { systemClock } from "../core/clock.ts";
import { defaultPhoneRegion, loadConfig } from "../core/config/config.ts";
import { failureMessage, UsageError } from "./common.ts";
import { openDb } from "../core/db/client.ts";
import { migrateDeploy } from "../core/db/migrate.ts";
import { createDataImport, type ImportCheck, type Refused } from "../core/data/import.ts";
import { IMPORT_KINDS, type FileProblemCode, type ImportKind, type RowProblem, type RowProblemCode } from "../core/data/rows.ts";
import { ensureLoyaltyDefaults } from "../core/loyalty/defaults.ts";

const USAGE = "usage: npm run import -- clients|purchases <file> [--commit [--skip-bad]]";
const SHOWN_PROBLEMS = 200;

const PROBLEM_WORDS: Record<RowProblemCode, string> = {
  phone_missing: "no phone",
  phone_invalid: "not a phone number",
  client_missing: "neither a phone nor a card number",
  card_number_invalid: "not a card number",
  card_check_digit: "a typo in the card number (the check digit does not match)",
  date_missing: "no date",
  date_invalid: "not a date (write e.g. 31.12.2025)",
  date_future: "the date has not come yet",
  amount_missing: "no amount",
  amount_invalid: "not an amount (write e.g. 12 345,50)",
  amount_negative: "the amount must be above zero",
  amount_too_large: "the amount is too large",
  language_invalid: "the language is neither ru nor zh",
  birthday_invalid: "not a birthday (write e.g. 03.05.1990)",
  text_too_long: "the text is too long",
  duplicate_phone: "this phone is already on a line above",
  duplicate_card: "this card number is already on a line above",
  client_unknown: "no such client in the database",
  card_taken: "this card belongs to another client",
};
const FILE_WORDS: Record<FileProblemCode, string> = {
  format: "this file cannot be read as a table: give a .csv (UTF-8) or an .xlsx",
  encoding: "the file's text is not UTF-8: save it from Excel as \"CSV UTF-8\", or give the .xlsx",
  empty: "the file has no data row",
  header_missing: "the first line does not name the columns needed",
  too_large: "the file is too large",
};


/** `line 12, phone "8 900": not a phone number`. */
export function problemLine(p: RowProblem): string {
  const where = p.column === null ? "" : p.value ? `, ${p.column} "${p.value}"` : `, ${p.column}`;
  return `line ${p.line}${where}: ${PROBLEM_WORDS[p.problem]}`;
}

function describeCheck(check: ImportCheck): string[] {
  const lines = [`${check.fileName}: ${check.kind}, ${check.total} rows, ${check.valid} without problems, ${check.total - check.valid} with problems.`];
  if (check.kind === "clients") lines.push(`New clients: ${check.newClients}; already in the database: ${check.knownClients}.`);
  else if (check.firstDate && check.lastDate) lines.push(`Purchases of ${check.clients} clients, ${isoDate(check.firstDate)} to ${isoDate(check.lastDate)}.`);
  lines.push(...check.problems.slice(0, SHOWN_PROBLEMS).map(problemLine));
  const more = check.problemCount - Math.min(check.problems.length, SHOWN_PROBLEMS);
  if (more > 0) lines.push(`…and ${more} more problems.`);
  return lines;
}

function describeRefusal(r: Refused): string {
  const columns = r.fileProblem.columns?.length ? `: ${r.fileProblem.columns.join(", ")}` : "";
  const neither = r.kind === null ? " (neither clients nor purchases)" : "";
  return `${FILE_WORDS[r.fileProblem.problem]}${columns}${neither}`;
}

function readArgs() {
  try {
    const { values, positionals } = parseArgs({ allowPositionals: true, options: { commit: { type: "boolean", default: false }, "skip-bad": { type: "boolean", default: false } } });
    const [kind, file] = positionals;
    if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind) || !file || positionals.length > 2) throw new Error("give the kind and one file");
    if (values["skip-bad"] && !values.commit) throw new Error("--skip-bad goes with --commit");
    return { kind: kind as ImportKind, file, commit: values.commit, skipBad: values["skip-bad"] };
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

/** Returns the exit code. */
async function main(say: (line: string) => void): Promise<number> {
  const args = readArgs();
  const exit = (code: number, line: string) => {
    say(line);
    return code;
  };
  if (!existsSync(args.file)) throw new UsageError(`no such file: ${args.file}`);
  const config = loadConfig();
  const migration = migrateDeploy(config.DATABASE_URL);
  if (!migration.ok) throw new Error(`database migration failed:\n${migration.output}`);
  const db = await openDb(config.DATABASE_URL);
  try {
    await ensureLoyaltyDefaults(db, config.SHOP_CURRENCY);
    const imports = createDataImport(db, systemClock, { timeZone: config.SHOP_TIMEZONE, region: defaultPhoneRegion(config), currency: config.SHOP_CURRENCY });
    const source = { path: args.file };
    const fileName = basename(args.file);
    // A dry run leaves no staged copy of the file behind; a commit's run takes it.
    let check = await imports.check(source, fileName, { keep: args.commit });
    // A clients file of phones and cards alone names no kind by its header: the command line does.
    if ("fileProblem" in check && check.kind === null) check = await imports.check(source, fileName, { kind: args.kind, keep: args.commit });
    if ("fileProblem" in check) return exit(2, describeRefusal(check));
    if (check.kind !== args.kind) return exit(2, `${fileName} holds ${check.kind}, not ${args.kind}.`);
    describeCheck(check).forEach((line) => say(line));
    if (!args.commit) return exit(0, "Dry run: nothing written. Add --commit to import.");
    if (check.problemCount > 0 && !args.skipBad) return exit(1, "Nothing written: fix the rows above, or add --skip-bad to import the good rows.");
    const id = await imports.save(check, { fileName, actorTelegramId: null });
    await imports.claim(id, args.skipBad ? "valid_only" : "all_or_nothing");
    const done = await imports.run(id, source, (p) => say(`${p.phase}: ${p.done}${p.total ? ` of ${p.total}` : ""}`));
    if (done.status !== "done") return exit(1, `Import failed (${done.error ?? "unknown"}): nothing written.`);
    say(`Imported: ${done.created} new, ${done.updated} updated, ${done.unchanged} unchanged${args.skipBad ? `, ${check.total - check.valid} bad rows skipped` : ""}.`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main((line) => process.stdout.write(`${line}\n`)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${failureMessage(error, "import")}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
