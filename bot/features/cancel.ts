// /cancel, and the cancel button of a summary: drops the staff action in
// progress; nothing of it was written yet.
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { flowCallbacks } from "../keyboards/flow.ts";

export const cancelFeature = new Composer<Context>();
const privateChats = cancelFeature.chatType("private");

privateChats.command("cancel", async (ctx) => {
  const had = ctx.session.flow !== undefined;
  delete ctx.session.flow;
  await ctx.reply(ctx.t(had ? "flow.cancelled" : "flow.nothing"), { reply_markup: { remove_keyboard: true } });
});

privateChats.callbackQuery(flowCallbacks.cancel.filter, async (ctx) => {
  delete ctx.session.flow;
  await ctx.answerCallbackQuery({ text: ctx.t("flow.cancelled") });
  await ctx.editMessageReplyMarkup();
});
