// What a client agreed to receive: new stones and collections, events, sales,
// service days. A client with no row for a topic follows it (they are asked at
// the end of onboarding, with every topic on); a row with subscribed = false is
// an opt-out, which every broadcast of that topic respects.
import { Prisma, type Db } from "../db/client.ts";

export const TOPICS = ["stones", "events", "sales", "service_days"] as const;
export type Topic = (typeof TOPICS)[number];

export const isTopic = (value: unknown): value is Topic => typeof value === "string" && (TOPICS as readonly string[]).includes(value);

/** SQL over a "Client" row aliased `c`: true when the client follows the topic. */
export const followsTopicSql = (topic: Topic) =>
  Prisma.sql`NOT EXISTS (SELECT 1 FROM "TopicSubscription" ts WHERE ts."clientId" = c."id" AND ts."topic" = ${topic} AND ts."subscribed" = 0)`;

export function createTopics(db: Db) {
  return {
    /** Every topic with whether the client follows it. */
    async of(clientId: number): Promise<Record<Topic, boolean>> {
      const rows = await db.topicSubscription.findMany({ where: { clientId } });
      const off = new Set(rows.filter((r) => !r.subscribed).map((r) => r.topic));
      return Object.fromEntries(TOPICS.map((t) => [t, !off.has(t)])) as Record<Topic, boolean>;
    },

    async set(clientId: number, topic: Topic, subscribed: boolean): Promise<void> {
      await db.topicSubscription.upsert({
        where: { clientId_topic: { clientId, topic } },
        create: { clientId, topic, subscribed },
        update: { subscribed },
      });
    },

    /** "Stop everything" (or everything back on) in one tap. */
    async setAll(clientId: number, subscribed: boolean): Promise<void> {
      await db.$transaction(
        TOPICS.map((topic) =>
          db.topicSubscription.upsert({ where: { clientId_topic: { clientId, topic } }, create: { clientId, topic, subscribed }, update: { subscribed } }),
        ),
      );
    },
  };
}

export type Topics = ReturnType<typeof createTopics>;
