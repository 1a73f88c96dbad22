// The words of /purchase for the seller: an item line, the summary to check
// before confirming, and the result.
import type { PurchaseItemInput, PurchaseOutcome, Quote } from "../../core/loyalty/purchases.ts";
import type { Context } from "../context.ts";
import { tierName } from "../notices/people.ts";

export function formatItem(ctx: Context, item: PurchaseItemInput): string {
  const parts = [item.description, item.stone, item.metal];
  if (item.size) parts.push(ctx.t("purchase.size", { size: item.size }));
  return parts.filter(Boolean).join(", ");
}

export function purchaseSummary(ctx: Context, client: string, items: PurchaseItemInput[], q: Quote): string {
  const { t, fmt } = ctx;
  const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
  return [
    t("purchase.summary_title"),
    t("purchase.client", { client }),
    t("purchase.items"),
    ...items.map((i) => `• ${formatItem(ctx, i)}`),
    t("purchase.amount", { amount: fmt.money(q.amount) }),
    t("purchase.discount", { tier: tierName(q.tier, ctx.lang), percent: fmt.percent(q.tier?.discountBp ?? 0), amount: fmt.money(q.discount) }),
    ...(q.redeem > 0 ? [t("purchase.points_used", { points: points(q.redeem), amount: fmt.money(q.redeem * 100) })] : []),
    t("purchase.to_pay", { amount: fmt.money(q.paid) }),
    t("purchase.cashback", { points: points(q.cashback) }),
  ].join("\n");
}

/** Replaces the summary once the purchase is recorded; the same text for any later tap of its button. */
export function purchaseOutcomeText(ctx: Context, o: PurchaseOutcome): string {
  const { t, fmt } = ctx;
  const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
  const lines = [
    t("purchase.done", { id: o.purchase.id, amount: fmt.money(o.purchase.paid) }),
    t("purchase.done_points", { points: points(o.purchase.cashbackPoints), balance: points(o.balance) }),
  ];
  if (o.tier) lines.push(t("purchase.done_tier", { tier: tierName(o.tier, ctx.lang) }));
  if (o.referralPaid) lines.push(t("purchase.done_referral"));
  if (!o.hasTelegram) lines.push(t("purchase.done_no_telegram"));
  return lines.join("\n");
}
