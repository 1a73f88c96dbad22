// The rules that put a client on the call list, one each. Every rule is one
// set-based INSERT … SELECT run by the database (no client is loaded into
// memory), keyed by a dedupe key, so running the morning job twice, or again
// after a crash half-way, schedules nobody twice.
import { GENDER_SQL } from "../clients/gender.ts";
import { addDays, birthdayMonthDays as monthDays, isoDate, startOfShopDay, type CivilDate } from "../calendar.ts";
import { addMonths } from "../clock.ts";
import { Prisma, sqlTime } from "../db/client.ts";
import type { getSettings } from "../loyalty/settings.ts";
import { greetingsDue } from "./greetings.ts";
import type { Reason } from "./reasons.ts";

type Tx = Prisma.TransactionClient;
type Settings = Awaited<ReturnType<typeof getSettings>>;

export interface TriggerContext {
  now: Date;
  today: CivilDate;
  timeZone: string;
  settings: Settings;
  /** Today's start in the shop, as stored: every reason scheduled this morning is due from it. */
  dueAt: string;
  /** Now, as stored (createdAt of the new rows). */
  at: string;
}


const INSERT = Prisma.raw(`INSERT OR IGNORE INTO "FollowUp" ("clientId", "reason", "context", "dueAt", "status", "attempts", "dedupeKey", "createdAt")`);
const LIVE_CLIENT = Prisma.raw(`c."forgottenAt" IS NULL`);
const GENDER = Prisma.raw(GENDER_SQL);


/** Birthdays a few days ahead (29 February is kept on 28 February in other years). */
async function birthdays(tx: Tx, t: TriggerContext): Promise<number> {
  const target = addDays(t.today, t.settings.datesLeadDays);
  const days = monthDays(target);
  return tx.$executeRaw(Prisma.sql`${INSERT}
     SELECT c."id", 'birthday', json_object('date', ${isoDate(target)}), ${t.dueAt}, 'open', 0, 'birthday:' || ${target.year} || ':' || c."id", ${t.at}
     FROM "Client" c
     WHERE ${LIVE_CLIENT} AND c."birthday" IS NOT NULL AND substr(c."birthday", 6, 5) IN (${days[0]}, ${days[1] ?? days[0]})`);
}

/** Anniversaries, a spouse's or a child's birthday, a few days ahead. */
async function familyDates(tx: Tx, t: TriggerContext): Promise<number> {
  const target = addDays(t.today, t.settings.datesLeadDays);
  const leapDay = monthDays(target).length > 1;
  return tx.$executeRaw(Prisma.sql`${INSERT}
     SELECT c."id", 'family_date', json_object('date', ${isoDate(target)}, 'kind', f."kind", 'label', f."label"), ${t.dueAt}, 'open', 0, 'family:' || ${target.year} || ':' || f."id", ${t.at}
     FROM "FamilyDate" f JOIN "Client" c ON c."id" = f."clientId"
     WHERE ${LIVE_CLIENT} AND ((f."month" = ${target.month} AND f."day" = ${target.day}) OR (${leapDay ? 1 : 0} AND f."month" = 2 AND f."day" = 29))`);
}

/** Points that expire within the lead: one call per client and first expiry date. */
async function expiringPoints(tx: Tx, t: TriggerContext): Promise<number> {
  const horizon = startOfShopDay(addDays(t.today, t.settings.pointsExpiryLeadDays + 1), t.timeZone);
  return tx.$executeRaw(Prisma.sql`${INSERT}
     SELECT e."clientId", 'points_expiring', json_object('points', SUM(e."remaining"), 'expiresAt', MIN(e."expiresAt")),
            ${t.dueAt}, 'open', 0, 'points:' || e."clientId" || ':' || substr(MIN(e."expiresAt"), 1, 10), ${t.at}
     FROM "PointsEntry" e JOIN "Client" c ON c."id" = e."clientId"
     WHERE ${LIVE_CLIENT} AND e."remaining" > 0 AND e."expiresAt" > ${t.at} AND e."expiresAt" < ${sqlTime(horizon)}
     GROUP BY e."clientId"`);
}

/**
 * With tiers over a rolling period: a client whose spending inside the window
 * as it will stand in a few days no longer reaches their tier. Once a month per tier.
 */
async function tierDrops(tx: Tx, t: TriggerContext): Promise<number> {
  const period = t.settings.tierPeriodMonths;
  if (!period) return 0;
  const dropDay = addDays(t.today, t.settings.tierDropLeadDays);
  const windowStart = addMonths(startOfShopDay(dropDay, t.timeZone), -period);
  return tx.$executeRaw(Prisma.sql`${INSERT}
     SELECT c."id", 'tier_drop', json_object('tier', tr."code", 'date', ${isoDate(dropDay)}), ${t.dueAt}, 'open', 0,
            'tier_drop:' || c."id" || ':' || tr."code" || ':' || ${isoDate(dropDay).slice(0, 7)}, ${t.at}
     FROM "Client" c JOIN "Tier" tr ON tr."id" = c."tierId"
     WHERE ${LIVE_CLIENT} AND tr."threshold" > 0
       AND COALESCE((SELECT SUM(p."paid" - p."refundedAmount") FROM "Purchase" p WHERE p."clientId" = c."id" AND p."createdAt" >= ${sqlTime(windowStart)}), 0) < tr."threshold"`);
}

/** A regular (enough purchases) whose last purchase is older than the quiet period; once per quiet spell. */
async function goneQuiet(tx: Tx, t: TriggerContext): Promise<number> {
  const before = addMonths(t.now, -t.settings.quietMonths);
  return tx.$executeRaw(Prisma.sql`${INSERT}
     SELECT a."clientId", 'quiet', json_object('lastPurchaseAt', a."last", 'purchases', a."n"), ${t.dueAt}, 'open', 0, 'quiet:' || a."clientId" || ':' || a."lastId", ${t.at}
     FROM (
       SELECT p."clientId", COUNT(*) AS "n", MAX(p."createdAt") AS "last", MAX(p."id") AS "lastId"
       FROM "Purchase" p WHERE p."status" <> 'refunded'
       GROUP BY p."clientId"
       HAVING COUNT(*) >= ${t.settings.regularMinPurchases} AND MAX(p."createdAt") < ${sqlTime(before)}
     ) a JOIN "Client" c ON c."id" = a."clientId"
     WHERE ${LIVE_CLIENT}`);
}

/**
 * The best clients (the top share by revenue over the period) not yet
 * reached this calendar month. A call that did not get through does not count.
 */
async function bestClients(tx: Tx, t: TriggerContext): Promise<number> {
  const since = addMonths(t.now, -t.settings.bestClientMonths);
  const monthStart = startOfShopDay({ ...t.today, day: 1 }, t.timeZone);
  return tx.$executeRaw(Prisma.sql`${INSERT}
     SELECT r."clientId", 'best_client', json_object('revenue', r."revenue"), ${t.dueAt}, 'open', 0, 'best:' || r."clientId" || ':' || ${isoDate(t.today).slice(0, 7)}, ${t.at}
     FROM (
       SELECT s."clientId", s."revenue", ROW_NUMBER() OVER (ORDER BY s."revenue" DESC, s."clientId") AS "rank", COUNT(*) OVER () AS "buyers"
       FROM (
         SELECT p."clientId", SUM(p."paid" - p."refundedAmount") AS "revenue"
         FROM "Purchase" p WHERE p."createdAt" >= ${sqlTime(since)}
         GROUP BY p."clientId"
         HAVING SUM(p."paid" - p."refundedAmount") > 0
       ) s JOIN "Client" c ON c."id" = s."clientId"
       WHERE ${LIVE_CLIENT}
     ) r
     WHERE r."rank" <= MAX(1, (r."buyers" * ${t.settings.bestClientShareBp} + 9999) / 10000)
       AND NOT EXISTS (SELECT 1 FROM "ContactLog" l WHERE l."clientId" = r."clientId" AND l."createdAt" >= ${sqlTime(monthStart)} AND COALESCE(l."outcome", '') <> 'no_answer')`);
}

/** Greeting days: each one's clients by language and gender (those of unknown gender are listed for staff to decide). */
async function greetings(tx: Tx, t: TriggerContext): Promise<number> {
  const days = await tx.greetingDay.findMany({ where: { active: true } });
  let inserted = 0;
  for (const { day, date } of greetingsDue(days, t.today)) {
    inserted += await tx.$executeRaw(Prisma.sql`${INSERT}
       SELECT c."id", 'holiday', json_object('greeting', ${day.code}, 'date', ${isoDate(date)}, 'genderUnknown', CASE WHEN ${day.gender} IS NOT NULL AND ${GENDER} IS NULL THEN json('true') ELSE json('false') END),
              ${t.dueAt}, 'open', 0, 'holiday:' || ${day.code} || ':' || ${date.year} || ':' || c."id", ${t.at}
       FROM "Client" c
       WHERE ${LIVE_CLIENT} AND (c."telegramId" IS NOT NULL OR c."phone" IS NOT NULL)
         AND (${day.language} IS NULL OR c."language" = ${day.language})
         AND (${day.gender} IS NULL OR ${GENDER} = ${day.gender} OR ${GENDER} IS NULL)`);
  }
  return inserted;
}

/** Every rule, in the order their reasons are listed to a seller. */
export const TRIGGERS: Record<Exclude<Reason, "after_purchase" | "month_after_purchase">, (tx: Tx, t: TriggerContext) => Promise<number>> = {
  birthday: birthdays,
  family_date: familyDates,
  points_expiring: expiringPoints,
  tier_drop: tierDrops,
  quiet: goneQuiet,
  best_client: bestClients,
  holiday: greetings,
};
