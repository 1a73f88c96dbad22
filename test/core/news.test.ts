import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { latestNews } from "../../core/broadcasts/news.ts";
import { createTopics, type Topic } from "../../core/broadcasts/topics.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

let t: TestDb;
let day = 0;
let anna: number;
let boris: number;

beforeEach(async () => {
  day = 0;
  t = await createTestDb();
  anna = (await t.db.client.create({ data: { telegramId: 201n, referralCode: "anna", onboardedAt: new Date() } })).id;
  boris = (await t.db.client.create({ data: { telegramId: 202n, referralCode: "boris", onboardedAt: new Date() } })).id;
});
afterEach(() => t.close());

/** A broadcast that started `day` days into November (later calls start later unless told). */
async function post(topic: Topic, segment: object, opts: { status?: string; startedAt?: Date | null; photo?: string } = {}) {
  day += 1;
  const b = await t.db.broadcast.create({
    data: {
      createdByTelegramId: 1n,
      topic,
      segment: JSON.stringify(segment),
      textRu: `${topic} ${day}`,
      textZh: `${topic} ${day} zh`,
      photoFileId: opts.photo ?? null,
      status: opts.status ?? "done",
      startedAt: opts.startedAt === undefined ? new Date(Date.UTC(2026, 10, day, 9)) : opts.startedAt,
    },
  });
  return b.id;
}

async function deliver(broadcastId: number, clientId: number, status = "sent") {
  await t.db.outbox.create({ data: { broadcastId, clientId, chatId: 1n, kind: "broadcast", payload: "{}", status } });
}

const ids = async (clientId: number, limit?: number) => (await latestNews(t.db, clientId, limit)).map((p) => p.id);

describe("the news feed", () => {
  it("When a post went to everyone, then a client who follows its topic sees it with its texts, photo and date", async () => {
    const id = await post("stones", { kind: "all" }, { photo: "AgADphoto" });
    const [news] = await latestNews(t.db, anna);
    expect(news).toEqual({ id, topic: "stones", textRu: `stones ${day}`, textZh: `stones ${day} zh`, photoFileId: "AgADphoto", startedAt: new Date(Date.UTC(2026, 10, day, 9)) });
  });

  it("When the client unfollows a topic, then its posts leave the feed, and come back when followed again", async () => {
    const stones = await post("stones", { kind: "all" });
    const sales = await post("sales", { kind: "all" });
    const topics = createTopics(t.db);
    await topics.set(anna, "sales", false);
    expect(await ids(anna)).toEqual([stones]);
    expect(await ids(boris)).toEqual([sales, stones]);
    await topics.setAll(anna, false);
    expect(await ids(anna)).toEqual([]);
    await topics.set(anna, "sales", true);
    expect(await ids(anna)).toEqual([sales]);
  });

  it("When a post went to a segment, then only the clients it was delivered to see it", async () => {
    const top = await post("events", { kind: "top", value: 20 });
    await deliver(top, anna);
    await deliver(top, boris, "skipped");
    const pending = await post("events", { kind: "tier", value: "gold" });
    await deliver(pending, boris, "pending");
    expect(await ids(anna)).toEqual([top]);
    expect(await ids(boris)).toEqual([]);
  });

  it("When a delivered post's topic is unfollowed, then it is not shown either", async () => {
    const top = await post("events", { kind: "top", value: 20 });
    await deliver(top, anna);
    await createTopics(t.db).set(anna, "events", false);
    expect(await ids(anna)).toEqual([]);
  });

  it("When broadcasts are drafts, scheduled, cancelled or still sending, then only sending and done ones count", async () => {
    await post("stones", { kind: "all" }, { status: "draft", startedAt: null });
    await post("stones", { kind: "all" }, { status: "scheduled", startedAt: null });
    await post("stones", { kind: "all" }, { status: "cancelled" });
    const sending = await post("stones", { kind: "all" }, { status: "sending" });
    const done = await post("stones", { kind: "all" });
    expect(await ids(anna)).toEqual([done, sending]);
  });

  it("When there are more posts than the limit, then the newest by start time come first, five by default", async () => {
    const made: number[] = [];
    for (let i = 0; i < 7; i++) made.push(await post("sales", { kind: "all" }));
    // Created last but started first: the start time orders the feed, not the id.
    const early = await post("sales", { kind: "all" }, { startedAt: new Date(Date.UTC(2026, 9, 1)) });
    expect(await ids(anna)).toEqual(made.slice(2).reverse());
    expect(await ids(anna, 2)).toEqual([made[6], made[5]]);
    expect(await ids(anna, 20)).toEqual([...made.reverse(), early]);
  });

  it("When a segment is not valid JSON, then the feed still works and treats that post as delivered-only", async () => {
    const broken = await t.db.broadcast.create({ data: { createdByTelegramId: 1n, topic: "stones", segment: "{oops", textRu: "x", textZh: "x", status: "done", startedAt: new Date(Date.UTC(2026, 11, 1)) } });
    const fine = await post("stones", { kind: "all" });
    expect(await ids(anna)).toEqual([fine]);
    await deliver(broken.id, anna);
    expect(await ids(anna)).toEqual([broken.id, fine]);
  });
});
