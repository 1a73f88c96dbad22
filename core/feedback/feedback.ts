// Feedback, assembled for services.feedback: the morning's questions, the
// client's rating and what went wrong, the owners' alert, what staff record,
// and what the client's file shows.
import type { Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { askForFeedback, type AskNotify } from "./asks.ts";
import { createRatings } from "./ratings.ts";
import { recentFeedback, recordFeedback, type RecordInput } from "./records.ts";

export function createFeedback(db: Db, clock: Clock, outbox: Outbox, ownerIds: readonly number[], timeZone: string) {
  return {
    ...createRatings(db, clock, outbox, ownerIds),
    /** The morning job: today's questions into the outbox, each once. */
    ask: (notify: AskNotify) => askForFeedback(db, clock, outbox, timeZone, notify),
    record: (actor: Actor, clientId: number, input: RecordInput) => recordFeedback(db, clock, actor, clientId, input),
    recent: (clientId: number) => recentFeedback(db, clientId),
  };
}

export type Feedback = ReturnType<typeof createFeedback>;
