// A client's side of events: the RSVP buttons (under an invitation or in
// /events) and /events itself. Any client may tap; whether the invitation is
// theirs is the domain's decision, so forged data is refused with nothing
// written. The tapped message keeps its text; its buttons show the choice.
import { Composer } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { AnswerResult } from "../../../core/events/types.ts";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { isNotModified } from "../../helpers/outcome.ts";
import { chosenOf, createInviteEachKeyboard, createRsvpKeyboard, markChoice } from "../../keyboards/events.ts";
import { rsvpCallbacks, type RsvpAnswer } from "../../keyboards/rsvp.ts";
import { isClient, isOwner } from "../../middlewares/roles.ts";
import { promotedNotice } from "../../notices/events.ts";
import { clientEventText, staffEventLines } from "../../views/events.ts";

export const answersComposer = new Composer<Context>();
const privateChats = answersComposer.chatType("private");

/** A client who finished joining, or null (staff, someone still joining, someone forgotten). */
async function clientOf(ctx: Context) {
  const client = await ctx.services.onboarding.findByTelegramId(ctx.from!.id);
  return client?.onboardedAt && !client.forgottenAt ? client : null;
}

function toastOf(ctx: Context, asked: RsvpAnswer, r: AnswerResult): string {
  if (r.guestRefused) return ctx.t("events.toast.guest_refused");
  if (r.status === "waiting") return ctx.t("events.toast.waiting", { position: r.position ?? 1 });
  return ctx.t(`events.toast.${asked}`);
}

/** Only the parts of a keyboard Telegram compares: an edit to the same buttons is refused as "not modified". */
const sameButtons = (a: InlineKeyboardMarkup, b: InlineKeyboardMarkup | undefined) =>
  JSON.stringify(a.inline_keyboard.map((row) => row.map((x) => [x.text, "callback_data" in x ? x.callback_data : null]))) ===
  JSON.stringify(b?.inline_keyboard.map((row) => row.map((x) => [x.text, "callback_data" in x ? x.callback_data : null])));

privateChats.callbackQuery(rsvpCallbacks.answer.filter, async (ctx) => {
  const { event: eventId, answer } = rsvpCallbacks.answer.unpack(ctx.callbackQuery.data);
  const client = await clientOf(ctx);
  if (!client) return ctx.answerCallbackQuery({ text: ctx.t("events.not_registered"), show_alert: true });
  let result: AnswerResult;
  try {
    result = await ctx.services.events.answer(client.id, eventId, answer, promotedNotice(ctx.config));
  } catch (error) {
    return replyDomainError(ctx, error);
  }
  await ctx.answerCallbackQuery({ text: toastOf(ctx, answer, result) });
  const event = (await ctx.services.events.byId(eventId))!;
  const current = ctx.callbackQuery.message?.reply_markup;
  const markup = markChoice(ctx.t, current, event, chosenOf(result));
  // Without the message's keyboard (too old for Telegram to send) only a change is worth an edit.
  if (current ? sameButtons(markup, current) : !result.changed) return;
  try {
    await ctx.editMessageReplyMarkup({ reply_markup: markup });
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
});

privateChats.filter(isClient).command("events", async (ctx) => {
  const client = await clientOf(ctx);
  if (!client) return void (await ctx.reply(ctx.t("events.not_registered")));
  const upcoming = await ctx.services.events.upcomingFor(client.id);
  if (upcoming.length === 0) return void (await ctx.reply(ctx.t("events.none")));
  for (const { event, answer } of upcoming) {
    await ctx.reply(clientEventText(ctx, event, answer), { reply_markup: createRsvpKeyboard(ctx.t, event, chosenOf(answer)) });
  }
});

// Staff and owners: the coming events with the answers so far; owners also get an invite button per event.
privateChats.command("events", async (ctx) => {
  const events = await ctx.services.events.list("upcoming");
  if (events.length === 0) return void (await ctx.reply(ctx.t("events.staff.none")));
  const blocks = [ctx.t("events.staff.title")];
  // Ten keep the message well under Telegram's 4096 characters.
  const shown = events.slice(0, 10);
  for (const e of shown) blocks.push("", ...staffEventLines(ctx, e, await ctx.services.events.counts(e.id)));
  const invite = isOwner(ctx) ? { reply_markup: createInviteEachKeyboard(ctx.t, shown.map((e) => ({ id: e.id, title: ctx.lang === "zh" ? e.titleZh : e.titleRu }))) } : {};
  await ctx.reply(blocks.join("\n"), invite);
});
