// A shop with many onboarded clients and one broadcast to all of them already
// queued, for the broadcast crash test and benchmark. The clients go in with
// one INSERT … SELECT (thousands of onboardings one by one would take
// minutes); the broadcast goes through the real service, so its outbox rows are
// exactly what the owner's "send" writes.
import { performance } from "node:perf_hooks";
import { Prisma, openDb, sqlTime } from "../../core/db/client.ts";
import { migrateDeploy } from "../../core/db/migrate.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices } from "../../core/services.ts";

export const BROADCAST_RU = "{обращение}! К нам поступил танзанит редкого оттенка — приходите посмотреть.";
export const BROADCAST_ZH = "{称呼}：新到一批罕见颜色的坦桑石，欢迎光临。";
/** Words every reader's copy contains, whatever the language and greeting. */
export const isBroadcastText = (text: unknown) => typeof text === "string" && (text.includes("танзанит") || text.includes("坦桑石"));

/** The Telegram id of the i-th seeded client (0-based). */
export const clientChatId = (i: number) => 6_000_000 + i;

/**
 * `count` onboarded clients in one statement: two Russian readers in three
 * (a woman and a man, with patronymics, so greetings differ), one Chinese.
 */
export async function insertClients(db: Awaited<ReturnType<typeof openDb>>, count: number, now: Date): Promise<void> {
  const at = sqlTime(now);
  await db.$executeRaw(Prisma.sql`
    INSERT INTO "Client" ("telegramId", "givenName", "patronymic", "nameSearch", "language", "consentAt", "onboardedAt", "referralCode", "createdAt", "updatedAt")
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ${count})
    SELECT ${clientChatId(0)} + i,
      CASE i % 3 WHEN 0 THEN 'Анна' WHEN 1 THEN 'Иван' ELSE '王芳' END,
      CASE i % 3 WHEN 0 THEN 'Ивановна' WHEN 1 THEN 'Петрович' END,
      CASE i % 3 WHEN 0 THEN 'анна ивановна' WHEN 1 THEN 'иван петрович' ELSE '王芳' END,
      CASE i % 3 WHEN 2 THEN 'zh' ELSE 'ru' END,
      ${at}, ${at}, 'seed' || i, ${at}, ${at}
    FROM n`);
}

export interface QueuedBroadcast {
  broadcastId: number;
  planned: number;
  /** How long `broadcasts.start` (the set-based enqueue) took. */
  enqueueMs: number;
}

/** Migrates a new database file (as `npm start` would), seeds the clients and closes it again. */
export async function seedClients(file: string, count: number): Promise<void> {
  const migration = migrateDeploy(`file:${file}`);
  if (!migration.ok) throw new Error(migration.output);
  const db = await openDb(`file:${file}`);
  try {
    await ensureLoyaltyDefaults(db, "RUB");
    await insertClients(db, count, new Date());
    await db.$executeRawUnsafe("ANALYZE");
  } finally {
    await db.$disconnect();
  }
}

/** Saves a draft to everyone on "stones" and starts it through the service: one outbox row per client. */
export async function queueBroadcast(file: string, ownerId: number): Promise<QueuedBroadcast> {
  const db = await openDb(`file:${file}`);
  try {
    const services = createServices(db, { OWNER_IDS: [ownerId], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 });
    const broadcastId = await services.broadcasts.saveDraft(ownerId, { topic: "stones", segment: { kind: "all" }, textRu: BROADCAST_RU, textZh: BROADCAST_ZH });
    const started = performance.now();
    const { planned } = await services.broadcasts.start(broadcastId);
    return { broadcastId, planned, enqueueMs: performance.now() - started };
  } finally {
    await db.$disconnect();
  }
}
