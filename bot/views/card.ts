// The loyalty card as a person sees it: a QR code photo with the tier, the
// balance, what expires soon and what is left to the next tier. Sent by /card
// and at the end of onboarding.
import { InputFile } from "grammy";
import QRCode from "qrcode";
import { isDomainError } from "../../core/errors.ts";
import { formatCardNumber } from "../../core/loyalty/card-number.ts";
import type { CardView } from "../../core/loyalty/card-view.ts";
import type { Context } from "../context.ts";
import { tierName as nameOfTier } from "../notices/people.ts";

const MAX_EXPIRING_LINES = 5;

export function cardCaption(ctx: Context, view: CardView): string {
  const { t, fmt } = ctx;
  const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
  const tierName = (tier: { nameRu: string; nameZh: string }) => nameOfTier(tier, ctx.lang);
  const lines = [
    t("card.title", { shop: ctx.config.SHOP_NAME, number: formatCardNumber(view.cardNumber) }),
    t("card.holder", { name: [view.givenName, view.patronymic].filter(Boolean).join(" ") }),
  ];
  if (view.tier) {
    lines.push(
      t("card.tier", {
        tier: tierName(view.tier),
        discount: fmt.percent(view.tier.discountBp),
        cashback: fmt.percent(view.tier.cashbackBp),
      }),
    );
  }
  lines.push(t("card.balance", { points: points(view.balance) }));
  if (view.expiring.length > 0) {
    lines.push(t("card.expiring_title"));
    for (const lot of view.expiring.slice(0, MAX_EXPIRING_LINES)) {
      lines.push(t("card.expiring_line", { points: points(lot.amount), date: fmt.date(lot.expiresAt) }));
    }
  }
  if (view.nextTier && view.toNextTier !== null) {
    lines.push(t("card.next_tier", { tier: tierName(view.nextTier), amount: fmt.money(view.toNextTier) }));
  } else {
    lines.push(t("card.top_tier"));
  }
  lines.push("", t("card.show_at_counter"));
  return lines.join("\n");
}

export async function sendCard(ctx: Context): Promise<void> {
  let view: CardView;
  try {
    view = await ctx.services.cards.view(ctx.from!.id);
  } catch (error) {
    if (isDomainError(error) && error.code === "client_not_found") {
      await ctx.reply(ctx.t("card.not_registered"));
      return;
    }
    throw error;
  }
  const caption = cardCaption(ctx, view);
  // A card's QR code never changes: upload it once, then send Telegram's file_id.
  const known = ctx.uploadedPhotos.get(view.cardNumber);
  if (known) {
    try {
      await ctx.replyWithPhoto(known, { caption });
      return;
    } catch (error) {
      ctx.logger.warn({ err: error }, "cached QR photo refused; uploading again");
    }
  }
  const qr = await QRCode.toBuffer(view.cardNumber, { width: 360, margin: 2, errorCorrectionLevel: "M" });
  const sent = await ctx.replyWithPhoto(new InputFile(qr, `card-${view.cardNumber}.png`), { caption });
  const fileId = sent.photo.at(-1)?.file_id;
  if (fileId) remember(ctx.uploadedPhotos, view.cardNumber, fileId);
}

const MAX_CACHED_PHOTOS = 10_000;
function remember(cache: Map<string, string>, key: string, value: string): void {
  cache.set(key, value);
  if (cache.size > MAX_CACHED_PHOTOS) cache.delete(cache.keys().next().value!);
}
