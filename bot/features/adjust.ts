// /adjust (owners only): a manual correction of a client's points, up or down,
// with a reason that the core keeps in the ledger and the audit log.
//   /adjust <phone | card number> <+N | -N> <reason…>
import { Composer } from "grammy";
import { looksLikeCard, looksLikePhone, type ClientMatch } from "../../core/clients/search.ts";
import { formatPhone } from "../../core/clients/phone.ts";
import { DomainError } from "../../core/errors.ts";
import { formatCardNumber } from "../../core/loyalty/card-number.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { isOwner, refuse } from "../middlewares/roles.ts";

/** A signed whole number of points; "−" is the minus phones put in for "-". Seven digits cover the core's limit and never a phone. */
const DELTA = /^[+\-−]\d{1,7}$/;

interface AdjustRequest {
  query: string;
  delta: number;
  reason: string;
}

/** Splits the arguments at the first signed number after the query; null when there is none. */
function parseAdjust(text: string): AdjustRequest | null {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  // The query comes first, so "+7" opening a phone is never taken for the change.
  const at = tokens.findIndex((token, i) => i > 0 && DELTA.test(token));
  if (at < 1) return null;
  const delta = Number(tokens[at]!.replace("−", "-"));
  if (delta === 0) return null;
  return { query: tokens.slice(0, at).join(" "), delta, reason: tokens.slice(at + 1).join(" ") };
}

function clientLabel(m: ClientMatch): string {
  const name = [m.givenName, m.patronymic, m.familyName].filter(Boolean).join(" ");
  const contact = m.phone ? formatPhone(m.phone) : m.cardNumber ? formatCardNumber(m.cardNumber) : "";
  return [name, contact].filter(Boolean).join(" · ");
}

export const adjustFeature = new Composer<Context>();
const privateChats = adjustFeature.chatType("private");

// Deny by default: everyone but an owner is refused before anything is read.
privateChats.command("adjust", (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));

privateChats.filter(isOwner).command("adjust", async (ctx) => {
  const request = parseAdjust(ctx.match);
  if (!request) return void (await ctx.reply(ctx.t("settings.adjust.usage")));
  if (!request.reason) return void (await ctx.reply(ctx.t("errors.reason_required")));
  // A name may fit several people, and points must never go to the wrong one.
  if (!looksLikeCard(request.query) && !looksLikePhone(request.query)) return void (await ctx.reply(ctx.t("settings.adjust.phone_or_card")));

  const points = (n: number, sign = "") => ctx.t("points", { count: n, n: sign + ctx.fmt.number(n) });
  try {
    const matches = await ctx.services.clients.find(request.query);
    if (matches.length === 0) throw new DomainError("client_not_found");
    if (matches.length > 1) return void (await ctx.reply(ctx.t("settings.adjust.phone_or_card")));
    const client = matches[0]!;
    const actor = { telegramId: ctx.from.id, role: "owner" as const };
    const { after } = await ctx.services.points.adjust(actor, client.id, request.delta, request.reason);
    const change = points(Math.abs(request.delta), request.delta > 0 ? "+" : "−");
    await ctx.reply(ctx.t("settings.adjust.done", { client: clientLabel(client), change, balance: points(after) }));
  } catch (error) {
    await replyDomainError(ctx, error, "settings.adjust");
  }
});
