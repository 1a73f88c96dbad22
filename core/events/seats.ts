// Seats. Two clients may tap "going" for the last seat at the same moment, in
// this process or another: the count of taken seats and the write are one SQL
// statement, so SQLite's single writer makes them indivisible and no
// interleaving can overbook. These statements run outside an interactive
// transaction on purpose: a transaction would hold the write lock across
// awaits, and a second connection in the same process would then block the
// event loop inside SQLite's busy wait (better-sqlite3 is synchronous).
import { Prisma, sqlTime, type Db } from "../db/client.ts";

type Writer = Db | Prisma.TransactionClient;

/** Seats taken by everyone going except this client. */
const takenByOthers = (eventId: number, clientId: number) => Prisma.sql`
  (SELECT COALESCE(SUM(1 + r."guests"), 0) FROM "Rsvp" r WHERE r."eventId" = ${eventId} AND r."status" = 'going' AND r."clientId" <> ${clientId})`;

/**
 * Going (with `guests`) when the seats fit and nobody is already waiting for
 * one, else on the waiting list (keeping an earlier place in it). A client who
 * was going keeps their seat when a bigger party does not fit: they go as
 * before, with no more guests than they had.
 */
export async function takeSeat(db: Writer, eventId: number, clientId: number, guests: number, now: Date): Promise<void> {
  const at = sqlTime(now);
  const fits = Prisma.sql`ev."capacity" IS NULL OR (${takenByOthers(eventId, clientId)} + ${1 + guests} <= ev."capacity"
    AND NOT EXISTS (SELECT 1 FROM "Rsvp" w WHERE w."eventId" = ${eventId} AND w."status" = 'waiting' AND w."clientId" <> ${clientId}))`;
  const keptGoing = Prisma.sql`excluded."status" = 'waiting' AND "Rsvp"."status" = 'going'`;
  await db.$executeRaw(Prisma.sql`
    INSERT INTO "Rsvp" ("eventId", "clientId", "status", "guests", "waitingSince", "updatedAt")
    SELECT ev."id", ${clientId}, s."status", ${guests}, CASE WHEN s."status" = 'waiting' THEN ${at} END, ${at}
    FROM "Event" ev, (SELECT CASE WHEN ${fits} THEN 'going' ELSE 'waiting' END AS "status" FROM "Event" ev WHERE ev."id" = ${eventId}) s
    WHERE ev."id" = ${eventId}
    ON CONFLICT ("eventId", "clientId") DO UPDATE SET
      "status" = CASE WHEN ${keptGoing} THEN 'going' ELSE excluded."status" END,
      "guests" = CASE WHEN ${keptGoing} THEN MIN("Rsvp"."guests", excluded."guests") ELSE excluded."guests" END,
      "waitingSince" = CASE WHEN ${keptGoing} OR excluded."status" <> 'waiting' THEN NULL
        WHEN "Rsvp"."status" = 'waiting' THEN "Rsvp"."waitingSince" ELSE excluded."waitingSince" END,
      "updatedAt" = excluded."updatedAt"`);
}

/** Moves one waiting client up if their party fits now; false when it does not (the queue waits in order). */
export async function promoteOne(db: Writer, eventId: number, rsvpId: number, now: Date): Promise<boolean> {
  const count = await db.$executeRaw(Prisma.sql`
    UPDATE "Rsvp" SET "status" = 'going', "waitingSince" = NULL, "updatedAt" = ${sqlTime(now)}
    WHERE "id" = ${rsvpId} AND "status" = 'waiting'
      AND (SELECT ev."capacity" IS NULL OR ${takenByOthers(eventId, 0)} + 1 + "Rsvp"."guests" <= ev."capacity" FROM "Event" ev WHERE ev."id" = ${eventId})`);
  return count === 1;
}
