// Maps a domain failure to a message in the person's language; anything else
// is a bug and goes to the error boundary.
import type { ErrorHandler } from "grammy";
import { isDomainError } from "../core/errors.ts";
import type { Context } from "./context.ts";

export async function replyDomainError(ctx: Context, error: unknown): Promise<void> {
  if (!isDomainError(error)) throw error;
  const text = ctx.t(`errors.${error.code}`, error.params);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}

/** Logs the failure and tells the person something went wrong, once. */
export const errorHandler: ErrorHandler<Context> = async (err) => {
  const ctx = err.ctx;
  ctx.logger.error({ err: err.error, update: ctx.update }, "update failed");
  try {
    if (isDomainError(err.error)) return await replyDomainError(ctx, err.error);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.internal") });
    else if (ctx.chat) await ctx.reply(ctx.t("errors.internal"));
  } catch (replyError) {
    ctx.logger.warn({ err: replyError }, "could not report the failure to the user");
  }
};
