// The day before a confirmed viewing, the client and the staff member who
// set the time are reminded once: the viewing is claimed (reminderSentAt) in
// the transaction that queues both reminders, each with its own dedupe key.
import { addDays, shopDate, startOfShopDay } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { clientRecipient, loadView, noticesFor, staffRecipient } from "./notices.ts";
import type { ViewingNotify, ViewingRecipient } from "./types.ts";

export async function remindTomorrow(db: Db, clock: Clock, outbox: Outbox, timeZone: string, notify: ViewingNotify): Promise<number> {
  const now = clock.now();
  const tomorrow = addDays(shopDate(now, timeZone), 1);
  const due = await db.viewing.findMany({
    where: { status: "confirmed", reminderSentAt: null, at: { gte: startOfShopDay(tomorrow, timeZone), lt: startOfShopDay(addDays(tomorrow, 1), timeZone) } },
    select: { id: true },
  });
  let queued = 0;
  for (const { id } of due) {
    queued += await db.$transaction(async (tx) => {
      const { count } = await tx.viewing.updateMany({ where: { id, status: "confirmed", reminderSentAt: null }, data: { reminderSentAt: now } });
      if (count === 0) return 0;
      const viewing = (await loadView(tx, id))!;
      const people: ViewingRecipient[] = [];
      const client = clientRecipient(viewing);
      if (client) people.push(client);
      if (viewing.staffTelegramId !== null) people.push(await staffRecipient(tx, Number(viewing.staffTelegramId)));
      const notices = noticesFor("reminder", viewing, people, notify, "remind");
      await outbox.enqueueMany(tx, notices);
      return notices.length;
    });
  }
  return queued;
}
