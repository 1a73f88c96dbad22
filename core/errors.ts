// Domain failures carry a stable code and, where a person needs a figure to
// act on ("no more than 92 500 ₽"), typed parameters. Figures are Quantities
// with their unit, so the bot formats them the way every other amount is
// formatted: core never knows a person's language, and no message can show
// kopecks or a raw placeholder.
/** Every code, so a test can render each one's message in every language. */
export const DOMAIN_ERROR_CODES = [
  "phone_invalid",
  "phone_taken",
  "name_invalid",
  "birthday_invalid",
  "birthday_future",
  "card_number_invalid",
  "card_check_digit",
  "client_not_found",
  "consent_required",
  "invite_invalid",
  "invite_expired",
  "invite_used",
  "already_staff",
  "is_owner",
  "staff_not_found",
  "note_invalid",
  "amount_invalid",
  "amount_too_long",
  "amount_too_large",
  "redeem_invalid",
  "redeem_too_much",
  "item_invalid",
  "purchase_not_found",
  "purchase_refunded",
  "refund_invalid",
  "refund_too_large",
  "reason_required",
  "points_invalid",
  "points_insufficient",
  "setting_invalid",
  "tier_invalid",
  "greeting_invalid",
  "follow_up_date_invalid",
  "follow_up_handled",
  "onboarding_required",
  "choice_invalid",
  "ring_size_invalid",
  "preference_invalid",
  "family_date_invalid",
  "family_label_invalid",
  "family_date_not_found",
  "family_dates_limit",
  "event_title_invalid",
  "event_text_invalid",
  "event_place_invalid",
  "event_capacity_invalid",
  "event_date_invalid",
  "event_date_past",
  "event_invitees_empty",
  "event_not_found",
  "event_closed",
  "event_not_invited",
  "event_plus_one_not_allowed",
  "attendance_not_going",
  "ticket_kind_invalid",
  "ticket_description_invalid",
  "ticket_photos_required",
  "ticket_photos_too_many",
  "ticket_not_found",
  "ticket_stage_same",
  "ticket_stage_backwards",
  "ticket_closed",
  "ticket_changed",
  "ticket_note_invalid",
  "ticket_estimate_past",
  "ticket_reopen_owner_only",
  "ticket_not_reopenable",
  "cleaning_date_invalid",
  "cleaning_date_past",
  "cleaning_day_exists",
  "cleaning_slots_invalid",
  "cleaning_capacity_invalid",
  "cleaning_note_invalid",
  "cleaning_day_not_found",
  "cleaning_day_closed",
  "cleaning_slot_not_found",
  "cleaning_slot_full",
  "cleaning_already_booked",
  "cleaning_not_booked",
  "cleaning_mark_early",
  "viewing_not_allowed",
  "viewing_text_invalid",
  "viewing_open_exists",
  "viewing_not_found",
  "viewing_handled",
  "viewing_time_invalid",
  "viewing_time_past",
  "segment_word_invalid",
  "tags_invalid",
  "broadcast_text_invalid",
  "broadcast_text_too_long",
  "broadcast_needs_ru",
  "broadcast_needs_zh",
  "broadcast_no_recipients",
  "broadcast_already_sent",
  "broadcast_time_invalid",
  "broadcast_time_past",
  "wish_empty",
  "wish_field_invalid",
  "wish_not_found",
  "wish_closed",
  "feedback_not_found",
  "rating_invalid",
  "feedback_comment_invalid",
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A figure with its unit: money in minor units, percents in basis points. */
export type Quantity =
  | { unit: "money"; minor: number }
  | { unit: "points"; value: number }
  | { unit: "percent"; bp: number }
  | { unit: "months"; value: number }
  | { unit: "days"; value: number }
  | { unit: "number"; value: number };

export const money = (minor: number): Quantity => ({ unit: "money", minor });
export const points = (value: number): Quantity => ({ unit: "points", value });
export const percent = (bp: number): Quantity => ({ unit: "percent", bp });
export const months = (value: number): Quantity => ({ unit: "months", value });
export const days = (value: number): Quantity => ({ unit: "days", value });
export const count = (value: number): Quantity => ({ unit: "number", value });

/** The codes that carry figures, and which; every other code carries none. */
export interface DomainErrorParams {
  amount_too_large: { max: Quantity };
  redeem_too_much: { max: Quantity };
  refund_too_large: { max: Quantity };
  points_insufficient: { balance: Quantity };
  setting_invalid: { min: Quantity; max: Quantity };
  preference_invalid: { max: Quantity };
  family_label_invalid: { max: Quantity };
  family_dates_limit: { max: Quantity };
  event_title_invalid: { max: Quantity };
  event_text_invalid: { max: Quantity };
  event_place_invalid: { max: Quantity };
  event_capacity_invalid: { max: Quantity };
  ticket_description_invalid: { max: Quantity };
  ticket_photos_too_many: { max: Quantity };
  ticket_note_invalid: { max: Quantity };
  cleaning_slots_invalid: { max: Quantity };
  cleaning_capacity_invalid: { max: Quantity };
  cleaning_note_invalid: { max: Quantity };
  viewing_text_invalid: { max: Quantity };
  broadcast_text_too_long: { max: Quantity };
  broadcast_needs_ru: { count: Quantity };
  broadcast_needs_zh: { count: Quantity };
  wish_field_invalid: { max: Quantity };
  feedback_comment_invalid: { max: Quantity };
}

export type ParamsOf<C extends DomainErrorCode> = C extends keyof DomainErrorParams ? DomainErrorParams[C] : Record<string, never>;
type ParamsArg<C extends DomainErrorCode> = C extends keyof DomainErrorParams ? [params: DomainErrorParams[C]] : [];

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  readonly params: ParamsOf<C>;

  constructor(
    readonly code: C,
    ...params: ParamsArg<C>
  ) {
    super(code);
    this.name = "DomainError";
    this.params = (params[0] ?? {}) as ParamsOf<C>;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
