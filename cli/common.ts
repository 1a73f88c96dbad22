// What the command lines share: a mistake in how they were called, the shop's
// database opened only where it already is, and one readable line for a failure.
import { existsSync } from "node:fs";
import { ConfigError } from "../core/config/config.ts";
import { openDb, sqliteFileFromUrl, type Db } from "../core/db/client.ts";

/** Wrong arguments: the message says how to call the command. */
export class UsageError extends Error {}

/** openDb would create an empty file where none is: a wrong DATABASE_URL must fail, not work on nothing. */
export async function openExistingDb(url: string): Promise<Db> {
  const file = sqliteFileFromUrl(url);
  if (!existsSync(file)) throw new Error(`no database at ${file} (DATABASE_URL)`);
  return openDb(url);
}

/** The line printed for an error: the config's own lines, a usage message as it is, anything else after "<what> failed:". */
export function failureMessage(error: unknown, what: string): string {
  if (error instanceof ConfigError) return error.lines.join("\n");
  if (error instanceof UsageError) return error.message;
  return `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
}
