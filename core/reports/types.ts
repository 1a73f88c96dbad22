// What the owner's report is made of: plain numbers the bot turns into text and
// charts. Money is integer minor units; shares are fractions 0..1; a figure
// that cannot be computed for the period (nothing to divide by) is null.

/** A half-open span of instants [from, to), usually whole shop-time days. */
export interface Period {
  from: Date;
  to: Date;
}

export const LADDER_STAGES = ["buyer", "repeat", "regular", "adherent", "advocate"] as const;
export type LadderStage = (typeof LADDER_STAGES)[number];

/** The thresholds of the ladder, from LoyaltySettings (owners change them in /settings). */
export interface LadderRules {
  regularPurchases: number;
  adherentPurchases: number;
  activeMonths: number;
}

export const ABC_CLASSES = ["A", "B", "C"] as const;
export const XYZ_CLASSES = ["X", "Y", "Z"] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];
export type XyzClass = (typeof XYZ_CLASSES)[number];

export interface MonthRevenue {
  /** "2026-11" in the shop's time zone. */
  month: string;
  revenue: number;
  purchases: number;
  /** The month lies inside the report's period (the rest is context for the chart). */
  inPeriod: boolean;
}

export interface ParetoSplit {
  /** How many clients make the top 20% (rounded up), out of how many bought in the period. */
  topClients: number;
  clients: number;
  /** Their share of the period's revenue. */
  revenueShare: number | null;
}

export interface AbcXyzCell {
  abc: AbcClass;
  xyz: XyzClass;
  clients: number;
  revenue: number;
}

export interface StaffFollowUps {
  telegramId: number | null;
  name: string | null;
  done: number;
  /** Outcomes logged: reached, no_answer, call_later, not_interested. */
  reached: number;
  noAnswer: number;
  callLater: number;
  notInterested: number;
}

export interface BroadcastReach {
  broadcasts: number;
  planned: number;
  delivered: number;
  blocked: number;
  failed: number;
  skipped: number;
  /** Distinct clients who received at least one broadcast, over clients reachable in Telegram. */
  reachedClients: number;
  reachableClients: number;
}

export interface Report {
  period: Period;
  /** Nothing was bought in the period: the bot says so instead of drawing charts. */
  empty: boolean;
  revenue: number;
  purchases: number;
  /** Revenue / purchases, rounded to the minor unit. */
  averageCheck: number | null;
  /** Clients who bought in the period. */
  buyers: number;
  newClients: { clients: number; revenue: number };
  returningClients: { clients: number; revenue: number };
  /** Of the period's buyers, the share with two or more purchases up to the period's end. */
  repeatRate: number | null;
  /** CRR = (E − N) / S × 100, a percentage; null when S = 0. */
  retention: { start: number; end: number; acquired: number; crr: number | null };
  /** LTV = S × C × P × T, minor units, with its factors. */
  ltv: { value: number | null; averageCheck: number | null; purchasesPerMonth: number | null; margin: number; monthsActive: number | null };
  /** Clients by stage as of the period's end; each client counted once, at the highest stage reached. */
  ladder: Record<LadderStage, number>;
  byTotal: ParetoSplit;
  byAverageCheck: ParetoSplit;
  /** The Pareto curve: cumulative share of revenue against share of clients ranked by revenue, 0..1 in both. */
  pareto: { clientShare: number; revenueShare: number }[];
  abcXyz: AbcXyzCell[];
  revenueByMonth: MonthRevenue[];
  followUps: StaffFollowUps[];
  reach: BroadcastReach;
}
