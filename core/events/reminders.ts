// The day before: every client going to an event that starts on the next
// shop day is reminded once. The event is claimed (reminderSentAt) in the same
// transaction that queues the reminders, and each has its own dedupe key, so
// running the morning twice reminds nobody twice.
import { RECIPIENT_SELECT } from "../clients/recipient.ts";
import { addDays, shopDate, startOfShopDay } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Notice, Outbox } from "../outbox/outbox.ts";
import { recipientOf } from "./answer.ts";
import type { EventNotify } from "./types.ts";

export async function remindTomorrow(db: Db, clock: Clock, outbox: Outbox, timeZone: string, notify: EventNotify): Promise<number> {
  const now = clock.now();
  const tomorrow = addDays(shopDate(now, timeZone), 1);
  const due = await db.event.findMany({
    where: { status: "open", reminderSentAt: null, startsAt: { gte: startOfShopDay(tomorrow, timeZone), lt: startOfShopDay(addDays(tomorrow, 1), timeZone) } },
    select: { id: true },
  });
  let queued = 0;
  for (const { id } of due) {
    queued += await db.$transaction(async (tx) => {
      // The claim writes first: another run that got here too finds it taken.
      const { count } = await tx.event.updateMany({ where: { id, reminderSentAt: null }, data: { reminderSentAt: now } });
      if (count === 0) return 0;
      const event = await tx.event.findUniqueOrThrow({ where: { id } });
      const going = await tx.rsvp.findMany({
        where: { eventId: id, status: "going", client: { forgottenAt: null } },
        include: { client: { select: RECIPIENT_SELECT } },
      });
      const notices: Notice[] = going.flatMap((row) => {
        const to = recipientOf(row);
        const message = to && notify(event, to);
        return to && message ? [{ chatId: to.chatId, clientId: to.clientId, kind: "event_reminder", message, dedupeKey: `event:${id}:remind:${to.clientId}` }] : [];
      });
      await outbox.enqueueMany(tx, notices);
      return notices.length;
    });
  }
  return queued;
}
