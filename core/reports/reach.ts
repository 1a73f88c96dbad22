// What broadcasts reached in the period: broadcasts started in it, the
// recipients they planned, their outbox rows by status (sent counts as
// delivered), the distinct clients who got at least one of them, and, for
// scale, the clients the bot can write to now (in Telegram, not blocked, not
// forgotten).
import { Prisma, type Db } from "../db/client.ts";
import { bounds, num } from "./sql.ts";
import type { BroadcastReach, Period } from "./types.ts";

type Row = Record<keyof BroadcastReach, bigint | number | null>;

export async function readReach(db: Db, period: Period): Promise<BroadcastReach> {
  const { from, to } = bounds(period);
  const [row] = await db.$queryRaw<Row[]>(Prisma.sql`
    WITH b AS (SELECT "id", "planned" FROM "Broadcast" WHERE "startedAt" >= ${from} AND "startedAt" < ${to}),
    o AS (
      SELECT SUM(o."status" = 'sent') AS delivered, SUM(o."status" = 'blocked') AS blocked,
             SUM(o."status" = 'failed') AS failed, SUM(o."status" = 'skipped') AS skipped,
             COUNT(DISTINCT CASE WHEN o."status" = 'sent' THEN o."clientId" END) AS reachedClients
      FROM "Outbox" o WHERE o."broadcastId" IN (SELECT "id" FROM b)
    )
    SELECT (SELECT COUNT(*) FROM b) AS broadcasts, (SELECT SUM("planned") FROM b) AS planned, o.*,
           (SELECT COUNT(*) FROM "Client" c WHERE c."telegramId" IS NOT NULL AND c."blockedAt" IS NULL AND c."forgottenAt" IS NULL) AS reachableClients
    FROM o`);
  const get = (key: keyof BroadcastReach) => num(row?.[key]);
  return {
    broadcasts: get("broadcasts"),
    planned: get("planned"),
    delivered: get("delivered"),
    blocked: get("blocked"),
    failed: get("failed"),
    skipped: get("skipped"),
    reachedClients: get("reachedClients"),
    reachableClients: get("reachableClients"),
  };
}
