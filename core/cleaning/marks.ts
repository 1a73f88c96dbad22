// Staff mark who came on a cleaning day (came / missed, or take the mark
// back). The mark is a conditional update, so a double tap repeats nothing;
// a day that has not begun cannot be marked, a cancelled booking never.
import { audit, type Actor } from "../audit/audit.ts";
import { shopDate, startOfShopDay } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { BookingStatus, Mark } from "./types.ts";

export interface Marked {
  status: BookingStatus;
  changed: boolean;
  /** Where the booking is, for the list to show again. */
  dayId: number;
  slotId: number;
}

export async function markBooking(db: Db, clock: Clock, timeZone: string, actor: Actor, bookingId: number, mark: Mark): Promise<Marked> {
  const now = clock.now();
  const row = await db.slotBooking.findUnique({ where: { id: bookingId }, include: { day: { select: { date: true } } } });
  if (!row || row.status === "cancelled") throw new DomainError("cleaning_not_booked");
  if (row.day.date.getTime() > startOfShopDay(shopDate(now, timeZone), timeZone).getTime()) throw new DomainError("cleaning_mark_early");
  const where = { dayId: row.dayId, slotId: row.slotId };
  return db.$transaction(async (tx) => {
    const { count } = await tx.slotBooking.updateMany({ where: { id: bookingId, status: { in: ["booked", "came", "missed"], not: mark } }, data: { status: mark, updatedAt: now } });
    if (count === 0) {
      const current = await tx.slotBooking.findUniqueOrThrow({ where: { id: bookingId } });
      if (current.status === "cancelled") throw new DomainError("cleaning_not_booked");
      return { status: current.status as BookingStatus, changed: false, ...where };
    }
    await audit(tx, actor, { action: "cleaning.marked", entity: "slot_booking", entityId: bookingId, details: { clientId: row.clientId, mark } });
    return { status: mark, changed: true, ...where };
  });
}
