// The shapes the cleaning-days domain speaks in. The domain has no words: the
// invitation and the reminder are built by the bot through callbacks, in the
// reader's language.
import type { Recipient } from "../clients/recipient.ts";
import type { CivilDate } from "../calendar.ts";
import type { CleaningDay } from "../generated/prisma/client.ts";
import type { OutboxMessage } from "../outbox/outbox.ts";

export type { CleaningDay };

/** The languages a client may read; anything else reads Russian (as every notice does). */
export const READER_LANGUAGES = ["ru", "zh"] as const;
export type ReaderLanguage = (typeof READER_LANGUAGES)[number];

export type BookingStatus = "booked" | "cancelled" | "came" | "missed";
/** What staff may set a booking to: "booked" takes a mark back. */
export type Mark = "came" | "missed" | "booked";

export interface CleaningDayInput {
  date: CivilDate;
  /** Each slot's start, in minutes after the shop's midnight, ascending. */
  slots: number[];
  /** Clients per slot. */
  capacity: number;
  note: string | null;
}

export interface SlotInfo {
  id: number;
  startsAt: Date;
  capacity: number;
  /** Places taken (booked or came). */
  taken: number;
  free: number;
}

export interface DayInfo {
  day: CleaningDay;
  slots: SlotInfo[];
}

export interface ClientBooking {
  id: number;
  dayId: number;
  slotId: number;
  startsAt: Date;
  status: BookingStatus;
}

export interface BookResult {
  booking: ClientBooking;
  /** False when the tap repeated what is already recorded (a double tap). */
  changed: boolean;
}

/** One line of the staff's list: who is booked when, and whether they came. */
export interface DayListEntry {
  bookingId: number;
  clientId: number;
  slotId: number;
  startsAt: Date;
  status: BookingStatus;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  phone: string | null;
}

/** Whom a reminder goes to: enough to greet them in their language. */
export interface CleaningRecipient extends Recipient {
  /** Their slot. */
  startsAt: Date;
}

/** The invitation for the readers of one language, with the day's slot starts (one text for all of them: one INSERT … SELECT each). */
export type CleaningInvite = (day: CleaningDay, slots: Date[], language: ReaderLanguage) => OutboxMessage;
/** The day-before reminder to one client; null = send nothing. */
export type CleaningNotify = (day: CleaningDay, to: CleaningRecipient) => OutboxMessage | null;
