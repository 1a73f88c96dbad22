// A client's place on a cleaning day: one booking per client and day (the
// unique [dayId, clientId] row), booked, moved to another slot or cancelled.
// The capacity check and the write are ONE SQL statement, so SQLite's single
// writer makes them indivisible: two clients taking the last place at the
// same moment, in this process or another, never overbook. As in
// core/events/seats.ts the statement runs outside an interactive transaction:
// one would hold the write lock across awaits, and a second connection in the
// same process would then block the event loop in SQLite's busy wait.
import type { Clock } from "../clock.ts";
import { Prisma, sqlTime, type Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { BookResult, BookingStatus, ClientBooking } from "./types.ts";

type Mode = "book" | "move";

/** Places taken in a slot by everyone but this client (a client moving within a slot does not count against it). */
const takenByOthers = (clientId: number) => Prisma.sql`
  (SELECT COUNT(*) FROM "SlotBooking" b WHERE b."slotId" = s."id" AND b."status" IN ('booked', 'came') AND b."clientId" <> ${clientId})`;

/**
 * book: a new row, or a cancelled one booked again; move: only a booked row,
 * to another slot. Either way only when the slot belongs to the day, the day
 * is open, the slot is still to come and a place is free.
 */
function placeSql(mode: Mode, clientId: number, dayId: number, slotId: number, at: string) {
  const booked = Prisma.sql`EXISTS (SELECT 1 FROM "SlotBooking" x WHERE x."dayId" = ${dayId} AND x."clientId" = ${clientId} AND x."status" = 'booked')`;
  const onConflict =
    mode === "book" ? Prisma.sql`"SlotBooking"."status" = 'cancelled'` : Prisma.sql`"SlotBooking"."status" = 'booked' AND "SlotBooking"."slotId" <> excluded."slotId"`;
  return Prisma.sql`
    INSERT INTO "SlotBooking" ("dayId", "slotId", "clientId", "status", "createdAt", "updatedAt")
    SELECT s."dayId", s."id", ${clientId}, 'booked', ${at}, ${at}
    FROM "CleaningSlot" s JOIN "CleaningDay" d ON d."id" = s."dayId"
    WHERE s."id" = ${slotId} AND s."dayId" = ${dayId} AND d."status" = 'open' AND s."startsAt" > ${at}
      AND ${takenByOthers(clientId)} < s."capacity" ${mode === "move" ? Prisma.sql`AND ${booked}` : Prisma.empty}
    ON CONFLICT ("dayId", "clientId") DO UPDATE SET "slotId" = excluded."slotId", "status" = 'booked', "updatedAt" = excluded."updatedAt"
    WHERE ${onConflict}`;
}

export async function bookingOf(db: Db | Prisma.TransactionClient, clientId: number, dayId: number): Promise<ClientBooking | null> {
  const row = await db.slotBooking.findUnique({ where: { dayId_clientId: { dayId, clientId } }, include: { slot: { select: { startsAt: true } } } });
  return row ? { id: row.id, dayId: row.dayId, slotId: row.slotId, startsAt: row.slot.startsAt, status: row.status as BookingStatus } : null;
}

export function createBooking(db: Db, clock: Clock) {
  /** Why nothing was written: a repeat of what is recorded, or the reason it is refused. */
  async function explain(mode: Mode, clientId: number, dayId: number, slotId: number): Promise<BookResult> {
    const now = clock.now();
    const slot = await db.cleaningSlot.findUnique({ where: { id: slotId }, include: { day: { select: { status: true } } } });
    if (!slot || slot.dayId !== dayId) throw new DomainError("cleaning_slot_not_found");
    if (slot.day.status !== "open" || slot.startsAt.getTime() <= now.getTime()) throw new DomainError("cleaning_day_closed");
    const mine = await bookingOf(db, clientId, dayId);
    const holds = mine && (mine.status === "booked" || mine.status === "came");
    if (holds && mine.slotId === slotId) return { booking: mine, changed: false };
    if (mode === "book" && holds) throw new DomainError("cleaning_already_booked");
    if (mode === "move" && mine?.status !== "booked") throw new DomainError("cleaning_not_booked");
    throw new DomainError("cleaning_slot_full");
  }

  async function place(mode: Mode, clientId: number, dayId: number, slotId: number): Promise<BookResult> {
    const written = await db.$executeRaw(placeSql(mode, clientId, dayId, slotId, sqlTime(clock.now())));
    if (written === 0) return explain(mode, clientId, dayId, slotId);
    return { booking: (await bookingOf(db, clientId, dayId))!, changed: true };
  }

  return {
    /** A place in a slot; refused when the client already holds one that day (they move it instead). */
    book: (clientId: number, dayId: number, slotId: number) => place("book", clientId, dayId, slotId),
    /** The client's booking of that day to another slot, if a place is free there. */
    move: (clientId: number, dayId: number, slotId: number) => place("move", clientId, dayId, slotId),

    /** Frees the place; false when it was already cancelled (a double tap). */
    async cancel(clientId: number, dayId: number): Promise<boolean> {
      const now = clock.now();
      const mine = await bookingOf(db, clientId, dayId);
      if (!mine || mine.status === "came" || mine.status === "missed") throw new DomainError("cleaning_not_booked");
      if (mine.status === "cancelled") return false;
      if (mine.startsAt.getTime() <= now.getTime()) throw new DomainError("cleaning_day_closed");
      const { count } = await db.slotBooking.updateMany({ where: { id: mine.id, status: "booked" }, data: { status: "cancelled", updatedAt: now } });
      return count === 1;
    },

    bookingOf: (clientId: number, dayId: number) => bookingOf(db, clientId, dayId),
  };
}
