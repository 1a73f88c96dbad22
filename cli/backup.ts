// `npm run backup [-- --dir D --keep N]`: a checked copy of the live database
// (the bot may keep running), for cron or the owner at the server; BACKUP_DIR
// and BACKUP_KEEP by default. Prints the copy, its size and the integrity
// check, or one readable line and exit code 1.
import "dotenv/config";
import { parseArgs } from "node:util";
import { loadConfig } from "../core/config/config.ts";
import { failureMessage, openExistingDb, UsageError } from "./common.ts";
import { backupDatabase } from "../core/data/backup.ts";

const USAGE = "usage: npm run backup [-- --dir folder --keep copies]";


function readArgs() {
  try {
    return parseArgs({ options: { dir: { type: "string" }, keep: { type: "string" } } }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

async function main(): Promise<string> {
  const args = readArgs();
  const config = loadConfig();
  if (args.keep !== undefined && !/^[1-9]\d{0,2}$/.test(args.keep)) throw new UsageError(`--keep must be a whole number of copies from 1 (got ${args.keep})\n${USAGE}`);
  const keep = args.keep === undefined ? config.BACKUP_KEEP : Number(args.keep);
  const dir = args.dir ?? config.BACKUP_DIR;
  const db = await openExistingDb(config.DATABASE_URL);
  try {
    const result = await backupDatabase(db, { dir, keep, now: new Date() });
    const removed = result.removed.map((old) => `removed ${old}\n`).join("");
    return `backup written to ${result.file} (${result.bytes} bytes), integrity ${result.integrity}\n${removed}`;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (report) => process.stdout.write(report),
  (error: unknown) => {
    process.stderr.write(`${failureMessage(error, "backup")}\n`);
    process.exitCode = 1;
  },
);
