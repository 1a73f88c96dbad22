// /language: switch between Russian and Chinese at any time; the menu and,
// during onboarding, the current question follow the new language.
import { Composer } from "grammy";
import { setChatCommands } from "../commands.ts";
import type { Context } from "../context.ts";
import { createLanguageKeyboard, languageCallbacks } from "../keyboards/language.ts";
import { useLanguage } from "../middlewares/context.ts";
import { promptStep } from "../views/onboarding.ts";

export const languageFeature = new Composer<Context>();
const privateChats = languageFeature.chatType("private");

privateChats.command("language", (ctx) => ctx.reply(ctx.t("language.choose"), { reply_markup: createLanguageKeyboard() }));

privateChats.callbackQuery(languageCallbacks.menu.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("language.choose"), { reply_markup: createLanguageKeyboard() });
});

privateChats.callbackQuery(languageCallbacks.set.filter, async (ctx) => {
  const { lang } = languageCallbacks.set.unpack(ctx.callbackQuery.data);
  ctx.session.language = lang;
  useLanguage(ctx, lang);
  if (ctx.role === "client") await ctx.services.onboarding.setLanguage(ctx.from.id, lang);
  else if (ctx.role === "staff") await ctx.services.staff.setLanguage(ctx.from.id, lang);
  await ctx.answerCallbackQuery({ text: ctx.t("language.changed") });
  await ctx.editMessageText(ctx.t("language.changed"));
  await setChatCommands(ctx.api, ctx.chat.id, ctx.role, lang);
  if (ctx.role === "client") {
    const step = await ctx.services.onboarding.step(ctx.from.id);
    if (step !== "done") await promptStep(ctx, step);
  }
});
