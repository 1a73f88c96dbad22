// Maps a domain failure to a message in the person's language; anything else
// is a bug and goes to the error boundary.
import type { ErrorHandler } from "grammy";
import type { ParseKeys } from "i18next";
import { isDomainError, type DomainError, type DomainErrorCode } from "../core/errors.ts";
import type { Context } from "./context.ts";
import { hasKey, showQuantity } from "./i18n.ts";

/**
 * The features whose steps word some failures their own way: a seller typing a
 * bad phone is not told to press the client's contact button. Each has an
 * "errors" object in its locale file; every other code falls back to the
 * shared text under "errors.<code>" (typed: each code must have one).
 */
export const ERROR_SCOPES = ["onboarding", "purchase", "refund", "settings.adjust", "due"] as const;
export type ErrorScope = (typeof ERROR_SCOPES)[number];

// Fails the typecheck when a code has no shared text in the Russian files.
const everyCodeHasText: `errors.${DomainErrorCode}` extends ParseKeys ? true : never = true;
void everyCodeHasText;

/** The text of a failure, its figures formatted like every other amount. */
export function errorText(ctx: Pick<Context, "t" | "fmt" | "lang">, error: DomainError, scope?: ErrorScope): string {
  const params = Object.fromEntries(Object.entries(error.params).map(([name, q]) => [name, showQuantity(ctx.t, ctx.fmt, q)]));
  const own = scope ? `${scope}.errors.${error.code}` : undefined;
  // The key is built at run time (its existence is checked above and by the locale test).
  const t = ctx.t as unknown as (key: string, params: Record<string, string>) => string;
  return t(own && hasKey(own, ctx.lang) ? own : `errors.${error.code}`, params);
}

export async function replyDomainError(ctx: Context, error: unknown, scope?: ErrorScope): Promise<void> {
  if (!isDomainError(error)) throw error;
  const text = errorText(ctx, error, scope);
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
