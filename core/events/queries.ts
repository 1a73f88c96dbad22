// What people read about events: a client's upcoming invitations with their
// answer, the figures of one event (for the owner and the broadcast's stats),
// the staff's lists, and who is coming.
import { addDays, shopDate, startOfShopDay } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { answerOf } from "./answer.ts";
import { isInvited } from "./access.ts";
import type { Answer, Event } from "./types.ts";

export interface EventCounts {
  /** Clients going, not counting their guests. */
  going: number;
  guests: number;
  waiting: number;
  declined: number;
  /** On the invitation list, no answer yet. */
  invited: number;
}

export interface Attendee {
  clientId: number;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  phone: string | null;
  guests: number;
  attended: boolean;
}

/** How far back staff see events to mark attendance: a party on Saturday is marked on Monday. */
export const RECENT_DAYS = 7;

export function createEventQueries(db: Db, clock: Clock, timeZone: string) {
  return {
    /** Events not started that this client may attend or has answered, soonest first, with their answer. */
    async upcomingFor(clientId: number): Promise<{ event: Event; answer: Answer | null }[]> {
      const events = await db.event.findMany({ where: { status: "open", startsAt: { gt: clock.now() } }, orderBy: [{ startsAt: "asc" }, { id: "asc" }] });
      const result: { event: Event; answer: Answer | null }[] = [];
      for (const event of events) {
        if (await isInvited(db, event, clientId)) result.push({ event, answer: await answerOf(db, event.id, clientId) });
      }
      return result;
    },

    async counts(eventId: number): Promise<EventCounts> {
      const groups = await db.rsvp.groupBy({ by: ["status"], where: { eventId }, _count: { _all: true }, _sum: { guests: true } });
      const of = (status: string) => groups.find((g) => g.status === status);
      return {
        going: of("going")?._count._all ?? 0,
        guests: of("going")?._sum.guests ?? 0,
        waiting: of("waiting")?._count._all ?? 0,
        declined: of("declined")?._count._all ?? 0,
        invited: of("invited")?._count._all ?? 0,
      };
    },

    /** "upcoming": not started, soonest first; "recent": started in the last days (attendance), newest first. */
    async list(which: "upcoming" | "recent"): Promise<Event[]> {
      const now = clock.now();
      if (which === "upcoming") return db.event.findMany({ where: { status: "open", startsAt: { gt: now } }, orderBy: { startsAt: "asc" }, take: 20 });
      // The whole of today counts, from the morning on: staff mark guests as they arrive.
      const today = shopDate(now, timeZone);
      return db.event.findMany({
        where: { status: { in: ["open", "closed"] }, startsAt: { gte: startOfShopDay(addDays(today, -RECENT_DAYS), timeZone), lt: startOfShopDay(addDays(today, 1), timeZone) } },
        orderBy: { startsAt: "desc" },
        take: 20,
      });
    },

    byId: (eventId: number) => db.event.findUnique({ where: { id: eventId } }),

    /** The clients going, by name, with their +1 and whether they came. */
    async attendees(eventId: number): Promise<Attendee[]> {
      const rows = await db.rsvp.findMany({
        where: { eventId, status: "going" },
        include: { client: { select: { givenName: true, patronymic: true, familyName: true, phone: true } } },
        orderBy: { id: "asc" },
      });
      return rows
        .map((r) => ({ clientId: r.clientId, guests: r.guests, attended: r.attended, ...r.client }))
        .sort((a, b) => (a.givenName ?? "").localeCompare(b.givenName ?? "") || a.clientId - b.clientId);
    },
  };
}
