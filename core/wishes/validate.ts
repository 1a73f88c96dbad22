// Checks a wish as people type it: each part on its own (so a flow can refuse
// a step at once) and the whole (it must say what is wanted).
import { DomainError, count } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import type { WishDetails, WishInput } from "./types.ts";

/** The longest each typed part may be. */
export const WISH_LIMITS = { stone: 40, jewelryKind: 40, size: 20, text: 500 } as const;
export type WishTextField = keyof typeof WISH_LIMITS;

/** A typed part, cleaned; null when empty; refused when too long. */
export function wishField(field: WishTextField, input: string | null | undefined): string | null {
  const text = meaningfulText(input);
  if (text === null) return null;
  if (text.length > WISH_LIMITS[field]) throw new DomainError("wish_field_invalid", { max: count(WISH_LIMITS[field]) });
  return text;
}

/** The whole wish: a stone, a kind of jewelry or a few words at least; a budget is a positive amount. */
export function validateWish(input: WishInput): WishDetails {
  const wish: WishDetails = {
    stone: wishField("stone", input.stone),
    jewelryKind: wishField("jewelryKind", input.jewelryKind),
    budget: input.budget ?? null,
    size: wishField("size", input.size),
    text: wishField("text", input.text),
  };
  if (wish.budget !== null && (!Number.isSafeInteger(wish.budget) || wish.budget <= 0)) throw new DomainError("amount_invalid");
  if (!wish.stone && !wish.jewelryKind && !wish.text) throw new DomainError("wish_empty");
  return wish;
}
