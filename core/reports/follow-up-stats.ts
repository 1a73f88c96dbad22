// Follow-ups done per staff member: the calls logged from the call list in the
// period (ContactLog, channel "call": one per client and call, whatever the
// outcome — a "no answer" is work done too, though it keeps the reason open,
// and "not interested" closes it as dismissed, not done), by who logged them.
// Owners call clients too and may have no Staff row: their name is null and
// the bot shows the id. Busiest first.
import { Prisma, type Db } from "../db/client.ts";
import { bounds, num } from "./sql.ts";
import type { Period, StaffFollowUps } from "./types.ts";

type Count = bigint | number | null;
type Row = { telegramId: bigint | number | null; name: string | null; done: Count; reached: Count; noAnswer: Count; callLater: Count; notInterested: Count };

export async function readFollowUps(db: Db, period: Period): Promise<StaffFollowUps[]> {
  const { from, to } = bounds(period);
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT c."staffTelegramId" AS telegramId, MAX(s."name") AS name, COUNT(*) AS done,
           SUM(c."outcome" = 'reached') AS reached, SUM(c."outcome" = 'no_answer') AS noAnswer,
           SUM(c."outcome" = 'call_later') AS callLater, SUM(c."outcome" = 'not_interested') AS notInterested
    FROM "ContactLog" c LEFT JOIN "Staff" s ON s."telegramId" = c."staffTelegramId"
    WHERE c."channel" = 'call' AND c."outcome" IS NOT NULL AND c."createdAt" >= ${from} AND c."createdAt" < ${to}
    GROUP BY c."staffTelegramId"
    ORDER BY done DESC, c."staffTelegramId"`);
  return rows.map((r) => ({
    telegramId: r.telegramId === null ? null : Number(r.telegramId),
    name: r.name,
    done: num(r.done),
    reached: num(r.reached),
    noAnswer: num(r.noAnswer),
    callLater: num(r.callLater),
    notInterested: num(r.notInterested),
  }));
}
