// Last in the chain: anything no feature took gets a short pointer to /help,
// and a stale button is answered so the client's spinner stops.
import { Composer } from "grammy";
import type { Context } from "../context.ts";

export const unhandledFeature = new Composer<Context>();

unhandledFeature.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") }));

unhandledFeature.chatType("private").on("message", async (ctx) => {
  const isCommand = ctx.message.text?.startsWith("/") ?? false;
  await ctx.reply(ctx.t(isCommand ? "unhandled.command" : "unhandled.message"));
});
