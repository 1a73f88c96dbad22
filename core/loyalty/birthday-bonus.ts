// The birthday bonus: on the client's birthday (in the shop's time zone) the
// configured points are credited once that year, with a greeting queued in
// the same transaction.
import { SYSTEM } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Client, Db } from "../db/client.ts";
import type { Notice, Outbox } from "../outbox/outbox.ts";
import { shopDate } from "../calendar.ts";
import { creditPoints } from "./points.ts";
import { getSettings } from "./settings.ts";

export async function grantBirthdayBonuses(
  db: Db,
  clock: Clock,
  outbox: Outbox,
  timeZone: string,
  notify: (client: Client, points: number, year: number) => Notice | null,
): Promise<number> {
  const now = clock.now();
  const today = shopDate(now, timeZone);
  const settings = await getSettings(db);
  if (settings.birthdayBonus <= 0) return 0;
  const candidates = await db.client.findMany({ where: { birthday: { not: null }, onboardedAt: { not: null }, forgottenAt: null } });
  // 29 February birthdays are celebrated on 28 February in other years.
  const leap = new Date(Date.UTC(today.year, 1, 29)).getUTCMonth() === 1;
  const isToday = (b: Date) =>
    (b.getUTCMonth() + 1 === today.month && b.getUTCDate() === today.day) ||
    (!leap && b.getUTCMonth() === 1 && b.getUTCDate() === 29 && today.month === 2 && today.day === 28);
  let granted = 0;
  for (const client of candidates.filter((c) => isToday(c.birthday!))) {
    const reason = `birthday:${today.year}`;
    await db.$transaction(async (tx) => {
      if (await tx.pointsEntry.findFirst({ where: { clientId: client.id, kind: "birthday", reason } })) return;
      await creditPoints(tx, SYSTEM, { clientId: client.id, kind: "birthday", amount: settings.birthdayBonus, now, lifetimeMonths: settings.pointsLifetimeMonths, reason });
      const notice = notify(client, settings.birthdayBonus, today.year);
      if (notice) await outbox.enqueue(tx, notice);
      granted++;
    });
  }
  return granted;
}
