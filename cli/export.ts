// `npm run export -- clients|purchases|points|tickets [--format csv|xlsx] [--out file] [--style ru|zh]`:
// the same files as the bot's /export, for the owner at the server or a cron
// job. Reads the configuration like the bot (.env, then the environment);
// prints what it wrote, or one readable line and exit code 1.
import "dotenv/config";
import { parseArgs } from "node:util";
import { isoDate, shopDate } from "../core/calendar.ts";
import { loadConfig } from "../core/config/config.ts";
import { failureMessage, openExistingDb, UsageError } from "./common.ts";
import { EXPORT_DATASETS, EXPORT_FORMATS, exportData, type ExportDataset, type ExportFormat, type ExportStyle } from "../core/data/export.ts";

const USAGE = "usage: npm run export -- clients|purchases|points|tickets [--format csv|xlsx] [--out file] [--style ru|zh]";


const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[], what: string): T => {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${what} must be one of ${allowed.join(", ")} (got ${value ?? "nothing"})\n${USAGE}`);
};

function readArgs() {
  try {
    return parseArgs({ allowPositionals: true, options: { format: { type: "string", default: "csv" }, out: { type: "string" }, style: { type: "string" } } });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

async function main(): Promise<string> {
  const { values, positionals } = readArgs();
  const dataset = oneOf<ExportDataset>(positionals[0], EXPORT_DATASETS, "the dataset");
  const format = oneOf<ExportFormat>(values.format, EXPORT_FORMATS, "--format");
  const config = loadConfig();
  // A Chinese shop's Excel reads `,` and a decimal dot; a Russian one `;` and a comma.
  const style = oneOf<ExportStyle>(values.style ?? (config.SHOP_CURRENCY === "CNY" ? "zh" : "ru"), ["ru", "zh"], "--style");
  const now = new Date();
  const out = values.out ?? `./data/exports/${dataset}-${isoDate(shopDate(now, config.SHOP_TIMEZONE))}.${format}`;
  const db = await openExistingDb(config.DATABASE_URL);
  try {
    const result = await exportData(db, dataset, format, out, { timeZone: config.SHOP_TIMEZONE, style, now });
    return `${dataset}: ${result.rows} rows written to ${result.file} (${result.bytes} bytes)\n`;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (report) => process.stdout.write(report),
  (error: unknown) => {
    process.stderr.write(`${failureMessage(error, "export")}\n`);
    process.exitCode = 1;
  },
);
