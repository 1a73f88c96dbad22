// /help: what this person can do here, by role.
import { Composer } from "grammy";
import { setChatCommands } from "../commands.ts";
import type { Context } from "../context.ts";

export const helpFeature = new Composer<Context>();

helpFeature.chatType("private").command("help", async (ctx) => {
  const parts = [ctx.t("help.client", { shop: ctx.config.SHOP_NAME })];
  if (ctx.role === "staff" || ctx.role === "owner") parts.push(ctx.t("help.staff"));
  if (ctx.role === "owner") parts.push(ctx.t("help.owner"));
  await ctx.reply(parts.join("\n\n"));
});

// Staff and owners are not clients: /start greets them and sets their menu.
helpFeature
  .chatType("private")
  .filter((ctx) => ctx.role !== "client")
  .command("start", async (ctx) => {
    await setChatCommands(ctx.api, ctx.chat.id, ctx.role, ctx.lang);
    await ctx.reply(ctx.t(ctx.role === "owner" ? "start.owner" : "start.staff", { shop: ctx.config.SHOP_NAME }));
  });
