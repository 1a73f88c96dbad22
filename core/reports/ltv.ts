// Lifetime value, LTV = S × C × P × T, over clients with at least one counted
// purchase before the period's end (all their history up to it):
//   S — average check: their total revenue / their total purchases;
//   C — purchases per month: the average over clients of purchases_i / months_i;
//   P — the shop's margin, LoyaltySettings.marginBp / 10 000;
//   T — months active: the average of months_i, where months_i is the time
//       from a client's first to last purchase in average months (30.4375
//       days), at least 1 (a one-time buyer was active for one month, not zero).
// The value is rounded to minor units; S is reported rounded too, C and T as
// they are. Null when nobody has bought yet.
import type { History } from "./history.ts";
import type { Report } from "./types.ts";

/** Days in an average month: 365.25 / 12. */
export { DAYS_PER_MONTH } from "./sql.ts";

export function ltvOf(h: History, marginBp: number): Report["ltv"] {
  const margin = marginBp / 10_000;
  if (h.clients === 0 || h.lifetimePurchases === 0) return { value: null, averageCheck: null, purchasesPerMonth: null, margin, monthsActive: null };
  const averageCheck = h.lifetimeRevenue / h.lifetimePurchases;
  const purchasesPerMonth = h.sumPerMonth / h.clients;
  const monthsActive = h.sumMonths / h.clients;
  return {
    value: Math.round(averageCheck * purchasesPerMonth * margin * monthsActive),
    averageCheck: Math.round(averageCheck),
    purchasesPerMonth,
    margin,
    monthsActive,
  };
}
