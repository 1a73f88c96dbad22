// An owner announces a cleaning day: the day, its slots and the invitations
// are written in one transaction, so followers are invited exactly when the
// day exists. The confirm's key makes a second tap return the day the first
// one created (the owner's taps come one at a time: updates of a chat are
// handled in order).
import { audit, type Actor } from "../audit/audit.ts";
import { isoDate, shopDate, startOfShopDay } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { inviteFollowers, type SendPolicy } from "./invite.ts";
import type { CleaningDay, CleaningDayInput, CleaningInvite } from "./types.ts";
import { validateDay } from "./validate.ts";

export interface Announced {
  day: CleaningDay;
  created: boolean;
  /** Invitations queued by this call. */
  invited: number;
}

const keyTag = (key: string) => `"key":${JSON.stringify(key)}`;

/** The day a confirm key created, if any (a second tap, a tap after a restart). */
export async function announcedWith(db: Db | Prisma.TransactionClient, key: string): Promise<CleaningDay | null> {
  const entry = await db.auditLog.findFirst({ where: { action: "cleaning.announced", details: { contains: keyTag(key) } } });
  return entry?.entityId ? db.cleaningDay.findUnique({ where: { id: Number(entry.entityId) } }) : null;
}

export async function announceDay(db: Db, clock: Clock, policy: SendPolicy, actor: Actor, input: CleaningDayInput, key: string, wording: CleaningInvite): Promise<Announced> {
  const now = clock.now();
  const fields = validateDay(input, shopDate(now, policy.timeZone));
  const dayStart = startOfShopDay(fields.date, policy.timeZone);
  // Slots already gone today are not offered; a day with none left is in the past.
  const starts = fields.slots.map((m) => new Date(dayStart.getTime() + m * 60_000)).filter((d) => d.getTime() > now.getTime());
  if (starts.length === 0) throw new DomainError("cleaning_date_past");
  return db.$transaction(async (tx) => {
    const before = await announcedWith(tx, key);
    if (before) return { day: before, created: false, invited: 0 };
    if (await tx.cleaningDay.findFirst({ where: { date: dayStart, status: "open" }, select: { id: true } })) throw new DomainError("cleaning_day_exists");
    const day = await tx.cleaningDay.create({
      data: { date: dayStart, note: fields.note, createdByTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId), createdAt: now },
    });
    await tx.cleaningSlot.createMany({ data: starts.map((startsAt) => ({ dayId: day.id, startsAt, capacity: fields.capacity })) });
    const invited = await inviteFollowers(tx, day, wording, now, policy);
    await audit(tx, actor, { action: "cleaning.announced", entity: "cleaning_day", entityId: day.id, details: { key, date: isoDate(fields.date), slots: starts.length, capacity: fields.capacity, invited } });
    return { day, created: true, invited };
  });
}
