// What staff record from a client's file: a refusal, a return or a complaint,
// with what went wrong and an optional comment. The flow's key is the row's
// dedupe key, so a double tap on the last step writes one row.
import type { Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError, count } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import { MAX_COMMENT, type FeedbackEntry, type FeedbackProblem, type RecordKind } from "./types.ts";

export interface RecordInput {
  kind: RecordKind;
  problem: FeedbackProblem;
  comment: string | null;
  key: string;
}

/** The comment as stored: cleaned, null when empty; refused when too long. */
export function feedbackComment(input: string | null): string | null {
  const text = meaningfulText(input);
  if (text !== null && text.length > MAX_COMMENT) throw new DomainError("feedback_comment_invalid", { max: count(MAX_COMMENT) });
  return text;
}

export async function recordFeedback(db: Db, clock: Clock, actor: Actor, clientId: number, input: RecordInput): Promise<{ id: number; created: boolean }> {
  const comment = feedbackComment(input.comment);
  const client = await db.client.findUnique({ where: { id: clientId }, select: { forgottenAt: true } });
  if (!client || client.forgottenAt) throw new DomainError("client_not_found");
  const dedupeKey = `record:${input.key}`;
  const known = await db.feedback.findUnique({ where: { dedupeKey } });
  if (known) return { id: known.id, created: false };
  const f = await db.feedback.create({
    data: {
      clientId,
      kind: input.kind,
      problem: input.problem,
      comment,
      staffTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId),
      dedupeKey,
      createdAt: clock.now(),
    },
  });
  return { id: f.id, created: true };
}

type Row = Prisma.FeedbackGetPayload<{ include: { ticket: { select: { number: true } } } }>;

/** A row as the client's file shows it. */
export const feedbackEntryOf = (f: Row): FeedbackEntry => ({
  id: f.id,
  kind: f.kind,
  rating: f.rating,
  problem: f.problem,
  comment: f.comment,
  purchaseId: f.purchaseId,
  ticketNumber: f.ticket?.number ?? null,
  createdAt: f.createdAt,
});

/** What the file's query includes: the last few, newest first. */
export const recentFeedbackInclude = {
  orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
  take: 5,
  include: { ticket: { select: { number: true } } },
};

/** The client's last ratings, refusals, returns and complaints, newest first. */
export async function recentFeedback(db: Db, clientId: number): Promise<FeedbackEntry[]> {
  return (await db.feedback.findMany({ where: { clientId }, ...recentFeedbackInclude })).map(feedbackEntryOf);
}
