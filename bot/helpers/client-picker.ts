// Finding a client by phone, card number or name, shared by /purchase and
// /client: one match is taken, several are offered as buttons.
import { InlineKeyboard } from "grammy";
import type { ClientMatch } from "../../core/clients/search.ts";
import { formatCardNumber } from "../../core/loyalty/card-number.ts";
import { formatPhone } from "../../core/clients/phone.ts";
import type { Context } from "../context.ts";
import type { CallbackAction } from "../callback-data.ts";
import { replyDomainError, type ErrorScope } from "../errors.ts";

const MAX_BUTTONS = 8;

export function describeMatch(ctx: Context, m: ClientMatch): string {
  const name = [m.givenName, m.patronymic, m.familyName].filter(Boolean).join(" ") || ctx.t("clients.no_name");
  const parts = [name];
  if (m.phone) parts.push(formatPhone(m.phone));
  if (m.cardNumber) parts.push(ctx.t("clients.card_short", { number: formatCardNumber(m.cardNumber) }));
  return parts.join(" · ");
}

/**
 * Returns the one matching client; "none" when nobody matches (the caller
 * words it); null after offering several as buttons, each packed by `button`.
 */
export async function pickClient(ctx: Context, query: string, button: CallbackAction<{ client: "int" }>, scope?: ErrorScope): Promise<ClientMatch | null | "none"> {
  let matches: ClientMatch[];
  try {
    matches = await ctx.services.clients.find(query);
  } catch (error) {
    await replyDomainError(ctx, error, scope);
    return null;
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) return "none";
  const kb = new InlineKeyboard();
  for (const m of matches.slice(0, MAX_BUTTONS)) kb.text(describeMatch(ctx, m).slice(0, 60), button.pack({ client: m.id })).row();
  await ctx.reply(ctx.t("clients.several", { count: matches.length }), { reply_markup: kb });
  return null;
}
