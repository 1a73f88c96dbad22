// Follow-ups done per staff member: FollowUp rows marked done with doneAt in
// the period, by who marked them (doneByTelegramId), with the outcome logged.
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
    SELECT f."doneByTelegramId" AS telegramId, MAX(s."name") AS name, COUNT(*) AS done,
           SUM(f."outcome" = 'reached') AS reached, SUM(f."outcome" = 'no_answer') AS noAnswer,
           SUM(f."outcome" = 'call_later') AS callLater, SUM(f."outcome" = 'not_interested') AS notInterested
    FROM "FollowUp" f LEFT JOIN "Staff" s ON s."telegramId" = f."doneByTelegramId"
    WHERE f."status" = 'done' AND f."doneAt" >= ${from} AND f."doneAt" < ${to}
    GROUP BY f."doneByTelegramId"
    ORDER BY done DESC, f."doneByTelegramId"`);
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
