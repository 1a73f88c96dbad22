// Role filters for feature composers: deny by default. A person without the
// role who types a staff command is told so, and nothing else happens.
import type { Context } from "../context.ts";

export const isStaff = (ctx: Context) => ctx.role === "staff" || ctx.role === "owner";
export const isOwner = (ctx: Context) => ctx.role === "owner";
export const isClient = (ctx: Context) => ctx.role === "client";

export async function refuse(ctx: Context, key: "errors.not_allowed" | "errors.owner_only" = "errors.not_allowed"): Promise<void> {
  const text = ctx.t(key);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}
