// The day before a cleaning day every client booked on it is reminded once.
// The day is claimed (reminderSentAt) in the transaction that queues the
// reminders, and each has its own dedupe key, so running the morning twice
// reminds nobody twice.
import { RECIPIENT_SELECT } from "../clients/recipient.ts";
import { addDays, shopDate, startOfShopDay } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Notice, Outbox } from "../outbox/outbox.ts";
import type { CleaningNotify } from "./types.ts";

export async function remindTomorrow(db: Db, clock: Clock, outbox: Outbox, timeZone: string, notify: CleaningNotify): Promise<number> {
  const now = clock.now();
  const tomorrow = addDays(shopDate(now, timeZone), 1);
  const due = await db.cleaningDay.findMany({
    where: { status: "open", reminderSentAt: null, date: { gte: startOfShopDay(tomorrow, timeZone), lt: startOfShopDay(addDays(tomorrow, 1), timeZone) } },
    select: { id: true },
  });
  let queued = 0;
  for (const { id } of due) {
    queued += await db.$transaction(async (tx) => {
      // The claim writes first: another run that got here too finds it taken.
      const { count } = await tx.cleaningDay.updateMany({ where: { id, reminderSentAt: null }, data: { reminderSentAt: now } });
      if (count === 0) return 0;
      const day = await tx.cleaningDay.findUniqueOrThrow({ where: { id } });
      const booked = await tx.slotBooking.findMany({
        where: { dayId: id, status: "booked", client: { forgottenAt: null, telegramId: { not: null } } },
        include: { slot: { select: { startsAt: true } }, client: { select: RECIPIENT_SELECT } },
      });
      const notices: Notice[] = booked.flatMap(({ clientId, slot, client: { telegramId, ...person } }) => {
        const to = { clientId, chatId: Number(telegramId), startsAt: slot.startsAt, ...person };
        const message = notify(day, to);
        return message ? [{ chatId: to.chatId, clientId, kind: "cleaning_reminder", message, dedupeKey: `cleaning:${id}:remind:${clientId}` }] : [];
      });
      await outbox.enqueueMany(tx, notices);
      return notices.length;
    });
  }
  return queued;
}
