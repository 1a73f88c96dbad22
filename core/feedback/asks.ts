// The morning's questions "how do you like it?": a purchase a few days after
// its day (LoyaltySettings.feedbackAfterDays), a service ticket the day after
// it was handed over. Chosen by the database in one statement each; each is
// asked once (its outbox key), and only inside a short window of days, so the
// first morning after this ships does not ask about the shop's whole history,
// while a bot down for a morning or two still asks.
import { addDays, shopDate, startOfShopDay } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import { Prisma, sqlTime, type Db } from "../db/client.ts";
import { getSettings } from "../loyalty/settings.ts";
import type { Notice, OutboxMessage, Outbox } from "../outbox/outbox.ts";
import type { FeedbackAsk, FeedbackTarget } from "./types.ts";

/** Days a question may come late (the bot was down that morning); older ones are never asked. */
export const ASK_WINDOW_DAYS = 2;

export type AskNotify = (ask: FeedbackAsk) => OutboxMessage | null;

export const askKey = (target: FeedbackTarget, id: number) => `feedback:${target}:${id}`;

type Row = Omit<FeedbackAsk, "target" | "id" | "chatId" | "at" | "clientId"> & { id: number | bigint; clientId: number | bigint; chatId: number | bigint; at: string | Date };

/** Clients who can be asked: on Telegram, with the shop, not blocking the bot. */
const REACHABLE = Prisma.sql`c."telegramId" IS NOT NULL AND c."onboardedAt" IS NOT NULL AND c."forgottenAt" IS NULL AND c."blockedAt" IS NULL`;
const CLIENT_COLUMNS = Prisma.sql`c."id" AS "clientId", c."telegramId" AS "chatId", c."language", c."givenName", c."patronymic", c."familyName", c."gender"`;

export async function askForFeedback(db: Db, clock: Clock, outbox: Outbox, timeZone: string, notify: AskNotify): Promise<number> {
  const today = shopDate(clock.now(), timeZone);
  const { feedbackAfterDays: after } = await getSettings(db);
  const dayStart = (daysAgo: number) => sqlTime(startOfShopDay(addDays(today, -daysAgo), timeZone));
  // Purchases of the days `after` … `after + window` ago; completed (not returned), by clients still reachable.
  const purchases = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT p."id", p."createdAt" AS "at", ${CLIENT_COLUMNS},
      (SELECT group_concat(i."description", ', ') FROM "PurchaseItem" i WHERE i."purchaseId" = p."id") AS "label"
    FROM "Purchase" p JOIN "Client" c ON c."id" = p."clientId"
    WHERE p."createdAt" >= ${dayStart(after + ASK_WINDOW_DAYS)} AND p."createdAt" < ${dayStart(after - 1)}
      AND p."status" = 'completed' AND ${REACHABLE}
      AND NOT EXISTS (SELECT 1 FROM "Outbox" o WHERE o."dedupeKey" = 'feedback:purchase:' || p."id")
      AND NOT EXISTS (SELECT 1 FROM "Feedback" f WHERE f."dedupeKey" = 'rating:purchase:' || p."id")
    ORDER BY p."createdAt", p."id"`);
  // Tickets handed over yesterday (or within the window before): not on the day itself, the client has just left.
  const tickets = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT t."id", t."handedOverAt" AS "at", t."number" AS "label", ${CLIENT_COLUMNS}
    FROM "ServiceTicket" t JOIN "Client" c ON c."id" = t."clientId"
    WHERE t."stage" = 'handed_over' AND t."handedOverAt" >= ${dayStart(1 + ASK_WINDOW_DAYS)} AND t."handedOverAt" < ${dayStart(0)}
      AND ${REACHABLE}
      AND NOT EXISTS (SELECT 1 FROM "Outbox" o WHERE o."dedupeKey" = 'feedback:ticket:' || t."id")
      AND NOT EXISTS (SELECT 1 FROM "Feedback" f WHERE f."dedupeKey" = 'rating:ticket:' || t."id")
    ORDER BY t."handedOverAt", t."id"`);
  const notices: Notice[] = [];
  const add = (target: FeedbackTarget, rows: Row[]) => {
    for (const r of rows) {
      const ask: FeedbackAsk = { ...r, target, id: Number(r.id), clientId: Number(r.clientId), chatId: Number(r.chatId), at: new Date(r.at) };
      const message = notify(ask);
      if (message) notices.push({ chatId: ask.chatId, clientId: ask.clientId, kind: "feedback_ask", message, dedupeKey: askKey(target, ask.id) });
    }
  };
  add("purchase", purchases);
  add("ticket", tickets);
  await outbox.enqueueMany(db, notices);
  return notices.length;
}
