// The birthday bonus: on the client's birthday (in the shop's time zone) the
// configured points are credited once that year, with a greeting queued in
// the same transaction.
import { auditMany, SYSTEM } from "../audit/audit.ts";
import { addMonths, type Clock } from "../clock.ts";
import { Prisma, type Client, type Db } from "../db/client.ts";
import type { Notice, Outbox } from "../outbox/outbox.ts";
import { birthdayMonthDays, shopDate } from "../calendar.ts";
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
  const reason = `birthday:${today.year}`;
  const [md, leapDay = md] = birthdayMonthDays(today);
  const lifetimeMonths = settings.pointsLifetimeMonths;
  // Set-based: the database picks today's birthdays not yet given this year's
  // bonus (29 February ones on 28 February in other years); the points, their
  // audit entries and the greetings are written in one statement each.
  return db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: number | bigint }[]>(Prisma.sql`
      SELECT c."id" FROM "Client" c
      WHERE c."birthday" IS NOT NULL AND c."onboardedAt" IS NOT NULL AND c."forgottenAt" IS NULL
        AND substr(c."birthday", 6, 5) IN (${md}, ${leapDay})
        AND NOT EXISTS (SELECT 1 FROM "PointsEntry" e WHERE e."clientId" = c."id" AND e."kind" = 'birthday' AND e."reason" = ${reason})`);
    if (due.length === 0) return 0;
    const clients = await tx.client.findMany({ where: { id: { in: due.map((r) => Number(r.id)) } } });
    const entries = await tx.pointsEntry.createManyAndReturn({
      data: clients.map((c) => ({
        clientId: c.id,
        kind: "birthday",
        amount: settings.birthdayBonus,
        remaining: settings.birthdayBonus,
        expiresAt: addMonths(now, lifetimeMonths),
        reason,
        createdAt: now,
      })),
      select: { id: true, clientId: true },
    });
    await auditMany(
      tx,
      SYSTEM,
      entries.map((e) => ({ action: "points.birthday", entity: "client", entityId: e.clientId, details: { entryId: e.id, amount: settings.birthdayBonus, reason } })),
    );
    await outbox.enqueueMany(tx, clients.flatMap((c) => notify(c, settings.birthdayBonus, today.year) ?? []));
    return clients.length;
  }, { timeout: 60_000 });
}
