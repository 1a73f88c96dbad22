// A client's rating: one Feedback row per question (its dedupe key), so a
// double tap or a second rating changes nothing. A low one then asks what went
// wrong and an optional comment; when the client is done the owners are
// alerted once (alertedAt), through the outbox in the same transaction.
import type { Clock } from "../clock.ts";
import { Prisma, type Db } from "../db/client.ts";
import { DomainError, count } from "../errors.ts";
import type { Notice, OutboxMessage, Outbox } from "../outbox/outbox.ts";
import { meaningfulText } from "../text.ts";
import { LOW_RATING, MAX_COMMENT, type FeedbackProblem, type FeedbackTarget, type LowRatingAlert } from "./types.ts";

type Tx = Prisma.TransactionClient;

/** Words of the alert for one owner; null sends that owner nothing. */
export type AlertNotify = (alert: LowRatingAlert, ownerId: number) => OutboxMessage | null;

export interface Rated {
  feedbackId: number;
  rating: number;
  low: boolean;
  /** False when this question was answered already: nothing changed. */
  created: boolean;
}

export const ratingKey = (target: FeedbackTarget, id: number) => `rating:${target}:${id}`;

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";

/** The owners' alerts for these low ratings, marked alerted in the same transaction; those alerted already are skipped. */
async function alertOwners(tx: Tx, outbox: Outbox, now: Date, ownerIds: readonly number[], ids: number[], notify: AlertNotify): Promise<number> {
  const rows = await tx.feedback.findMany({
    where: { id: { in: ids }, alertedAt: null },
    include: { client: { select: { id: true, givenName: true, patronymic: true, familyName: true, phone: true } }, ticket: { select: { number: true } } },
  });
  if (rows.length === 0) return 0;
  await tx.feedback.updateMany({ where: { id: { in: rows.map((r) => r.id) }, alertedAt: null }, data: { alertedAt: now } });
  const notices: Notice[] = [];
  for (const f of rows) {
    const alert: LowRatingAlert = {
      feedbackId: f.id,
      rating: f.rating!,
      problem: f.problem,
      comment: f.comment,
      target: f.ticketId !== null ? "ticket" : "purchase",
      reference: f.ticket?.number ?? String(f.purchaseId ?? ""),
      client: f.client,
    };
    for (const ownerId of ownerIds) {
      const message = notify(alert, ownerId);
      if (message) notices.push({ chatId: ownerId, clientId: null, kind: "feedback_alert", message, dedupeKey: `feedback:${f.id}:alert:${ownerId}` });
    }
  }
  await outbox.enqueueMany(tx, notices);
  return rows.length;
}

export function createRatings(db: Db, clock: Clock, outbox: Outbox, ownerIds: readonly number[]) {
  /** A low rating of this client's still waiting for their answer (another client's reads as not found). */
  async function openLow(clientId: number, feedbackId: number) {
    const f = await db.feedback.findFirst({ where: { id: feedbackId, clientId, kind: "rating", rating: { lte: LOW_RATING } } });
    if (!f) throw new DomainError("feedback_not_found");
    return f;
  }

  return {
    /** The client's rating of their own purchase or handed-over ticket; anyone else's is refused with nothing written. */
    async rate(clientId: number, target: FeedbackTarget, id: number, rating: number): Promise<Rated> {
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new DomainError("rating_invalid");
      const owned =
        target === "purchase"
          ? await db.purchase.count({ where: { id, clientId } })
          : await db.serviceTicket.count({ where: { id, clientId, stage: "handed_over" } });
      if (owned === 0) throw new DomainError("feedback_not_found");
      const dedupeKey = ratingKey(target, id);
      const known = await db.feedback.findUnique({ where: { dedupeKey } });
      if (known) return { feedbackId: known.id, rating: known.rating!, low: known.rating! <= LOW_RATING, created: false };
      try {
        const link = target === "purchase" ? { purchaseId: id } : { ticketId: id };
        const f = await db.feedback.create({ data: { clientId, kind: "rating", rating, dedupeKey, createdAt: clock.now(), ...link } });
        return { feedbackId: f.id, rating, low: rating <= LOW_RATING, created: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const f = await db.feedback.findUniqueOrThrow({ where: { dedupeKey } });
        return { feedbackId: f.id, rating: f.rating!, low: f.rating! <= LOW_RATING, created: false };
      }
    },

    /** What went wrong; it may change until the owners are alerted. */
    async problem(clientId: number, feedbackId: number, problem: FeedbackProblem): Promise<{ changed: boolean }> {
      const f = await openLow(clientId, feedbackId);
      if (f.alertedAt || f.problem === problem) return { changed: false };
      await db.feedback.updateMany({ where: { id: f.id, alertedAt: null }, data: { problem } });
      return { changed: true };
    },

    /** The client's last word (a comment, or none): the owners are alerted, once. */
    async finish(clientId: number, feedbackId: number, comment: string | null, notify: AlertNotify): Promise<{ alerted: boolean }> {
      const text = comment === null ? null : meaningfulText(comment);
      if (comment !== null && (text === null || text.length > MAX_COMMENT)) throw new DomainError("feedback_comment_invalid", { max: count(MAX_COMMENT) });
      const f = await openLow(clientId, feedbackId);
      if (f.alertedAt) return { alerted: false };
      const alerted = await db.$transaction(async (tx) => {
        if (text !== null) await tx.feedback.updateMany({ where: { id: f.id, alertedAt: null }, data: { comment: text } });
        return alertOwners(tx, outbox, clock.now(), ownerIds, [f.id], notify);
      });
      return { alerted: alerted > 0 };
    },

    /** The morning's safety net: low ratings whose client never finished (an hour or more ago) still reach the owners. */
    async alertUnfinished(notify: AlertNotify): Promise<number> {
      const before = new Date(clock.now().getTime() - 60 * 60_000);
      const ids = await db.feedback.findMany({ where: { kind: "rating", rating: { lte: LOW_RATING }, alertedAt: null, createdAt: { lt: before } }, select: { id: true } });
      if (ids.length === 0) return 0;
      return db.$transaction((tx) => alertOwners(tx, outbox, clock.now(), ownerIds, ids.map((r) => r.id), notify));
    },
  };
}
