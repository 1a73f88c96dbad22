// The shapes the events domain speaks in. The domain has no words: a notice
// to a client is built by the bot through an `EventNotify` callback.
import type { Recipient } from "../clients/recipient.ts";
import type { Event } from "../generated/prisma/client.ts";
import type { OutboxMessage } from "../outbox/outbox.ts";

export type { Event };
export type Audience = "all" | "list";
/** What a client may answer to an invitation. */
export type RsvpChoice = "going" | "plus_one" | "declined";
export type RsvpStatus = "invited" | "going" | "waiting" | "declined";

export interface EventInput {
  titleRu: string;
  titleZh: string;
  textRu: string;
  textZh: string;
  startsAt: Date;
  place: string;
  /** Seats including +1 guests; null = no limit. */
  capacity: number | null;
  /** The lowest tier invited (audience "all"); null = everyone. */
  minTierId: number | null;
  audience: Audience;
  /** Audience "list": phones or card numbers as the owner typed them. */
  invitees?: string[];
  plusOneAllowed: boolean;
}

/** A client's place at an event: `position` is their place on the waiting list (1 = next). */
export interface Answer {
  status: RsvpStatus;
  guests: number;
  position: number | null;
}

export interface AnswerResult extends Answer {
  /** False when the tap repeated the answer already recorded. */
  changed: boolean;
  /** Asked for +1 while going alone and no seat was left for the guest: still going alone. */
  guestRefused: boolean;
}

/** Whom a notice goes to: enough for the bot to greet them in their language. */
export interface EventRecipient extends Recipient {
  guests: number;
}

/** Builds the words of a notice (moved up from the waiting list, tomorrow's reminder); null = send nothing. */
export type EventNotify = (event: Event, recipient: EventRecipient) => OutboxMessage | null;

/** An event being composed (the owner's flow keeps it in the session until confirm): the start as an ISO string. */
export type EventDraft = Partial<Omit<EventInput, "startsAt">> & { startsAt?: string };
