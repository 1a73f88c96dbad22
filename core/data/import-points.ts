// Imported history earns points "as if logged on its date": each purchase gets
// the cashback of the tier the client's earlier spending had reached by then,
// and a lot that lives pointsLifetimeMonths from that day (already expired for
// old purchases). This is the rule alone, fed one client's purchases in date
// order; import-purchases.ts reads and writes the rows around it.
import { addMonths } from "../clock.ts";
import { sqlTime } from "../db/client.ts";
import { computeQuote } from "../loyalty/purchases.ts";
import { tierFor, type TierRow } from "../loyalty/tiers.ts";

export interface ReplayRules {
  tiers: TierRow[];
  /** null or 0: tiers count lifetime spending. */
  tierPeriodMonths: number | null;
  pointsLifetimeMonths: number;
  now: Date;
}

export interface Earned {
  cashback: number;
  /** Prisma's text for the lot's expiry, and whether that moment has passed. */
  expiresAt: string;
  expired: boolean;
}

/**
 * One client at a time: `counted` for each purchase already there, `earn` for
 * each new one, both in (createdAt, then existing first) order. Spending in
 * the window is kept as a queue, so a client's history costs one pass.
 */
export function createReplay(rules: ReplayRules) {
  const period = rules.tierPeriodMonths || null;
  // Imported history is not discounted: the tier is applied to the cashback only.
  const plain = rules.tiers.map((t) => ({ ...t, discountBp: 0 }));
  const nowMs = rules.now.getTime();
  // Purchases fall on a few thousand distinct days at noon: the date arithmetic is done once per instant.
  const instants = new Map<string, { ms: number; windowFrom: number; expiresAt: string; expired: boolean }>();
  const instant = (at: string) => {
    let i = instants.get(at);
    if (!i) {
      const d = new Date(at);
      const expires = addMonths(d, rules.pointsLifetimeMonths);
      i = { ms: d.getTime(), windowFrom: period ? addMonths(d, -period).getTime() : -Infinity, expiresAt: sqlTime(expires), expired: expires.getTime() <= nowMs };
      if (instants.size > 100_000) instants.clear(); // bot-logged purchases each have their own instant
      instants.set(at, i);
    }
    return i;
  };

  let times: number[] = [];
  let amounts: number[] = [];
  let head = 0;
  let total = 0;

  const add = (ms: number, counted: number) => {
    times.push(ms);
    amounts.push(counted);
    total += counted;
  };

  return {
    /** A new client's history starts. */
    start() {
      times = [];
      amounts = [];
      head = 0;
      total = 0;
    },
    /** A purchase already in the database (or just imported): it counts for later ones. */
    counted(at: string, counted: number) {
      add(new Date(at).getTime(), counted);
    },
    /** A new purchase: its tier and cashback from the spending before it, then it counts too. */
    earn(at: string, paid: number): Earned {
      const i = instant(at);
      while (head < times.length && times[head]! < i.windowFrom) total -= amounts[head++]!;
      const tier = tierFor(plain, total).current ?? plain[0] ?? null;
      const cashback = computeQuote(paid, tier, 0, 0, 0).cashback;
      add(i.ms, paid);
      return { cashback, expiresAt: i.expiresAt, expired: i.expired };
    },
  };
}
