// The program a shop starts with, from common practice: the entry card gives
// 5% and VIP 20%. Thresholds are in minor units of the shop's currency.
import type { Currency } from "../config/config.ts";
import type { Db } from "../db/client.ts";

interface TierDefault {
  code: string;
  nameRu: string;
  nameZh: string;
  /** Thresholds in major units per currency. */
  threshold: Record<Currency, number>;
  discountBp: number;
  cashbackBp: number;
}

export const DEFAULT_TIERS: TierDefault[] = [
  { code: "classic", nameRu: "Классическая", nameZh: "经典卡", threshold: { RUB: 0, CNY: 0 }, discountBp: 500, cashbackBp: 300 },
  { code: "silver", nameRu: "Серебряная", nameZh: "银卡", threshold: { RUB: 100_000, CNY: 10_000 }, discountBp: 700, cashbackBp: 500 },
  { code: "gold", nameRu: "Золотая", nameZh: "金卡", threshold: { RUB: 300_000, CNY: 30_000 }, discountBp: 1000, cashbackBp: 700 },
  { code: "platinum", nameRu: "Платиновая", nameZh: "铂金卡", threshold: { RUB: 700_000, CNY: 70_000 }, discountBp: 1500, cashbackBp: 1000 },
  { code: "vip", nameRu: "VIP", nameZh: "VIP卡", threshold: { RUB: 1_500_000, CNY: 150_000 }, discountBp: 2000, cashbackBp: 1200 },
];

/** Creates the default tiers and settings on a new database; leaves an existing program alone. */
export async function ensureLoyaltyDefaults(db: Db, currency: Currency): Promise<void> {
  if ((await db.tier.count()) === 0) {
    await db.tier.createMany({
      data: DEFAULT_TIERS.map((t) => ({
        code: t.code,
        nameRu: t.nameRu,
        nameZh: t.nameZh,
        threshold: t.threshold[currency] * 100,
        discountBp: t.discountBp,
        cashbackBp: t.cashbackBp,
      })),
    });
  }
  await db.loyaltySettings.upsert({ where: { id: 1 }, create: { id: 1 }, update: {} });
}
