// Messages the bot sends on its own initiative (thanks for a purchase, a
// refund notice, later broadcasts) are written here first, in the same
// transaction as the change that causes them, then sent by one sender loop.
// Nothing is lost on a crash, and a 403 marks the client as unreachable.
// A claim names the process that made it, so after a crash the next start takes
// back the dead process's rows at once instead of waiting out the stale time.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../clock.ts";
import { Prisma, sqlTime, type Db } from "../db/client.ts";

export interface OutboxMessage {
  text: string;
  /** Inline keyboard rows of [text, callback_data]. */
  buttons?: [string, string][][];
  /** A Telegram file_id: the message goes as a photo with the text as its caption. */
  photo?: string;
}

export interface OutboxRow {
  id: number;
  chatId: number;
  clientId: number | null;
  /** A broadcast's row carries no text: the sender words it for its reader when it sends. */
  broadcastId: number | null;
  kind: string;
  message: OutboxMessage;
  attempts: number;
}

export interface ClaimOptions {
  /** During quiet hours broadcasts wait; notices still go. */
  broadcasts?: boolean;
}

/** A message a domain change asks to send; built by the bot (which knows the words). */
export interface Notice {
  chatId: number;
  clientId: number | null;
  kind: string;
  message: OutboxMessage;
  dedupeKey: string;
}

export const MAX_ATTEMPTS = 5;
/**
 * A row left in "sending" this long goes back to the queue whoever holds it: a
 * holder we cannot see die (another host) or one alive but stuck.
 */
export const STALE_SENDING_MS = 5 * 60_000;

/** At most this many sent-marks in one UPDATE (two SQL parameters each, and one more per id). */
const MARKS_PER_STATEMENT = 200;

interface SentMark {
  id: number;
  messageId: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** Who claims rows: written on each claim so a later start can tell whether its holder is gone. */
export interface OutboxOwner {
  /** "<hostname>:<pid>:<boot nonce>"; the nonce tells a restarted process from its predecessor with the same pid (pid 1 in a container). */
  id: string;
  /** Whether a pid on this host is a running process (injectable so tests need not spawn). */
  isAlive(pid: number): boolean;
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

export function ownerId(host: string, pid: number, nonce: string): string {
  return `${host}:${pid}:${nonce}`;
}

function parseOwnerId(id: string): { host: string; pid: number; nonce: string } | undefined {
  const m = /^(.*):(\d+):([^:]+)$/.exec(id);
  return m ? { host: m[1]!, pid: Number(m[2]), nonce: m[3]! } : undefined;
}

/** This process, made once: every outbox built in it claims under the same name. */
export const processOwner: OutboxOwner = {
  id: ownerId(hostname(), process.pid, randomBytes(6).toString("hex")),
  isAlive: pidIsAlive,
};

export function createOutbox(db: Db, clock: Clock, owner: OutboxOwner = processOwner) {
  const me = parseOwnerId(owner.id);

  /** A holder on this host that has died, or an earlier life of a process that got our pid again. */
  function holderIsGone(claimedBy: string | null): boolean {
    const holder = claimedBy ? parseOwnerId(claimedBy) : undefined;
    if (!me || !holder || holder.host !== me.host) return false;
    if (holder.pid === me.pid) return holder.nonce !== me.nonce;
    return !owner.isAlive(holder.pid);
  }

  /** Puts back in the queue the "sending" rows whose holder is gone, or that have been sending too long. */
  async function recover(): Promise<number> {
    const staleBefore = clock.now().getTime() - STALE_SENDING_MS;
    const sending = await db.outbox.findMany({ where: { status: "sending" }, select: { id: true, claimedBy: true, nextAttemptAt: true } });
    let released = 0;
    for (const row of sending) {
      if (row.nextAttemptAt.getTime() >= staleBefore && !holderIsGone(row.claimedBy)) continue;
      // Only if nobody has taken it since we looked.
      const { count } = await db.outbox.updateMany({
        where: { id: row.id, status: "sending", claimedBy: row.claimedBy, nextAttemptAt: row.nextAttemptAt },
        data: { status: "pending" },
      });
      released += count;
    }
    return released;
  }

  const rowOf = (input: { chatId: number; clientId?: number | null; kind: string; message: OutboxMessage; dedupeKey?: string }) => ({
    chatId: BigInt(input.chatId),
    clientId: input.clientId ?? null,
    kind: input.kind,
    payload: JSON.stringify(input.message),
    dedupeKey: input.dedupeKey ?? null,
    nextAttemptAt: clock.now(),
  });

  /**
   * Sent-marks made in the same turn of the event loop go to the database as
   * one UPDATE (a group commit): one Prisma statement per message cost a
   * broadcast's sender more CPU than its HTTP call (bench/broadcast.ts). Each
   * caller still waits for the commit that covers its row, so a crash leaves
   * no more messages delivered but unmarked than there were calls in flight.
   */
  let marks: SentMark[] = [];
  function writeMarks(): void {
    const batch = marks.slice(0, MARKS_PER_STATEMENT);
    marks = marks.slice(MARKS_PER_STATEMENT);
    if (marks.length > 0) setImmediate(writeMarks);
    if (batch.length === 0) return;
    const messageIds = Prisma.join(batch.map((m) => Prisma.sql`WHEN ${m.id} THEN ${m.messageId}`), " ");
    db.$executeRaw`UPDATE "Outbox" SET "status" = 'sent', "messageId" = CASE "id" ${messageIds} END, "sentAt" = ${sqlTime(clock.now())},
        "attempts" = "attempts" + 1 WHERE "id" IN (${Prisma.join(batch.map((m) => m.id))})`.then(
      () => batch.forEach((m) => m.resolve()),
      (error: unknown) => batch.forEach((m) => m.reject(error)),
    );
  }

  return {
    owner: owner.id,
    recover,

    async enqueue(
      tx: Db | Prisma.TransactionClient,
      input: { chatId: number; clientId?: number | null; kind: string; message: OutboxMessage; dedupeKey?: string },
    ): Promise<void> {
      const data = rowOf(input);
      if (input.dedupeKey) await tx.outbox.upsert({ where: { dedupeKey: input.dedupeKey }, create: data, update: {} });
      else await tx.outbox.create({ data });
    },

    /** Many notices in one statement (a batch job); those whose dedupe key is already queued are skipped. */
    async enqueueMany(tx: Db | Prisma.TransactionClient, notices: Notice[]): Promise<void> {
      const keys = notices.map((n) => n.dedupeKey);
      const known = new Set((await tx.outbox.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((r) => r.dedupeKey));
      const fresh = notices.filter((n) => !known.has(n.dedupeKey));
      if (fresh.length === 0) return;
      await tx.outbox.createMany({ data: fresh.map(rowOf) });
    },

    /**
     * Takes up to `limit` due rows and marks them "sending" so no other loop
     * takes them, in one statement. Notices (a purchase's thanks) come before
     * broadcast rows, so a running broadcast never holds them up.
     */
    async claim(limit: number, options: ClaimOptions = {}): Promise<OutboxRow[]> {
      // Also here, not only at start: another process on this host may die while we run.
      await recover();
      const now = sqlTime(clock.now());
      const onlyNotices = options.broadcasts === false ? Prisma.sql`AND "broadcastId" IS NULL` : Prisma.empty;
      const rows = await db.$queryRaw<{ id: number; chatId: bigint | number; clientId: number | null; broadcastId: number | null; kind: string; payload: string; attempts: number }[]>(Prisma.sql`
        UPDATE "Outbox" SET "status" = 'sending', "claimedBy" = ${owner.id}, "nextAttemptAt" = ${now}
        WHERE "id" IN (
          SELECT "id" FROM "Outbox" WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now} ${onlyNotices}
          ORDER BY ("broadcastId" IS NOT NULL), "id" LIMIT ${limit})
        RETURNING "id", "chatId", "clientId", "broadcastId", "kind", "payload", "attempts"`);
      return rows
        .map((row) => ({
          id: Number(row.id),
          chatId: Number(row.chatId),
          clientId: row.clientId === null ? null : Number(row.clientId),
          broadcastId: row.broadcastId === null ? null : Number(row.broadcastId),
          kind: row.kind,
          message: JSON.parse(row.payload) as OutboxMessage,
          attempts: Number(row.attempts),
        }))
        .sort((a, b) => Number(a.broadcastId !== null) - Number(b.broadcastId !== null) || a.id - b.id);
    },

    /** Back to the queue untouched (the loop is stopping), so the next start sends it at once. */
    async release(id: number): Promise<void> {
      await db.outbox.updateMany({ where: { id, status: "sending" }, data: { status: "pending", nextAttemptAt: clock.now() } });
    },

    /** Telegram asked to wait (429): the row goes again after `retryAfterSeconds`, without counting as a failure. */
    async retryAfter(id: number, retryAfterSeconds: number, error: string): Promise<void> {
      await db.outbox.updateMany({
        where: { id, status: "sending" },
        data: { status: "pending", lastError: error.slice(0, 500), nextAttemptAt: new Date(clock.now().getTime() + retryAfterSeconds * 1000) },
      });
    },

    /** Resolves once the row is marked sent in the database (see writeMarks: a few marks share one UPDATE). */
    sent(id: number, messageId: number): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        if (marks.push({ id, messageId, resolve, reject }) === 1) setImmediate(writeMarks);
      });
    },

    /** The client blocked the bot: stop trying, and remember it on the client. */
    async blocked(row: OutboxRow, error: string): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.outbox.update({ where: { id: row.id }, data: { status: "blocked", lastError: error, attempts: { increment: 1 } } });
        if (row.clientId) await tx.client.update({ where: { id: row.clientId }, data: { blockedAt: clock.now() } });
      });
    },

    /** A passing failure is retried with a growing delay; a permanent one, or too many, fails. */
    async failed(row: OutboxRow, error: string, permanent: boolean): Promise<void> {
      const attempts = row.attempts + 1;
      const final = permanent || attempts >= MAX_ATTEMPTS;
      await db.outbox.update({
        where: { id: row.id },
        data: {
          status: final ? "failed" : "pending",
          attempts,
          lastError: error.slice(0, 500),
          nextAttemptAt: new Date(clock.now().getTime() + 2 ** attempts * 1000),
        },
      });
    },

    /** Whether a notice with this key was ever queued (sent or not): a job can skip building it again. */
    async queued(dedupeKey: string): Promise<boolean> {
      return (await db.outbox.count({ where: { dedupeKey } })) > 0;
    },

    async pendingCount(): Promise<number> {
      return db.outbox.count({ where: { status: { in: ["pending", "sending"] } } });
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
