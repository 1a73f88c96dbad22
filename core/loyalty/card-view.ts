// What a client sees on /card: plain data; the bot words and formats it.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { pointsSummary, type ExpiringLot } from "./points.ts";
import { cachedProgram } from "./settings.ts";
import { tierFor, totalSpent } from "./tiers.ts";

export interface TierView {
  code: string;
  nameRu: string;
  nameZh: string;
  discountBp: number;
  cashbackBp: number;
  threshold: number;
}

export interface CardView {
  clientId: number;
  cardNumber: string;
  givenName: string;
  patronymic: string | null;
  tier: TierView | null;
  nextTier: TierView | null;
  /** Minor units still to spend to reach the next tier; null at the top. */
  toNextTier: number | null;
  totalSpent: number;
  balance: number;
  expiring: ExpiringLot[];
}

export async function getCardView(db: Db, clock: Clock, telegramId: number): Promise<CardView> {
  const client = await db.client.findUnique({ where: { telegramId: BigInt(telegramId) }, include: { card: true, tier: true } });
  if (!client?.onboardedAt || !client.card) throw new DomainError("client_not_found");
  const now = clock.now();
  const { settings, tiers } = await cachedProgram(db);
  const [spent, { balance, expiring }] = await Promise.all([
    totalSpent(db, client.id, now, settings.tierPeriodMonths),
    pointsSummary(db, client.id, now),
  ]);
  const { next } = tierFor(tiers, spent);
  return {
    clientId: client.id,
    cardNumber: client.card.number,
    givenName: client.givenName ?? "",
    patronymic: client.patronymic,
    tier: client.tier,
    nextTier: next,
    toNextTier: next ? next.threshold - spent : null,
    totalSpent: spent,
    balance,
    expiring,
  };
}
