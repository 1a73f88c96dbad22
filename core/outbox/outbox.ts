// Messages the bot sends on its own initiative (thanks for a purchase, a
// refund notice, later broadcasts) are written here first, in the same
// transaction as the change that causes them, then sent by one sender loop.
// Nothing is lost on a crash, and a 403 marks the client as unreachable.
import type { Clock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";

export interface OutboxMessage {
  text: string;
  /** Inline keyboard rows of [text, callback_data]. */
  buttons?: [string, string][][];
}

export interface OutboxRow {
  id: number;
  chatId: number;
  clientId: number | null;
  kind: string;
  message: OutboxMessage;
  attempts: number;
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
/** A row left in "sending" this long (a crash mid-send) goes back to the queue. */
const STALE_SENDING_MS = 5 * 60_000;

export function createOutbox(db: Db, clock: Clock) {
  return {
    async enqueue(
      tx: Db | Prisma.TransactionClient,
      input: { chatId: number; clientId?: number | null; kind: string; message: OutboxMessage; dedupeKey?: string },
    ): Promise<void> {
      const data = {
        chatId: BigInt(input.chatId),
        clientId: input.clientId ?? null,
        kind: input.kind,
        payload: JSON.stringify(input.message),
        dedupeKey: input.dedupeKey ?? null,
        nextAttemptAt: clock.now(),
      };
      if (input.dedupeKey) await tx.outbox.upsert({ where: { dedupeKey: input.dedupeKey }, create: data, update: {} });
      else await tx.outbox.create({ data });
    },

    /** Takes up to `limit` due rows and marks them "sending" so no other loop takes them. */
    async claim(limit: number): Promise<OutboxRow[]> {
      const now = clock.now();
      await db.outbox.updateMany({
        where: { status: "sending", nextAttemptAt: { lt: new Date(now.getTime() - STALE_SENDING_MS) } },
        data: { status: "pending" },
      });
      const rows = await db.outbox.findMany({
        where: { status: "pending", nextAttemptAt: { lte: now } },
        orderBy: { id: "asc" },
        take: limit,
      });
      const claimed: OutboxRow[] = [];
      for (const row of rows) {
        const { count } = await db.outbox.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "sending", nextAttemptAt: now } });
        if (count === 1) {
          claimed.push({
            id: row.id,
            chatId: Number(row.chatId),
            clientId: row.clientId,
            kind: row.kind,
            message: JSON.parse(row.payload) as OutboxMessage,
            attempts: row.attempts,
          });
        }
      }
      return claimed;
    },

    async sent(id: number, messageId: number): Promise<void> {
      await db.outbox.update({ where: { id }, data: { status: "sent", messageId, sentAt: clock.now(), attempts: { increment: 1 } } });
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

    async pendingCount(): Promise<number> {
      return db.outbox.count({ where: { status: { in: ["pending", "sending"] } } });
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
