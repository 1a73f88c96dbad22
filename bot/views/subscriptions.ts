// The topics menu as a client sees it: sent by /subscriptions and at the end
// of onboarding (every topic on then), edited in place by its buttons.
import { TOPICS, type Topic } from "../../core/broadcasts/topics.ts";
import type { Context } from "../context.ts";
import { createTopicsKeyboard } from "../keyboards/subscriptions.ts";

export function topicsMenu(ctx: Context, state: Record<Topic, boolean>) {
  const allOff = TOPICS.every((topic) => !state[topic]);
  const text = allOff ? `${ctx.t("subscriptions.menu")}\n\n${ctx.t("subscriptions.all_off")}` : ctx.t("subscriptions.menu");
  return { text, reply_markup: createTopicsKeyboard(ctx.t, state) };
}

export async function sendTopicsMenu(ctx: Context, clientId: number): Promise<void> {
  const { text, reply_markup } = topicsMenu(ctx, await ctx.services.topics.of(clientId));
  await ctx.reply(text, { reply_markup });
}
