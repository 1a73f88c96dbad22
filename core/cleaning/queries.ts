// What people read about cleaning days: the days still to come with their
// free places (clients), the days staff work with (today, coming, and the last
// week for late marks), and one day's list by slot.
import { addDays, shopDate, startOfShopDay } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { bookingOf } from "./booking.ts";
import type { BookingStatus, ClientBooking, DayInfo, DayListEntry } from "./types.ts";

/** How far back staff see a day to mark who came: Saturday's clients are marked on Monday. */
export const RECENT_DAYS = 7;
/** The most days one list shows (a message of buttons). */
const LIST_LIMIT = 10;

export function createCleaningQueries(db: Db, clock: Clock, timeZone: string) {
  /** Days with their slots and places taken, in one query for the counts. */
  async function withSlots(days: DayInfo["day"][]): Promise<DayInfo[]> {
    if (days.length === 0) return [];
    const slots = await db.cleaningSlot.findMany({ where: { dayId: { in: days.map((d) => d.id) } }, orderBy: { startsAt: "asc" } });
    const taken = await db.slotBooking.groupBy({ by: ["slotId"], where: { dayId: { in: days.map((d) => d.id) }, status: { in: ["booked", "came"] } }, _count: { _all: true } });
    const takenOf = new Map(taken.map((t) => [t.slotId, t._count._all]));
    return days.map((day) => ({
      day,
      slots: slots
        .filter((s) => s.dayId === day.id)
        .map((s) => {
          const n = takenOf.get(s.id) ?? 0;
          return { id: s.id, startsAt: s.startsAt, capacity: s.capacity, taken: n, free: Math.max(0, s.capacity - n) };
        }),
    }));
  }

  /** Open days with a slot still to come, soonest first: what a client may book. */
  async function upcoming(): Promise<DayInfo[]> {
    const days = await db.cleaningDay.findMany({
      where: { status: "open", slots: { some: { startsAt: { gt: clock.now() } } } },
      orderBy: { date: "asc" },
      take: LIST_LIMIT,
    });
    return withSlots(days);
  }

  return {
    upcoming,

    async day(dayId: number): Promise<DayInfo | null> {
      const day = await db.cleaningDay.findUnique({ where: { id: dayId } });
      return day ? (await withSlots([day]))[0]! : null;
    },

    /** The coming days with this client's booking on each (null: none, or cancelled). */
    async forClient(clientId: number): Promise<{ info: DayInfo; booking: ClientBooking | null }[]> {
      const days = await upcoming();
      const result: { info: DayInfo; booking: ClientBooking | null }[] = [];
      for (const info of days) {
        const booking = await bookingOf(db, clientId, info.day.id);
        result.push({ info, booking: booking && booking.status !== "cancelled" ? booking : null });
      }
      return result;
    },

    /** Staff's days: from a week ago on, soonest first. */
    async forStaff(): Promise<DayInfo[]> {
      const from = startOfShopDay(addDays(shopDate(clock.now(), timeZone), -RECENT_DAYS), timeZone);
      const days = await db.cleaningDay.findMany({ where: { status: "open", date: { gte: from } }, orderBy: { date: "asc" }, take: LIST_LIMIT });
      return withSlots(days);
    },

    /** Everyone booked on a day (cancelled left out), by slot, then by name. */
    async list(dayId: number): Promise<DayListEntry[]> {
      const rows = await db.slotBooking.findMany({
        where: { dayId, status: { not: "cancelled" } },
        include: { slot: { select: { startsAt: true } }, client: { select: { givenName: true, patronymic: true, familyName: true, phone: true } } },
      });
      return rows
        .map((r) => ({ bookingId: r.id, clientId: r.clientId, slotId: r.slotId, startsAt: r.slot.startsAt, status: r.status as BookingStatus, ...r.client }))
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.givenName ?? "").localeCompare(b.givenName ?? "") || a.bookingId - b.bookingId);
    },

    /** The day a slot belongs to (staff's slot buttons carry only the slot). */
    async dayOfSlot(slotId: number): Promise<number | null> {
      return (await db.cleaningSlot.findUnique({ where: { id: slotId }, select: { dayId: true } }))?.dayId ?? null;
    },
  };
}
