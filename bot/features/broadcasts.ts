// Sending what /broadcast composed: "Send now" writes a row per recipient to
// the outbox and turns the summary into the stats message (edited while the
// sender works, see broadcast-ticker.ts); "Later" asks for a date and time in
// the shop's time zone. A double tap sends once. /broadcasts lists the last ones.
import { Composer } from "grammy";
import { parseShopDateTime } from "../../core/calendar.ts";
import { DomainError } from "../../core/errors.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { broadcastCallbacks as cb, createStopKeyboard } from "../keyboards/broadcast.ts";
import { flowOf } from "../middlewares/staff-feature.ts";
import { isOwner, refuse } from "../middlewares/roles.ts";
import { listLine, statsText } from "../views/broadcast.ts";

export const broadcastsFeature = new Composer<Context>();
const privateChats = broadcastsFeature.chatType("private");
privateChats.command("broadcasts", (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));
const owners = privateChats.filter(isOwner);

/** The stats as they stand, in the owner's words. */
async function currentStats(ctx: Context, id: number): Promise<string | null> {
  const b = await ctx.services.broadcasts.load(id);
  if (!b) return null;
  const stats = await ctx.services.broadcasts.stats(id);
  const rsvp = b.eventId ? await ctx.services.events.counts(b.eventId) : null;
  return statsText(ctx, b, stats, rsvp);
}

owners.callbackQuery(cb.send.filter, async (ctx) => {
  const { draft } = cb.send.unpack(ctx.callbackQuery.data);
  const message = ctx.callbackQuery.message;
  try {
    const { started } = await ctx.services.broadcasts.start(draft, message ? { chatId: message.chat.id, messageId: message.message_id, language: ctx.lang } : undefined);
    if (flowOf(ctx, "broadcast")?.draftId === draft) delete ctx.session.flow;
    await ctx.answerCallbackQuery({ text: ctx.t(started ? "broadcast.started" : "broadcast.already_started") });
    const text = await currentStats(ctx, draft);
    if (text && started) await ctx.editMessageText(text, { reply_markup: createStopKeyboard(ctx.t, draft) });
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

owners.callbackQuery(cb.later.filter, async (ctx) => {
  const { draft } = cb.later.unpack(ctx.callbackQuery.data);
  const b = await ctx.services.broadcasts.load(draft);
  if (b?.status !== "draft") return ctx.answerCallbackQuery({ text: ctx.t("errors.broadcast_already_sent"), show_alert: true });
  const flow = flowOf(ctx, "broadcast");
  ctx.session.flow = { ...(flow ?? { kind: "broadcast", topic: b.topic, segment: b.segment }), kind: "broadcast", step: "schedule", draftId: draft };
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("broadcast.ask_time"));
});

owners
  .filter((ctx) => flowOf(ctx, "broadcast")?.step === "schedule")
  .on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const draft = flowOf(ctx, "broadcast")!.draftId!;
    const now = ctx.services.clock.now();
    try {
      const at = parseShopDateTime(ctx.message.text, now, ctx.config.SHOP_TIMEZONE);
      if (!at) throw new DomainError("broadcast_time_invalid");
      if (at.getTime() <= now.getTime()) throw new DomainError("broadcast_time_past");
      const sent = await ctx.reply(ctx.t("broadcast.scheduled", { at: ctx.fmt.dateTime(at) }), { reply_markup: createStopKeyboard(ctx.t, draft) });
      const done = await ctx.services.broadcasts.schedule(draft, at, { chatId: ctx.chat.id, messageId: sent.message_id, language: ctx.lang });
      delete ctx.session.flow;
      if (!done) await ctx.api.editMessageText(ctx.chat.id, sent.message_id, ctx.t("errors.broadcast_already_sent"));
    } catch (error) {
      await replyDomainError(ctx, error);
    }
  });

// Stops a running broadcast (what was not sent stays unsent) or drops a scheduled one.
privateChats.callbackQuery(cb.stop.filter, async (ctx) => {
  if (!isOwner(ctx)) return refuse(ctx, "errors.owner_only");
  const { broadcast } = cb.stop.unpack(ctx.callbackQuery.data);
  const stopped = await ctx.services.broadcasts.cancel(broadcast);
  await ctx.answerCallbackQuery({ text: ctx.t(stopped ? "broadcast.stopped" : "broadcast.not_running") });
  const text = await currentStats(ctx, broadcast);
  if (text) await ctx.editMessageText(text).catch(() => undefined);
});

owners.command("broadcasts", async (ctx) => {
  const recent = await ctx.services.broadcasts.recent(10);
  if (recent.length === 0) return ctx.reply(ctx.t("broadcast.list.empty"));
  await ctx.reply([ctx.t("broadcast.list.title"), ...recent.map((b) => listLine(ctx, b, b.stats))].join("\n"));
});
