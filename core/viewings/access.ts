// Who may ask for a private viewing: a client whose tier reaches the one the
// owner set (LoyaltySettings.viewingTierId, by threshold; null = everyone).
// The client's words are checked like every other text people type.
import type { Db, Prisma } from "../db/client.ts";
import { count, DomainError } from "../errors.ts";
import { meaningfulText } from "../text.ts";

type Reader = Db | Prisma.TransactionClient;

export const TEXT_MAX = 500;

export function validateText(input: string): string {
  const text = meaningfulText(input) ?? "";
  if (text.length < 2 || text.length > TEXT_MAX) throw new DomainError("viewing_text_invalid", { max: count(TEXT_MAX) });
  return text;
}

/** The lowest tier that may ask, or null when everyone may. */
export async function viewingTier(db: Reader) {
  const settings = await db.loyaltySettings.findUnique({ where: { id: 1 }, select: { viewingTierId: true } });
  return settings?.viewingTierId ? db.tier.findUnique({ where: { id: settings.viewingTierId } }) : null;
}

/** Whether this client (joined, not forgotten) may ask for a viewing. */
export async function mayRequest(db: Reader, clientId: number): Promise<boolean> {
  const client = await db.client.findUnique({ where: { id: clientId }, select: { onboardedAt: true, forgottenAt: true, tier: { select: { threshold: true } } } });
  if (!client?.onboardedAt || client.forgottenAt) return false;
  const min = await viewingTier(db);
  // A client without a tier is on the lowest one.
  return !min || (client.tier?.threshold ?? 0) >= min.threshold;
}
