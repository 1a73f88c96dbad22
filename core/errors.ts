// Domain failures carry a stable code; the bot maps each code to a translation
// key, so core never needs to know a person's language.
export type DomainErrorCode =
  | "phone_invalid"
  | "phone_taken"
  | "name_invalid"
  | "birthday_invalid"
  | "birthday_future"
  | "card_number_invalid"
  | "card_check_digit"
  | "client_not_found"
  | "consent_required"
  | "invite_invalid"
  | "invite_expired"
  | "invite_used"
  | "already_staff"
  | "is_owner"
  | "staff_not_found"
  | "note_invalid"
  | "amount_invalid"
  | "amount_too_large"
  | "redeem_invalid"
  | "redeem_too_much"
  | "item_invalid"
  | "purchase_not_found"
  | "purchase_refunded"
  | "refund_invalid"
  | "refund_too_large"
  | "reason_required"
  | "points_invalid"
  | "setting_invalid"
  | "tier_invalid";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
