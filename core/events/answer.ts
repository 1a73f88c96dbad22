// A client's answer to an invitation, and the waiting list moving up when a
// seat is freed. Each promoted client is told, in the same transaction as the
// promotion, through the outbox; the key names their stint on the list, so a
// retry never queues the notice twice.
import { RECIPIENT_SELECT } from "../clients/recipient.ts";
import type { Clock } from "../clock.ts";
import { Prisma, type Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { Notice, Outbox } from "../outbox/outbox.ts";
import { eventFor } from "./access.ts";
import { promoteOne, takeSeat } from "./seats.ts";
import type { Answer, AnswerResult, Event, EventNotify, EventRecipient, RsvpChoice, RsvpStatus } from "./types.ts";

type Tx = Prisma.TransactionClient;

export function recipientOf(
  row: { clientId: number; guests: number; client: { telegramId: bigint | null; language: string; givenName: string | null; patronymic: string | null; familyName: string | null; gender: string | null } },
): EventRecipient | null {
  const { telegramId, ...rest } = row.client;
  return telegramId === null ? null : { clientId: row.clientId, chatId: Number(telegramId), guests: row.guests, ...rest };
}

/** The waiting list, first in line first: the order it moves up in. */
const queueOrder = [{ waitingSince: "asc" as const }, { id: "asc" as const }];

/** Fills freed seats from the head of the waiting list while the head's party fits. */
export async function promote(tx: Tx, event: Event, now: Date, outbox: Outbox, notify: EventNotify): Promise<number[]> {
  if (event.status !== "open" || event.startsAt.getTime() <= now.getTime()) return [];
  const promoted: Notice[] = [];
  const ids: number[] = [];
  for (;;) {
    const head = await tx.rsvp.findFirst({ where: { eventId: event.id, status: "waiting" }, orderBy: queueOrder, include: { client: { select: RECIPIENT_SELECT } } });
    if (!head || !(await promoteOne(tx, event.id, head.id, now))) break;
    ids.push(head.clientId);
    const to = recipientOf(head);
    const message = to && notify(event, to);
    if (to && message) {
      const since = head.waitingSince?.getTime() ?? 0;
      promoted.push({ chatId: to.chatId, clientId: to.clientId, kind: "event_promoted", message, dedupeKey: `event:${event.id}:promoted:${head.clientId}:${since}` });
    }
  }
  await outbox.enqueueMany(tx, promoted);
  return ids;
}

/** Where a client stands: their status, guests and place in the queue. */
export async function answerOf(db: Db | Tx, eventId: number, clientId: number): Promise<Answer | null> {
  const row = await db.rsvp.findUnique({ where: { eventId_clientId: { eventId, clientId } } });
  if (!row) return null;
  let position: number | null = null;
  if (row.status === "waiting") {
    const queue = await db.rsvp.findMany({ where: { eventId, status: "waiting" }, orderBy: queueOrder, select: { id: true } });
    position = queue.findIndex((r) => r.id === row.id) + 1;
  }
  return { status: row.status as RsvpStatus, guests: row.guests, position };
}

export function createAnswers(db: Db, clock: Clock, outbox: Outbox) {
  /** Runs the promotions in one transaction; its first statement writes, so it holds the write lock before it reads. */
  const freeSeats = (eventId: number, first: (tx: Tx) => Promise<unknown>, notify: EventNotify) =>
    db.$transaction(async (tx) => {
      await first(tx);
      const event = await tx.event.findUniqueOrThrow({ where: { id: eventId } });
      return promote(tx, event, clock.now(), outbox, notify);
    });

  return {
    async answer(clientId: number, eventId: number, choice: RsvpChoice, notify: EventNotify): Promise<AnswerResult> {
      const now = clock.now();
      const event = await eventFor(db, eventId, clientId, now);
      if (choice === "plus_one" && !event.plusOneAllowed) throw new DomainError("event_plus_one_not_allowed");
      const before = await answerOf(db, eventId, clientId);
      const wasGoing = before?.status === "going";
      if (choice === "declined") {
        const decline = (tx: Tx) =>
          tx.rsvp.upsert({
            where: { eventId_clientId: { eventId, clientId } },
            create: { eventId, clientId, status: "declined", updatedAt: now },
            update: { status: "declined", guests: 0, waitingSince: null, updatedAt: now },
          });
        await freeSeats(eventId, decline, notify);
      } else {
        const guests = choice === "plus_one" ? 1 : 0;
        await takeSeat(db, eventId, clientId, guests, now);
        // Going with a guest, then alone: the guest's seat goes to the waiting list.
        if (wasGoing && before.guests > guests) await freeSeats(eventId, (tx) => tx.$executeRaw`UPDATE "Event" SET "status" = "status" WHERE "id" = ${eventId}`, notify);
      }
      const after = (await answerOf(db, eventId, clientId))!;
      return {
        ...after,
        changed: !before || before.status !== after.status || before.guests !== after.guests,
        guestRefused: choice === "plus_one" && after.status === "going" && after.guests === 0,
      };
    },

    /** Whether the client may answer this invitation now. */
    async eligible(clientId: number, eventId: number): Promise<boolean> {
      try {
        await eventFor(db, eventId, clientId, clock.now());
        return true;
      } catch (error) {
        if (error instanceof DomainError) return false;
        throw error;
      }
    },
  };
}
