// Messages to clients caused by a seller's action (a purchase, a return),
// written in the client's own language, whoever the seller is.
import type { PurchaseLogged } from "../../core/loyalty/purchases.ts";
import type { RefundDone } from "../../core/loyalty/refunds.ts";
import type { Client } from "../../core/db/client.ts";
import type { Notice } from "../../core/outbox/outbox.ts";
import type { BotConfig } from "../context.ts";
import { formatter, isLanguage, translator, type Language } from "../i18n.ts";
import { addressOf, tierName } from "./people.ts";

function voice(language: string, config: BotConfig) {
  const lang: Language = isLanguage(language) ? language : "ru";
  const t = translator(lang);
  const fmt = formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE);
  const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
  return { lang, t, fmt, points };
}

const movedUp = (before: { threshold: number } | null, after: { threshold: number } | null) =>
  !!after && (!before || after.threshold > before.threshold);

export function purchaseNotices(r: PurchaseLogged, config: BotConfig): Notice[] {
  const notices: Notice[] = [];
  if (r.client.telegramId !== null) {
    const { lang, t, points } = voice(r.client.language, config);
    const lines = [t("notice.thanks", { name: addressOf(r.client, lang), shop: config.SHOP_NAME })];
    if (r.quote.cashback > 0) lines.push(t("notice.credited", { points: points(r.quote.cashback) }));
    if (r.quote.redeem > 0) lines.push(t("notice.redeemed", { points: points(r.quote.redeem) }));
    if (r.referral) lines.push(t("notice.friend_bonus", { points: points(r.referral.friendBonus) }));
    lines.push(t("notice.balance", { points: points(r.balance) }));
    if (movedUp(r.tierBefore, r.tierAfter)) {
      const fmt = formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE);
      lines.push(t("notice.tier_up", { tier: tierName(r.tierAfter, lang), discount: fmt.percent(r.tierAfter!.discountBp) }));
    }
    notices.push({
      chatId: Number(r.client.telegramId),
      clientId: r.client.id,
      kind: "purchase_thanks",
      message: { text: lines.join("\n") },
      dedupeKey: `purchase:${r.purchase.id}:thanks`,
    });
  }
  const inviter = r.referral?.inviter;
  if (inviter?.telegramId != null) {
    const { lang, t, points } = voice(inviter.language, config);
    notices.push({
      chatId: inviter.telegramId,
      clientId: inviter.id,
      kind: "referral_bonus",
      message: { text: t("notice.referral_bonus", { friend: addressOf(r.client, lang), points: points(r.referral!.inviterBonus) }) },
      dedupeKey: `purchase:${r.purchase.id}:referral`,
    });
  }
  return notices;
}

export function refundNotices(r: RefundDone, config: BotConfig): Notice[] {
  if (r.client.telegramId === null) return [];
  const { lang, t, fmt, points } = voice(r.client.language, config);
  const lines = [t("notice.refund", { amount: fmt.money(r.refund.amount), id: r.purchase.id })];
  if (r.refund.pointsReturned > 0) lines.push(t("notice.points_returned", { points: points(r.refund.pointsReturned) }));
  if (r.refund.cashbackReversed > 0) lines.push(t("notice.cashback_reversed", { points: points(r.refund.cashbackReversed) }));
  lines.push(t("notice.balance", { points: points(r.balance) }));
  if (r.tierAfter && r.tierBefore && r.tierAfter.id !== r.tierBefore.id) {
    lines.push(t("notice.tier_now", { tier: tierName(r.tierAfter, lang), discount: fmt.percent(r.tierAfter.discountBp) }));
  }
  return [
    {
      chatId: Number(r.client.telegramId),
      clientId: r.client.id,
      kind: "refund",
      message: { text: lines.join("\n") },
      dedupeKey: `refund:${r.refund.id}`,
    },
  ];
}

export function birthdayNotice(client: Client, points: number, year: number, config: BotConfig): Notice | null {
  if (client.telegramId === null) return null;
  const v = voice(client.language, config);
  return {
    chatId: Number(client.telegramId),
    clientId: client.id,
    kind: "birthday",
    message: { text: v.t("notice.birthday", { name: addressOf(client, v.lang), shop: config.SHOP_NAME, points: v.points(points) }) },
    dedupeKey: `birthday:${client.id}:${year}`,
  };
}
