// The words of /purchase for the seller: an item line, the summary to check
// before confirming, and the result.
import type { PurchaseItemInput, PurchaseLogged, Quote } from "../../core/loyalty/purchases.ts";
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

export function purchaseDoneText(ctx: Context, r: PurchaseLogged): string {
  const { t, fmt } = ctx;
  const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
  const lines = [t("purchase.done", { id: r.purchase.id, amount: fmt.money(r.quote.paid) }), t("purchase.done_points", { points: points(r.quote.cashback), balance: points(r.balance) })];
  if (r.tierAfter && r.tierBefore?.id !== r.tierAfter.id) lines.push(t("purchase.done_tier", { tier: tierName(r.tierAfter, ctx.lang) }));
  if (r.referral) lines.push(t("purchase.done_referral"));
  if (r.client.telegramId === null) lines.push(t("purchase.done_no_telegram"));
  return lines.join("\n");
}
