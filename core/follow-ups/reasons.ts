// Why a client is on the call list. Stored as text on FollowUp rows; the bot
// has a line of words for each.
export const REASONS = [
  "after_purchase",
  "month_after_purchase",
  "birthday",
  "family_date",
  "points_expiring",
  "tier_drop",
  "quiet",
  "best_client",
  "holiday",
] as const;
export type Reason = (typeof REASONS)[number];
export const isReason = (s: string): s is Reason => (REASONS as readonly string[]).includes(s);

export const OUTCOMES = ["reached", "no_answer", "call_later", "not_interested"] as const;
export type Outcome = (typeof OUTCOMES)[number];
