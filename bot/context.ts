// The one Context type of the bot: grammY's context plus the session (UI state
// only), the domain services, a per-update logger, the caller's role and a
// translator fixed to their language.
import type { Context as BaseContext, SessionFlavor } from "grammy";
import type { Logger } from "pino";
import type { Role } from "../core/audit/audit.ts";
import type { Segment } from "../core/broadcasts/segments.ts";
import type { Topic } from "../core/broadcasts/topics.ts";
import type { FamilyDateKind } from "../core/clients/client-file.ts";
import type { Config } from "../core/config/config.ts";
import type { EventDraft } from "../core/events/types.ts";
import type { FeedbackProblem, RecordKind } from "../core/feedback/types.ts";
import type { Services } from "../core/services.ts";
import type { MoveStage, TicketKind } from "../core/tickets/types.ts";
import type { WishInput } from "../core/wishes/types.ts";
import type { Formatter, Language, Translate } from "./i18n.ts";

/** A multi-step staff action in progress: UI state only, the data is written on confirm. */
export type Flow =
  | {
      kind: "purchase";
      step: "client" | "amount" | "items" | "redeem" | "confirm";
      clientId?: number;
      /** A phone that matched nobody, offered for a new client at the counter. */
      newPhone?: string;
      amount?: number;
      items: { description: string; stone?: string | null; metal?: string | null; size?: string | null }[];
      redeem?: number;
      key?: string;
    }
  | { kind: "refund"; step: "purchase" | "amount" | "confirm"; purchaseId?: number; amount?: number; key?: string }
  | { kind: "note"; clientId: number }
  /** Tags typed for a client, comma-separated. */
  | { kind: "tags"; clientId: number }
  /** After a call: a note on the contact ("reached"), or the day to call again ("later"). */
  | { kind: "call"; clientId: number; step: "note" | "date"; contactId?: number }
  /** An owner creating an event: the answers so far; the event is written on confirm, once per key. */
  | {
      kind: "event";
      step: "title_ru" | "title_zh" | "text_ru" | "text_zh" | "when" | "place" | "capacity" | "audience" | "list" | "plus_one" | "confirm";
      draft: EventDraft;
      key?: string;
    }
  /** A profile answer being typed (a client's own, or a client's by staff); the answer is written at once. */
  /** An owner composing a broadcast: the answers so far; the draft row is written at the preview. */
  | {
      kind: "broadcast";
      step: "topic" | "segment" | "tiers" | "word" | "photo" | "text_ru" | "text_zh" | "preview" | "schedule";
      topic?: Topic;
      segment?: Segment;
      /** Which segment the typed word is for. */
      word?: "preference" | "tag";
      tiers?: string[];
      photo?: string | null;
      textRu?: string;
      textZh?: string;
      eventId?: number;
      draftId?: number;
    }
  /** "I am looking for…": a client's own (/wish) or staff's from a client's file; written on confirm. */
  | { kind: "wish"; step: "stone" | "kind" | "budget" | "size" | "text" | "confirm"; clientId: number; byStaff: boolean; draft: WishInput; key?: string }
  /** A client's comment after a low rating; the owners are alerted when it comes (or is skipped). */
  | { kind: "feedback"; feedbackId: number }
  /** Staff recording a refusal, a return or a complaint from a client's file; written at the comment, once per key. */
  | { kind: "feedback_record"; clientId: number; step: "kind" | "problem" | "comment"; record?: RecordKind; problem?: FeedbackProblem; key: string }
  /** An owner announcing a cleaning day: the answers so far (the date as "2026-12-12", slots in minutes after midnight); written on confirm, once per key. */
  | { kind: "cleaning"; step: "date" | "slots" | "capacity" | "note" | "confirm"; date?: string; slots?: number[]; capacity?: number; note?: string | null; key?: string }
  /** A client asking for a private viewing: their words so far; the request is written on confirm, once per key. */
  | { kind: "viewing"; step: "when" | "wants" | "confirm"; preferred?: string; wants?: string; key?: string }
  /** Staff typing the time of a viewing: to confirm it, or to propose it to the client. */
  | { kind: "viewing_time"; viewingId: number; mode: "confirm" | "propose" }
  /** A client's service request: the kind, the item in their words, photos (references); written on "done", once per key. */
  | { kind: "ticket"; step: "kind" | "description" | "photos"; ticketKind?: TicketKind; description?: string; photos: string[]; key: string }
  /** Staff moving a ticket on: what they added so far (the estimate as an ISO instant); written on the move button, once per key. */
  | { kind: "ticket_move"; ticketId: number; number: string; to: MoveStage; note?: string | null; estimate?: string | null; photos: string[]; key: string }
  /** Staff typing why a ticket is cancelled (the client reads it). */
  | { kind: "ticket_cancel"; ticketId: number; number: string }
  /** An owner typing the first and last day of a report ("01.09.2026-30.11.2026"). */
  | { kind: "report_dates" }
  | { kind: "profile"; clientId: number; field: "name" | "birthday" | "stones" | "metals" | "ring" | "notes" | "date"; dateKind?: FamilyDateKind };

export interface SessionData {
  /** The staff action in progress, if any; /cancel clears it. */
  flow?: Flow;
  /** The language this person chose (or Telegram's, until they choose). */
  language?: Language;
  /** A referral code from `/start ref_<code>`, kept until consent creates the client. */
  referral?: string;
}

export type BotConfig = Pick<
  Config,
  "OWNER_IDS" | "SHOP_NAME" | "SHOP_CURRENCY" | "SHOP_TIMEZONE" | "STAFF_INVITE_HOURS"
>;

interface Extra {
  services: Services;
  config: BotConfig;
  logger: Logger;
  role: Role;
  lang: Language;
  t: Translate;
  fmt: Formatter;
  /** Telegram file_ids of photos this bot already uploaded (e.g. a card's QR), by key. */
  uploadedPhotos: Map<string, string>;
}

export type Context = BaseContext & SessionFlavor<SessionData> & Extra;
