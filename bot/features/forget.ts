// /forget: after a confirmation, the client's personal data is deleted;
// purchase amounts stay, anonymised, for the shop's reports.
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { createForgetKeyboard, forgetCallbacks } from "../keyboards/forget.ts";
import { isClient } from "../middlewares/roles.ts";

export const forgetFeature = new Composer<Context>();
const clients = forgetFeature.chatType("private").filter(isClient);

clients.command("forget", async (ctx) => {
  if (!(await ctx.services.onboarding.findByTelegramId(ctx.from.id))) {
    await ctx.reply(ctx.t("forget.nothing"));
    return;
  }
  await ctx.reply(ctx.t("forget.ask"), { reply_markup: createForgetKeyboard(ctx.t) });
});

clients.callbackQuery(forgetCallbacks.yes.filter, async (ctx) => {
  // A second tap finds nobody to forget and says so; nothing happens twice.
  if (!(await ctx.services.onboarding.findByTelegramId(ctx.from.id))) {
    await ctx.answerCallbackQuery({ text: ctx.t("forget.nothing") });
    return;
  }
  await ctx.services.clients.forget(ctx.from.id, { telegramId: ctx.from.id, role: "client" });
  ctx.session = { language: ctx.lang };
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("forget.done"));
});

clients.callbackQuery(forgetCallbacks.no.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("forget.cancelled"));
});
