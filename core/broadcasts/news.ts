// The /news feed: the last posts a client may read again, or read for the
// first time when they joined after the broadcast went out. A post belongs in
// someone's feed when its topic is one they follow and it was either meant for
// everyone (segment "all") or actually delivered to them: a post for the top
// tier or for lovers of emeralds is not shown to everyone who types /news.
import { Prisma, type Db } from "../db/client.ts";
import { createTopics, TOPICS } from "./topics.ts";

export interface NewsPost {
  id: number;
  topic: string;
  textRu: string;
  textZh: string;
  photoFileId: string | null;
  startedAt: Date;
}

interface Row extends Omit<NewsPost, "startedAt" | "id"> {
  id: number | bigint;
  startedAt: Date | string;
}

/** Newest first, at most `limit`; two small queries, whatever the number of broadcasts. */
export async function latestNews(db: Db, clientId: number, limit = 5): Promise<NewsPost[]> {
  const state = await createTopics(db).of(clientId);
  const followed = TOPICS.filter((t) => state[t]);
  if (followed.length === 0 || limit <= 0) return [];
  // The segment is JSON text written by the composer; json_valid keeps a broken
  // one from failing the whole feed (such a post is then delivered-only).
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT b."id", b."topic", b."textRu", b."textZh", b."photoFileId", b."startedAt"
    FROM "Broadcast" b
    WHERE b."status" IN ('sending', 'done')
      AND b."startedAt" IS NOT NULL
      AND b."topic" IN (${Prisma.join(followed)})
      AND (
        (CASE WHEN json_valid(b."segment") THEN json_extract(b."segment", '$.kind') END) = 'all'
        OR EXISTS (SELECT 1 FROM "Outbox" o WHERE o."broadcastId" = b."id" AND o."clientId" = ${clientId} AND o."status" = 'sent')
      )
    ORDER BY b."startedAt" DESC, b."id" DESC
    LIMIT ${limit}`);
  return rows.map((r) => ({ ...r, id: Number(r.id), startedAt: new Date(r.startedAt) }));
}
