// The invitation to a cleaning day goes to every client who follows service
// news and can read the bot, in one INSERT … SELECT per language (the text is
// the same for every reader of a language), in the transaction that opens the
// day. A dedupe key per client and day makes a second run add nobody. During
// quiet hours the rows wait until they end, like a broadcast would.
import { addDays, shopDate, shopMinutes, startOfShopDay } from "../calendar.ts";
import { isQuiet, type QuietHours } from "../broadcasts/quiet-hours.ts";
import { followsTopicSql } from "../broadcasts/topics.ts";
import { Prisma, sqlTime, type Db } from "../db/client.ts";
import { READER_LANGUAGES, type CleaningDay, type CleaningInvite, type ReaderLanguage } from "./types.ts";

type Writer = Db | Prisma.TransactionClient;

export interface SendPolicy {
  timeZone: string;
  quietHours: QuietHours;
}

/** Clients the invitation reaches: on Telegram, joined, not forgotten, not blocking the bot, following service days. */
const INVITED = Prisma.sql`c."telegramId" IS NOT NULL AND c."onboardedAt" IS NOT NULL AND c."forgottenAt" IS NULL AND c."blockedAt" IS NULL
  AND ${followsTopicSql("service_days")}`;

/** Readers of a language: anything but Chinese reads Russian. */
const readsSql = (language: ReaderLanguage) => (language === "zh" ? Prisma.sql`c."language" = 'zh'` : Prisma.sql`c."language" <> 'zh'`);

/** Now, or the moment quiet hours end when they are on. */
export function sendAt(now: Date, policy: SendPolicy): Date {
  if (!isQuiet(now, policy.timeZone, policy.quietHours)) return now;
  const today = shopDate(now, policy.timeZone);
  const endToday = new Date(startOfShopDay(today, policy.timeZone).getTime() + policy.quietHours.end * 60_000);
  // Before midnight in a span over midnight (22:00 of 21:00-10:00) the end is tomorrow's.
  return shopMinutes(now, policy.timeZone) < policy.quietHours.end ? endToday : new Date(startOfShopDay(addDays(today, 1), policy.timeZone).getTime() + policy.quietHours.end * 60_000);
}

/** How many clients an invitation would reach now (the owner's summary). */
export async function countInvited(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint | number }[]>(Prisma.sql`SELECT COUNT(*) AS n FROM "Client" c WHERE ${INVITED}`);
  return Number(row?.n ?? 0);
}

/** Queues the day's invitation for every follower who has none yet; returns how many were added. */
export async function inviteFollowers(tx: Writer, day: CleaningDay, wording: CleaningInvite, now: Date, policy: SendPolicy): Promise<number> {
  const at = sqlTime(now);
  const due = sqlTime(sendAt(now, policy));
  const slots = (await tx.cleaningSlot.findMany({ where: { dayId: day.id }, orderBy: { startsAt: "asc" }, select: { startsAt: true } })).map((s) => s.startsAt);
  let added = 0;
  for (const language of READER_LANGUAGES) {
    const payload = JSON.stringify(wording(day, slots, language));
    added += await tx.$executeRaw(Prisma.sql`
      INSERT OR IGNORE INTO "Outbox" ("clientId", "chatId", "kind", "payload", "status", "attempts", "nextAttemptAt", "dedupeKey", "createdAt")
      SELECT c."id", c."telegramId", 'cleaning_invite', ${payload}, 'pending', 0, ${due}, ${`cleaning:${day.id}:invite:`} || c."id", ${at}
      FROM "Client" c WHERE ${INVITED} AND ${readsSql(language)}`);
  }
  return added;
}
