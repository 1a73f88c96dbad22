// The shapes the private-viewings domain speaks in. The domain has no words:
// every notice (to staff on duty, to the client, the reminders) is built by
// the bot through one `ViewingNotify` callback, in the reader's language.
import type { ClientContact } from "../clients/recipient.ts";
import type { Viewing } from "../generated/prisma/client.ts";
import type { OutboxMessage } from "../outbox/outbox.ts";

export type { Viewing };

/** "requested" → "proposed" (staff offered another time) → "confirmed"; or "declined" (the client refused the offer), "cancelled". */
export type ViewingStatus = "requested" | "proposed" | "confirmed" | "declined" | "cancelled" | "done";
/** Statuses a viewing is still alive in. */
export const OPEN_STATUSES = ["requested", "proposed", "confirmed"] as const;

export interface ViewingRequest {
  /** The client's words: preferred dates and times. */
  preferred: string;
  /** What they want to see. */
  wants: string;
}

/** A viewing with the client it is for: enough for staff to call and for the client's greeting. */
export type ViewingView = Viewing & {
  status: ViewingStatus;
  client: ClientContact;
};

/**
 * What happened, for whom: "request" goes to staff on duty and owners;
 * "confirmed" and "proposed" to the client; "accepted", "declined" and
 * "cancelled" to the staff member who handled it; "reminder" to both.
 */
export type ViewingNoticeKind = "request" | "confirmed" | "proposed" | "accepted" | "declined" | "cancelled" | "reminder";

export interface ViewingRecipient {
  chatId: number;
  /** The client's id; null for staff and owners. */
  clientId: number | null;
  /** The language they chose; null for an owner (the bot knows it from the chat). */
  language: string | null;
}

/** Builds the words of a notice; null = send nothing. */
export type ViewingNotify = (kind: ViewingNoticeKind, viewing: ViewingView, to: ViewingRecipient) => OutboxMessage | null;
