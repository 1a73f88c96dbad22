// The shapes the service-tickets domain speaks in. The domain has no words:
// every notice (to staff on duty, to the client at each stage, the intake
// photos) is built by the bot through one `TicketNotify` callback, in the
// reader's language.
import type { ClientContact } from "../clients/recipient.ts";
import type { ServiceTicket } from "../generated/prisma/client.ts";
import type { OutboxMessage } from "../outbox/outbox.ts";

export const TICKET_KINDS = ["repair", "cleaning", "appraisal", "engraving", "resizing"] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/**
 * The way forward: a client's request is "new" until the item is in the shop;
 * staff accept it (photographing the item and its stones), work on it, call it
 * ready and hand it over. "cancelled" can end any open stage.
 */
export const STAGE_ORDER = ["new", "accepted", "in_work", "ready", "handed_over"] as const;
export type ForwardStage = (typeof STAGE_ORDER)[number];
export type TicketStageName = ForwardStage | "cancelled";
/** Stages a ticket is still open in (what /tickets lists for staff). */
export const OPEN_STAGES = ["new", "accepted", "in_work", "ready"] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];
export const isOpenStage = (s: string): s is OpenStage => (OPEN_STAGES as readonly string[]).includes(s);

/** A stage a move can lead to (nothing moves into "new"). */
export type MoveStage = Exclude<ForwardStage, "new">;

/** The stage after this one, or null when the ticket is closed. */
export function nextStage(stage: TicketStageName): MoveStage | null {
  const i = STAGE_ORDER.indexOf(stage as ForwardStage);
  return i < 0 || i === STAGE_ORDER.length - 1 ? null : (STAGE_ORDER[i + 1] as MoveStage);
}

export interface TicketRequest {
  kind: TicketKind;
  description: string;
  /** File references from `photoRef` (a photo, or an image sent as a file): at least one. */
  photos: string[];
}

/** What staff may add to a move; every part may be left out. */
export interface MoveDetails {
  note?: string | null;
  /** Photos as Telegram file_ids; at intake ("accepted") they are the item and its stones. */
  photos?: string[];
  estimateReadyAt?: Date | null;
}

export type TicketView = Omit<ServiceTicket, "kind" | "stage" | "createdByTelegramId"> & {
  kind: TicketKind;
  stage: TicketStageName;
  client: ClientContact;
  /** The client's photos with the request (references, see `photoRef`). */
  requestPhotos: string[];
  /** Staff's photos of the item and its stones at intake (Telegram photo file_ids). */
  intakePhotos: string[];
};

/**
 * What happened, for whom: "request" goes to staff on duty and owners; "stage"
 * (a move, a cancel), "reopened" and "photo" (an intake photo shown again, the
 * last one asking "is this yours?" at intake) to the client; "not_mine" to
 * staff on duty, owners and whoever accepted the item.
 */
export type TicketNotice =
  | { kind: "request" }
  | { kind: "stage"; stage: TicketStageName; note: string | null; estimateReadyAt: Date | null; photo: string | null }
  | { kind: "reopened" }
  | { kind: "photo"; photo: string; index: number; total: number; confirm: boolean }
  | { kind: "not_mine" };

export interface TicketRecipient {
  chatId: number;
  /** The client's id; null for staff and owners. */
  clientId: number | null;
  /** The language they chose; null for an owner (the bot knows it from the chat). */
  language: string | null;
}

/** Builds the words of a notice; null = send nothing. */
export type TicketNotify = (notice: TicketNotice, ticket: TicketView, to: TicketRecipient) => OutboxMessage | null;
