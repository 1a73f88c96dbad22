// Staff mark who came. Marking credits the event bonus from the loyalty
// settings; unmarking takes it back as far as the ledger allows (points
// already spent are not taken from nothing: the balance never goes negative).
// The mark is a conditional update written first in its transaction, so a
// double tap finds it already made and credits nothing twice.
import { audit, type Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { debitPoints } from "../loyalty/ledger.ts";
import { creditPoints } from "../loyalty/points.ts";
import { getSettings } from "../loyalty/settings.ts";

export interface AttendanceMarked {
  attended: boolean;
  /** False when the client was already in that state (a double tap). */
  changed: boolean;
  /** Points credited (marked) or taken back (unmarked). */
  points: number;
}

export async function markAttendance(db: Db, clock: Clock, actor: Actor, eventId: number, clientId: number, attended: boolean): Promise<AttendanceMarked> {
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const { count } = await tx.rsvp.updateMany({
      where: { eventId, clientId, status: "going", attended: !attended },
      data: { attended, attendedAt: attended ? now : null, attendedBy: actor.telegramId === null ? null : BigInt(actor.telegramId), updatedAt: now },
    });
    if (count === 0) {
      const row = await tx.rsvp.findUnique({ where: { eventId_clientId: { eventId, clientId } } });
      if (row?.status !== "going") throw new DomainError("attendance_not_going");
      return { attended, changed: false, points: 0 };
    }
    const reason = `event:${eventId}`;
    const settings = await getSettings(tx);
    // What this event credited and has not taken back: a bonus that could not be
    // reversed (spent) is not credited a second time when the mark comes back.
    const entries = await tx.pointsEntry.aggregate({ where: { clientId, reason, kind: { in: ["event", "reversal"] } }, _sum: { amount: true } });
    const outstanding = Math.max(0, entries._sum.amount ?? 0);
    let moved: number;
    if (attended) {
      moved = Math.max(0, settings.eventBonus - outstanding);
      await creditPoints(tx, actor, { clientId, kind: "event", amount: moved, now, lifetimeMonths: settings.pointsLifetimeMonths, reason });
    } else {
      moved = await debitPoints(tx, actor, { clientId, kind: "reversal", points: outstanding, now, reason });
    }
    await audit(tx, actor, { action: attended ? "event.attended" : "event.attendance_removed", entity: "event", entityId: eventId, details: { clientId, points: moved } });
    return { attended, changed: true, points: moved };
  });
}
