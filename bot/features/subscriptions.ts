// What a client hears from the shop: /subscriptions (topics on and off), the
// one-tap "stop these" under every broadcast message with "stop everything"
// one tap further, and /news, the last posts of the topics they follow.
// Staff and people still joining get a plain answer; nothing changes for them.
import { Composer } from "grammy";
import type { Client } from "../../core/db/client.ts";
import type { Context } from "../context.ts";
import { isNotModified } from "../helpers/outcome.ts";
import { createStopAllKeyboard, subscriptionCallbacks as cb } from "../keyboards/subscriptions.ts";
import { sendNewsPost } from "../views/news.ts";
import { sendTopicsMenu, topicsMenu } from "../views/subscriptions.ts";

export const subscriptionsFeature = new Composer<Context>();
const privateChats = subscriptionsFeature.chatType("private");

/** The onboarded client behind this update; anyone else is told why not (null). */
async function clientOf(ctx: Context): Promise<Client | null> {
  const client = ctx.role === "client" ? await ctx.services.onboarding.findByTelegramId(ctx.from!.id) : null;
  if (client?.onboardedAt) return client;
  const text = ctx.t(ctx.role === "client" ? "subscriptions.not_registered" : "subscriptions.not_client");
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
  return null;
}

/**
 * The menu redrawn on the tapped message, only when it would look different:
 * Telegram refuses an edit that changes nothing (a double tap). The buttons'
 * data spell out the whole state, so comparing them is enough; when the tap
 * does not carry the message's buttons, whether this tap changed the state
 * decides.
 */
async function redrawMenu(ctx: Context, clientId: number, changed: boolean): Promise<void> {
  const { text, reply_markup } = topicsMenu(ctx, await ctx.services.topics.of(clientId));
  const shown = ctx.callbackQuery?.message?.reply_markup?.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));
  const wanted = reply_markup.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));
  if (shown ? shown.join() === wanted.join() : !changed) return;
  try {
    await ctx.editMessageText(text, { reply_markup });
  } catch (error) {
    // Two taps raced past the check above: the first edit already shows it.
    if (!isNotModified(error)) throw error;
  }
}

privateChats.command("subscriptions", async (ctx) => {
  const client = await clientOf(ctx);
  if (client) await sendTopicsMenu(ctx, client.id);
});

privateChats.callbackQuery(cb.toggle.filter, async (ctx) => {
  const client = await clientOf(ctx);
  if (!client) return;
  const { topic, to } = cb.toggle.unpack(ctx.callbackQuery.data);
  const changed = (await ctx.services.topics.of(client.id))[topic] !== (to === "on");
  if (changed) await ctx.services.topics.set(client.id, topic, to === "on");
  await ctx.answerCallbackQuery({ text: ctx.t("subscriptions.saved") });
  await redrawMenu(ctx, client.id, changed);
});

privateChats.callbackQuery(cb.all.filter, async (ctx) => {
  const client = await clientOf(ctx);
  if (!client) return;
  const on = cb.all.unpack(ctx.callbackQuery.data).to === "on";
  const changed = Object.values(await ctx.services.topics.of(client.id)).some((followed) => followed !== on);
  if (changed) await ctx.services.topics.setAll(client.id, on);
  await ctx.answerCallbackQuery({ text: ctx.t("subscriptions.saved") });
  await redrawMenu(ctx, client.id, changed);
});

// Under a broadcast: the broadcast itself stays as it is (it may carry RSVP
// buttons); what was stopped comes as a new message, once — a second tap only
// hears that it is already off.
privateChats.callbackQuery(cb.stop.filter, async (ctx) => {
  const client = await clientOf(ctx);
  if (!client) return;
  const { topic } = cb.stop.unpack(ctx.callbackQuery.data);
  const name = ctx.t(`topics.${topic}`);
  if (!(await ctx.services.topics.of(client.id))[topic]) return void (await ctx.answerCallbackQuery({ text: ctx.t("subscriptions.already_stopped") }));
  await ctx.services.topics.set(client.id, topic, false);
  await ctx.answerCallbackQuery({ text: ctx.t("subscriptions.stopped_toast", { topic: name }) });
  await ctx.reply(ctx.t("subscriptions.stopped", { topic: name }), { reply_markup: createStopAllKeyboard(ctx.t) });
});

privateChats.callbackQuery(cb.stopall.filter, async (ctx) => {
  const client = await clientOf(ctx);
  if (!client) return;
  const anyOn = Object.values(await ctx.services.topics.of(client.id)).some(Boolean);
  if (!anyOn) return void (await ctx.answerCallbackQuery({ text: ctx.t("subscriptions.stopped_all_toast") }));
  await ctx.services.topics.setAll(client.id, false);
  await ctx.answerCallbackQuery({ text: ctx.t("subscriptions.stopped_all_toast") });
  await ctx.reply(ctx.t("subscriptions.stopped_all"));
});

privateChats.command("news", async (ctx) => {
  const client = await clientOf(ctx);
  if (!client) return;
  const posts = await ctx.services.news(client.id);
  if (posts.length === 0) return void (await ctx.reply(ctx.t("subscriptions.news_empty")));
  await ctx.reply(ctx.t("subscriptions.news_title"));
  // Oldest first, so the newest post ends up at the bottom of the chat, where the eye is.
  const reader = { ...client, language: ctx.lang };
  for (const post of [...posts].reverse()) await sendNewsPost(ctx, post, reader);
});
