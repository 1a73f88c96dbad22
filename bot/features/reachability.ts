// Telegram's my_chat_member updates for private chats: "kicked" when a person
// blocks the bot, "member" when they start it again. Broadcasts then skip, or
// again include, that client without waiting for a 403.
import { Composer } from "grammy";
import type { Context } from "../context.ts";

export const reachabilityFeature = new Composer<Context>();

reachabilityFeature.chatType("private").on("my_chat_member", async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status === "kicked") await ctx.services.reachability.blocked(ctx.myChatMember.chat.id);
  else if (status === "member") await ctx.services.reachability.restored(ctx.myChatMember.chat.id);
});
