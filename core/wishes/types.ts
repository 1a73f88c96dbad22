// What a wish is made of, shared by core and the bot (which words it).

/** Kinds of jewelry offered as buttons; anything else is kept as the person typed it. */
export const JEWELRY_KINDS = ["ring", "earrings", "pendant", "necklace", "bracelet", "brooch"] as const;
export type JewelryKind = (typeof JEWELRY_KINDS)[number];
export const isJewelryKind = (s: string | null): s is JewelryKind => (JEWELRY_KINDS as readonly (string | null)[]).includes(s);

/** Why a wish closes without arriving. */
export const CLOSE_REASONS = ["found_elsewhere", "not_wanted"] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** A wish as typed, every part optional until the whole is checked. */
export interface WishInput {
  stone?: string | null;
  jewelryKind?: string | null;
  /** Minor units. */
  budget?: number | null;
  size?: string | null;
  text?: string | null;
}

export interface WishDetails {
  stone: string | null;
  jewelryKind: string | null;
  budget: number | null;
  size: string | null;
  text: string | null;
}

export interface Wish extends WishDetails {
  id: number;
  clientId: number;
  /** "open" | "found" | "closed" */
  status: string;
  closedReason: string | null;
  createdAt: Date;
  notifiedAt: Date | null;
  byStaff: boolean;
}

/** Who the wish is for: enough to word a notice and to call. */
export interface WishClient {
  id: number;
  telegramId: number | null;
  phone: string | null;
  language: string;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  gender: string | null;
}

export type WishWithClient = Wish & { client: WishClient };
