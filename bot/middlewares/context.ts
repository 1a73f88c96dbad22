// The first middlewares: services and a per-update logger on the context, then
// the caller's role (checked on the server for every update) and language.
import type { Logger } from "pino";
import type { Middleware } from "grammy";
import type { Services } from "../../core/services.ts";
import type { BotConfig, Context } from "../context.ts";
import { formatter, languageFromTelegram, translator, type Language } from "../i18n.ts";

export function attachServices(services: Services, config: BotConfig, logger: Logger): Middleware<Context> {
  const uploadedPhotos = new Map<string, string>();
  return (ctx, next) => {
    ctx.uploadedPhotos = uploadedPhotos;
    ctx.services = services;
    ctx.config = config;
    ctx.logger = logger.child({ update_id: ctx.update.update_id });
    return next();
  };
}

export const resolveRole: Middleware<Context> = async (ctx, next) => {
  ctx.role = ctx.from ? await ctx.services.staff.roleOf(ctx.from.id) : "client";
  return next();
};

export const resolveLanguage: Middleware<Context> = (ctx, next) => {
  ctx.session.language ??= languageFromTelegram(ctx.from?.language_code);
  useLanguage(ctx, ctx.session.language);
  return next();
};

/** Switches the translator and formatter of this update (after /language). */
export function useLanguage(ctx: Context, lang: Language): void {
  ctx.lang = lang;
  ctx.t = translator(lang);
  ctx.fmt = formatter(lang, ctx.config.SHOP_CURRENCY, ctx.config.SHOP_TIMEZONE);
}
