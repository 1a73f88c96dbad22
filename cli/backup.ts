// `npm run backup [-- --dir D --keep N]`: a checked copy of the live database
// (the bot may keep running), for cron or the owner at the server; BACKUP_DIR
// and BACKUP_KEEP by default. Prints the copy, its size and the integrity
// check, or one readable line and exit code 1.
import "dotenv/config";
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../core/config/config.ts";
import { openDb, sqliteFileFromUrl } from "../core/db/client.ts";
import { backupDatabase } from "../core/data/backup.ts";

const USAGE = "usage: npm run backup [-- --dir folder --keep copies]";

class UsageError extends Error {}

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
  // openDb would create an empty file where none is: a wrong path must fail, not back up nothing.
  const file = sqliteFileFromUrl(config.DATABASE_URL);
  if (!existsSync(file)) throw new Error(`no database at ${file} (DATABASE_URL)`);
  const db = await openDb(config.DATABASE_URL);
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
    const message = error instanceof ConfigError ? error.lines.join("\n") : error instanceof UsageError ? error.message : `backup failed: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = 1;
  },
);
