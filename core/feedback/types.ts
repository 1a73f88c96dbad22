// Feedback's vocabulary, shared by core and the bot (which words it).
import type { Recipient } from "../clients/recipient.ts";

/** What went wrong, for a low rating and for what staff record. */
export const FEEDBACK_PROBLEMS = ["product", "staff", "moment_of_sale", "price", "other"] as const;
export type FeedbackProblem = (typeof FEEDBACK_PROBLEMS)[number];

/** What staff record from a client's file. */
export const RECORD_KINDS = ["refusal", "return", "complaint"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What a client is asked to rate. */
export const FEEDBACK_TARGETS = ["purchase", "ticket"] as const;
export type FeedbackTarget = (typeof FEEDBACK_TARGETS)[number];

/** A rating this low asks what went wrong and alerts the owners. */
export const LOW_RATING = 3;
export const MAX_COMMENT = 1000;

/** The bot's question after a purchase or a handed-over ticket, built for the client it goes to. */
export interface FeedbackAsk extends Recipient {
  target: FeedbackTarget;
  /** The purchase's or the ticket's id (what the rating buttons carry). */
  id: number;
  /** When it was bought or handed over. */
  at: Date;
  /** The items bought, or the ticket's number. */
  label: string | null;
}

/** A low rating as the owners read it. */
export interface LowRatingAlert {
  feedbackId: number;
  rating: number;
  problem: string | null;
  comment: string | null;
  target: FeedbackTarget;
  /** The purchase's id, or the ticket's number. */
  reference: string;
  client: { id: number; givenName: string | null; patronymic: string | null; familyName: string | null; phone: string | null };
}

/** A rating, refusal, return or complaint as the client's file shows it. */
export interface FeedbackEntry {
  id: number;
  /** "rating" | "refusal" | "return" | "complaint" */
  kind: string;
  rating: number | null;
  problem: string | null;
  comment: string | null;
  purchaseId: number | null;
  ticketNumber: string | null;
  createdAt: Date;
}
