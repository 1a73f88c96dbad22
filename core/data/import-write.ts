// What the writers share: the private connection, the time of the run, who
// imports, how many rows go in one transaction, and the hook called after each
// committed chunk (progress, and a pause so the running bot gets its turn).
import type { Sqlite } from "./sqlite.ts";

export interface WriteCounts {
  /** New rows: a client, a purchase. */
  created: number;
  /** A known client who got a field, a card or a note. */
  updated: number;
  /** Already there: a re-import, or a known client with nothing to add. */
  unchanged: number;
}

export interface WriteContext {
  sqlite: Sqlite;
  /** Prisma's text for the run's time: createdAt of what is written. */
  now: string;
  nowDate: Date;
  actorTelegramId: number | null;
  currency: string;
  /** Rows of the file per transaction. */
  chunkRows: number;
  /** After each committed chunk, with the rows of the file done so far. */
  chunkDone(done: number): Promise<void>;
}

const BUSY_WAIT_MS = 25;
const BUSY_GIVE_UP_MS = 30_000;

/**
 * Runs one chunk's transaction, waiting (asynchronously) while another writer
 * holds the database. The importer's connection waits only briefly itself
 * (busyTimeout below): the bot in the same process may be inside a Prisma
 * transaction that can only finish if this thread is free, so a long
 * synchronous wait here would deadlock on it.
 */
export async function transact<T>(work: () => T): Promise<T> {
  const giveUp = Date.now() + BUSY_GIVE_UP_MS;
  for (;;) {
    try {
      return work();
    } catch (e) {
      const busy = e instanceof Error && "code" in e && (e.code === "SQLITE_BUSY" || e.code === "SQLITE_LOCKED");
      if (!busy || Date.now() > giveUp) throw e;
      await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS));
    }
  }
}

/** The importer's own connection: a short busy wait (see transact) and room for the indexes it fills. */
export function tuneForImport(sqlite: Sqlite): void {
  sqlite.pragma("busy_timeout = 50");
  sqlite.pragma("cache_size = -32768");
}

/**
 * Lets the event loop run between chunks: better-sqlite3 is synchronous, so
 * without this a long import would hold up the bot's updates, and its Prisma
 * writes would wait on the lock, for the whole run.
 */
export const yieldToBot = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Prisma's BigInt columns are INTEGER: an id goes in as it is. */
export const telegramIdOf = (id: number | null) => (id === null ? null : BigInt(id));

export type ImportPhase = "reading" | "writing" | "points";
export type ProgressListener = (p: { phase: ImportPhase; done: number; total: number }) => void | Promise<void>;

/** Passes progress on at most every `everyMs` (and at once when the phase changes): a bot edits one message with it. */
export function throttleProgress(listener: ProgressListener | undefined, everyMs: number) {
  let last = 0;
  let lastPhase: ImportPhase | null = null;
  return async (phase: ImportPhase, done: number, total: number) => {
    if (!listener) return;
    const at = Date.now();
    if (phase === lastPhase && at - last < everyMs) return;
    [last, lastPhase] = [at, phase];
    await listener({ phase, done, total });
  };
}
