// Who may answer an invitation: the event is open and has not started; with
// audience "all" the client's tier reaches the lowest tier invited (or every
// tier is), with a list the client is on it. A client who already answered
// may always change their answer until the start.
import type { Db, Prisma } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { Event } from "./types.ts";

type Reader = Db | Prisma.TransactionClient;

/** The event, if it still takes answers; otherwise event_not_found or event_closed. */
export async function openEvent(db: Reader, eventId: number, now: Date): Promise<Event> {
  const event = await db.event.findUnique({ where: { id: eventId } });
  if (!event) throw new DomainError("event_not_found");
  if (event.status !== "open" || event.startsAt.getTime() <= now.getTime()) throw new DomainError("event_closed");
  return event;
}

/** A tier threshold of 0 for a client without a tier: they are on the lowest one. */
async function thresholdOf(db: Reader, tierId: number | null): Promise<number> {
  if (tierId === null) return 0;
  return (await db.tier.findUnique({ where: { id: tierId }, select: { threshold: true } }))?.threshold ?? 0;
}

/** Whether this client is invited to this event, whatever its state. */
export async function isInvited(db: Reader, event: Event, clientId: number): Promise<boolean> {
  const client = await db.client.findUnique({ where: { id: clientId }, select: { tierId: true, forgottenAt: true, onboardedAt: true } });
  if (!client || client.forgottenAt) return false;
  const row = await db.rsvp.findUnique({ where: { eventId_clientId: { eventId: event.id, clientId } }, select: { id: true } });
  if (row) return true;
  if (event.audience !== "all") return false;
  if (event.minTierId === null) return true;
  return (await thresholdOf(db, client.tierId)) >= (await thresholdOf(db, event.minTierId));
}

/** The open event a client may answer, or the reason they may not. */
export async function eventFor(db: Reader, eventId: number, clientId: number, now: Date): Promise<Event> {
  const event = await openEvent(db, eventId, now);
  if (!(await isInvited(db, event, clientId))) throw new DomainError("event_not_invited");
  return event;
}
