// The owner's broadcasts: a draft (topic, segment, a text per language, an
// optional photo), its audience counted the way it will be sent, then one
// set-based INSERT … SELECT that writes a row per recipient into the outbox,
// with those left out (opted out, unreachable, over the weekly cap) written as
// "skipped" so the stats can say why. The sender loop delivers the rows at
// Telegram's pace; a restart resumes from the rows, so nobody is skipped and
// nobody gets it twice.
import { DAY_MS, type Clock } from "../clock.ts";
import { Prisma, sqlTime, type Db } from "../db/client.ts";
import { count, DomainError, isDomainError } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import { hasGreeting } from "./greeting.ts";
import { isQuiet, type QuietHours } from "./quiet-hours.ts";
import { parseSegment, segmentSql, type Segment } from "./segments.ts";
import { followsTopicSql, isTopic, type Topic } from "./topics.ts";

export interface BroadcastPolicy {
  /** At most this many broadcasts reach one client in 7 days. */
  weeklyCap: number;
  timeZone: string;
  quietHours: QuietHours;
}

export interface DraftInput {
  topic: Topic;
  segment: Segment;
  textRu: string;
  textZh: string;
  photoFileId?: string | null;
  eventId?: number | null;
}

/** Where the owner watches the stats: the message edited while sending. */
export interface StatsTarget {
  chatId: number;
  messageId: number;
  language: string;
}

export type Verdict = "send" | "opt_out" | "unreachable" | "cap";

export interface Audience {
  /** Clients in the segment who can use the bot. */
  total: number;
  send: number;
  optOut: number;
  unreachable: number;
  cap: number;
  /** Of those who will get it, how many read each language. */
  ru: number;
  zh: number;
  /** A real recipient whose message the preview shows. */
  sampleClientId: number | null;
}

export interface BroadcastStats {
  planned: number;
  sent: number;
  blocked: number;
  failed: number;
  /** Still to send (queued, waiting for quiet hours to end, or being sent). */
  pending: number;
  skippedCap: number;
  skippedOptOut: number;
  skippedUnreachable: number;
  /** Left unsent because the owner stopped the broadcast. */
  cancelled: number;
}

/** Telegram's limits (a message, a photo's caption), less room for the longest greeting a name can make. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const GREETING_ROOM = 100;
const WEEK_MS = 7 * DAY_MS;

/** A person who can read the bot: has Telegram, finished onboarding, not forgotten. */
const REACHABLE_CLIENT = Prisma.raw(`c."telegramId" IS NOT NULL AND c."onboardedAt" IS NOT NULL AND c."forgottenAt" IS NULL`);

export function textLimit(photo: boolean, text: string): number {
  return (photo ? CAPTION_LIMIT : TEXT_LIMIT) - (hasGreeting(text) ? GREETING_ROOM : 0);
}

/** One language's text as typed: trimmed, "" when the owner skipped it; too long for Telegram is refused. */
export function checkText(input: string, photo: boolean): string {
  const text = meaningfulText(input) ?? "";
  if (!text) throw new DomainError("broadcast_text_invalid");
  const max = textLimit(photo, text);
  if (text.length > max) throw new DomainError("broadcast_text_too_long", { max: count(max) });
  return text;
}

export function createBroadcasts(db: Db, clock: Clock, policy: BroadcastPolicy) {
  /** Each client of the segment with what will happen to them; `id` excludes this broadcast's own rows from the cap. */
  function verdicts(topic: Topic, segment: Segment, id: number) {
    const weekAgo = sqlTime(new Date(clock.now().getTime() - WEEK_MS));
    return Prisma.sql`SELECT c."id" AS "clientId", c."telegramId" AS "chatId", c."language" AS "language",
        CASE WHEN c."blockedAt" IS NOT NULL THEN 'unreachable'
             WHEN NOT (${followsTopicSql(topic)}) THEN 'opt_out'
             WHEN (SELECT COUNT(*) FROM "Outbox" o WHERE o."clientId" = c."id" AND o."broadcastId" IS NOT NULL AND o."broadcastId" <> ${id}
                     AND o."status" IN ('pending', 'sending', 'sent') AND o."createdAt" >= ${weekAgo}) >= ${policy.weeklyCap} THEN 'cap'
             ELSE 'send' END AS "verdict",
        (c."givenName" IS NULL) AS "nameless"
      FROM "Client" c WHERE ${REACHABLE_CLIENT} AND ${segmentSql(segment, clock.now())}`;
  }

  async function audience(draft: Pick<DraftInput, "topic" | "segment">, id = 0, preferLanguage = "ru"): Promise<Audience> {
    const [totals] = await db.$queryRaw<Record<string, bigint | number | null>[]>(Prisma.sql`
      SELECT COUNT(*) AS total,
        SUM(v."verdict" = 'send') AS send, SUM(v."verdict" = 'opt_out') AS optOut,
        SUM(v."verdict" = 'unreachable') AS unreachable, SUM(v."verdict" = 'cap') AS cap,
        SUM(v."verdict" = 'send' AND v."language" = 'ru') AS ru, SUM(v."verdict" = 'send' AND v."language" = 'zh') AS zh
      FROM (${verdicts(draft.topic, draft.segment, id)}) v`);
    // Someone with a name, in the owner's language if possible: the preview then shows a real greeting.
    const [sample] = await db.$queryRaw<{ clientId: number }[]>(Prisma.sql`
      SELECT v."clientId" FROM (${verdicts(draft.topic, draft.segment, id)}) v WHERE v."verdict" = 'send'
      ORDER BY v."nameless", v."language" <> ${preferLanguage}, v."clientId" LIMIT 1`);
    const n = (k: string) => Number(totals?.[k] ?? 0);
    return {
      total: n("total"),
      send: n("send"),
      optOut: n("optOut"),
      unreachable: n("unreachable"),
      cap: n("cap"),
      ru: n("ru"),
      zh: n("zh"),
      sampleClientId: sample ? Number(sample.clientId) : null,
    };
  }

  /** Refuses a broadcast some recipients could not read, or one nobody would receive. */
  function checkSendable(draft: Pick<DraftInput, "textRu" | "textZh">, a: Audience) {
    if (a.send === 0) throw new DomainError("broadcast_no_recipients");
    if (a.ru > 0 && !draft.textRu) throw new DomainError("broadcast_needs_ru", { count: count(a.ru) });
    if (a.zh > 0 && !draft.textZh) throw new DomainError("broadcast_needs_zh", { count: count(a.zh) });
  }

  async function load(id: number) {
    const row = await db.broadcast.findUnique({ where: { id } });
    const segment = row && parseSegment(row.segment);
    if (!row || !segment || !isTopic(row.topic)) return null;
    return { ...row, topic: row.topic, segment };
  }

  /** Writes one outbox row per client of the segment, in the transaction that marks the broadcast as sending. */
  async function start(id: number, target?: StatsTarget): Promise<{ started: boolean; planned: number }> {
    const b = await load(id);
    if (!b) throw new DomainError("broadcast_already_sent");
    checkSendable(b, await audience(b, id));
    const now = clock.now();
    return db.$transaction(async (tx) => {
      // Only one tap, one scheduler tick or one process gets past this.
      const { count: won } = await tx.broadcast.updateMany({
        where: { id, status: { in: ["draft", "scheduled"] } },
        data: { status: "sending", startedAt: now, ...(target && statsTargetData(target)) },
      });
      if (won === 0) return { started: false, planned: b.planned ?? 0 };
      const at = sqlTime(now);
      const planned = await tx.$executeRaw(Prisma.sql`
        INSERT OR IGNORE INTO "Outbox" ("clientId", "chatId", "broadcastId", "kind", "payload", "status", "lastError", "attempts", "nextAttemptAt", "dedupeKey", "createdAt")
        SELECT v."clientId", v."chatId", ${id}, 'broadcast', '{}', CASE WHEN v."verdict" = 'send' THEN 'pending' ELSE 'skipped' END,
               CASE WHEN v."verdict" = 'send' THEN NULL ELSE v."verdict" END, 0, ${at}, ${`broadcast:${id}:`} || v."clientId", ${at}
        FROM (${verdicts(b.topic, b.segment, id)}) v`);
      await tx.broadcast.update({ where: { id }, data: { planned } });
      return { started: true, planned };
    });
  }

  return {
    audience,
    load,
    start,

    /** Saves (or rewrites) a draft; returns its id. */
    async saveDraft(authorTelegramId: number, draft: DraftInput, id?: number): Promise<number> {
      const data = {
        topic: draft.topic,
        segment: JSON.stringify(draft.segment),
        textRu: draft.textRu,
        textZh: draft.textZh,
        photoFileId: draft.photoFileId ?? null,
        eventId: draft.eventId ?? null,
      };
      if (id) {
        const { count: n } = await db.broadcast.updateMany({ where: { id, status: "draft" }, data });
        if (n === 1) return id;
      }
      return (await db.broadcast.create({ data: { ...data, createdByTelegramId: BigInt(authorTelegramId) } })).id;
    },

    /** Checks a draft can go out as it stands (languages, recipients). */
    async check(id: number): Promise<Audience> {
      const b = await load(id);
      if (!b || b.status !== "draft") throw new DomainError("broadcast_already_sent");
      const a = await audience(b, id);
      checkSendable(b, a);
      return a;
    },

    async schedule(id: number, at: Date, target: StatsTarget): Promise<boolean> {
      if (at.getTime() <= clock.now().getTime()) throw new DomainError("broadcast_time_past");
      const { count: n } = await db.broadcast.updateMany({ where: { id, status: "draft" }, data: { status: "scheduled", scheduledAt: at, ...statsTargetData(target) } });
      return n === 1;
    },

    /**
     * Scheduled broadcasts whose time has come start now. One whose audience
     * changed since (nobody left, or readers of a language without a text) is
     * cancelled and returned with the reason, for the owner to be told; any
     * other failure leaves it scheduled for the next tick.
     */
    async startDue(): Promise<{ started: number[]; refused: { id: number; error: DomainError }[] }> {
      const due = await db.broadcast.findMany({ where: { status: "scheduled", scheduledAt: { lte: clock.now() } }, select: { id: true } });
      const started: number[] = [];
      const refused: { id: number; error: DomainError }[] = [];
      for (const { id } of due) {
        try {
          if ((await start(id)).started) started.push(id);
        } catch (error) {
          if (!isDomainError(error)) throw error;
          const { count: n } = await db.broadcast.updateMany({ where: { id, status: "scheduled" }, data: { status: "cancelled", finishedAt: clock.now() } });
          if (n === 1) refused.push({ id, error });
        }
      }
      return { started, refused };
    },

    /** Drafts and scheduled ones are dropped; a running one stops, and what was not sent yet is left out. */
    async cancel(id: number): Promise<boolean> {
      return db.$transaction(async (tx) => {
        const { count: n } = await tx.broadcast.updateMany({
          where: { id, status: { in: ["draft", "scheduled", "sending"] } },
          data: { status: "cancelled", finishedAt: clock.now() },
        });
        if (n === 1) await tx.outbox.updateMany({ where: { broadcastId: id, status: "pending" }, data: { status: "skipped", lastError: "cancelled" } });
        return n === 1;
      });
    },

    stats: (id: number) => statsOf(db, id),

    /** The names and languages the sender words a batch of messages with (forgotten clients are left out). */
    readers: (clientIds: number[]) =>
      db.client.findMany({
        where: { id: { in: clientIds }, forgottenAt: null },
        select: { id: true, givenName: true, patronymic: true, familyName: true, gender: true, language: true },
      }),

    /** An event, for its invitation's texts. */
    event: (eventId: number) => db.event.findUnique({ where: { id: eventId } }),

    /** What an invitation's RSVP buttons depend on. */
    invitation: (eventId: number) => db.event.findUnique({ where: { id: eventId }, select: { id: true, status: true, plusOneAllowed: true, startsAt: true } }),

    /**
     * Sending broadcasts (to finish those with nothing left and edit the stats
     * message the owner watches), and sent invitations to events still to come,
     * whose answers keep arriving after the last message went out.
     */
    watched: () =>
      db.broadcast.findMany({
        where: {
          OR: [
            { status: "sending" },
            { status: "done", statsMessageId: { not: null }, event: { status: "open", startsAt: { gt: clock.now() } } },
          ],
        },
        select: { id: true, status: true, statsChatId: true, statsMessageId: true, statsLanguage: true, statsEditedAt: true, eventId: true },
      }),

    async edited(id: number): Promise<void> {
      await db.broadcast.update({ where: { id }, data: { statsEditedAt: clock.now() } });
    },

    /** A sending broadcast with nothing left to send is done; returns whether this call finished it. */
    async finishIfDone(id: number): Promise<boolean> {
      const left = await db.outbox.count({ where: { broadcastId: id, status: { in: ["pending", "sending"] } } });
      if (left > 0) return false;
      const { count: n } = await db.broadcast.updateMany({ where: { id, status: "sending" }, data: { status: "done", finishedAt: clock.now() } });
      return n === 1;
    },

    /** The last broadcasts (not drafts) with their figures, newest first. */
    async recent(limit = 10) {
      const rows = await db.broadcast.findMany({ where: { status: { not: "draft" } }, orderBy: { id: "desc" }, take: limit });
      return Promise.all(rows.map(async (b) => ({ ...b, stats: await statsOf(db, b.id) })));
    },

    /** Whether broadcasts wait now (the shop's quiet hours). */
    quietNow: () => isQuiet(clock.now(), policy.timeZone, policy.quietHours),
    policy,
  };
}

const statsTargetData = (t: StatsTarget) => ({ statsChatId: BigInt(t.chatId), statsMessageId: t.messageId, statsLanguage: t.language });

async function statsOf(db: Db, id: number): Promise<BroadcastStats> {
  const rows = await db.$queryRaw<{ status: string; reason: string | null; n: bigint | number }[]>(
    Prisma.sql`SELECT "status", "lastError" AS reason, COUNT(*) AS n FROM "Outbox" WHERE "broadcastId" = ${id} GROUP BY "status", CASE WHEN "status" = 'skipped' THEN "lastError" END`,
  );
  const s: BroadcastStats = { planned: 0, sent: 0, blocked: 0, failed: 0, pending: 0, skippedCap: 0, skippedOptOut: 0, skippedUnreachable: 0, cancelled: 0 };
  for (const r of rows) {
    const n = Number(r.n);
    s.planned += n;
    if (r.status === "sent") s.sent += n;
    else if (r.status === "blocked") s.blocked += n;
    else if (r.status === "failed") s.failed += n;
    else if (r.status === "pending" || r.status === "sending") s.pending += n;
    else if (r.reason === "cap") s.skippedCap += n;
    else if (r.reason === "opt_out") s.skippedOptOut += n;
    else if (r.reason === "unreachable") s.skippedUnreachable += n;
    else s.cancelled += n;
  }
  return s;
}

export type Broadcasts = ReturnType<typeof createBroadcasts>;
