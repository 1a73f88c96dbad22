// Staff move a ticket to its next stage: the button under a ticket opens a
// summary; what staff type is the note for the client, unless it reads as a
// date ("28.11"), which becomes the estimated ready date; photos are added
// (at intake: the item and its stones, shown to the client to confirm). All
// of it may be skipped: the move button writes the move, once per key, and a
// second tap shows what was recorded.
import { randomBytes } from "node:crypto";
import { Composer } from "grammy";
import { parseDayAhead, shopDate, startOfShopDay } from "../../../core/calendar.ts";
import { DomainError, isDomainError } from "../../../core/errors.ts";
import { PHOTOS_MAX, validateNote } from "../../../core/tickets/validate.ts";
import { nextStage } from "../../../core/tickets/types.ts";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { showOutcome } from "../../helpers/outcome.ts";
import { createMoveKeyboard, ticketStaffCallbacks as cb } from "../../keyboards/tickets.ts";
import { isStaff } from "../../middlewares/roles.ts";
import { flowOf, type FlowOf } from "../../middlewares/staff-feature.ts";
import { ticketNotifyOf } from "../../notices/tickets.ts";
import { moveSummaryText, stageName } from "../../views/tickets.ts";

export const moveComposer = new Composer<Context>();
// Anyone else tapping a staff button was refused already (staff.ts, used before this one).
const staff = moveComposer.chatType("private").filter(isStaff);

type Move = FlowOf<"ticket_move">;

const summary = (ctx: Context, flow: Move) =>
  moveSummaryText(ctx, { number: flow.number, to: flow.to, note: flow.note, estimate: flow.estimate ? new Date(flow.estimate) : null, photos: flow.photos.length });

async function replySummary(ctx: Context, flow: Move): Promise<void> {
  await ctx.reply(summary(ctx, flow), { reply_markup: createMoveKeyboard(ctx.t, flow.key, stageName(ctx.t, flow.to)) });
}

staff.callbackQuery(cb.next.filter, async (ctx) => {
  const { ticket, to } = cb.next.unpack(ctx.callbackQuery.data);
  const v = await ctx.services.tickets.byId(ticket);
  if (!v) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.ticket_not_found"), show_alert: true }));
  // A button from before the last move: the ticket is already there, or past it.
  if (nextStage(v.stage) !== to) {
    const text = v.stage === to ? ctx.t("tickets.staff.moved_already", { number: v.number, stage: stageName(ctx.t, v.stage) }) : ctx.t("errors.ticket_stage_backwards");
    return void (await ctx.answerCallbackQuery({ text, show_alert: true }));
  }
  await ctx.answerCallbackQuery();
  const flow: Move = { kind: "ticket_move", ticketId: v.id, number: v.number, to, photos: [], key: randomBytes(6).toString("base64url") };
  ctx.session.flow = flow;
  await replySummary(ctx, flow);
});

staff.on("message:text", async (ctx, next) => {
  const flow = flowOf(ctx, "ticket_move");
  if (!flow || ctx.message.text.startsWith("/")) return next();
  const now = ctx.services.clock.now();
  const day = flow.to === "ready" || flow.to === "handed_over" ? null : parseDayAhead(ctx.message.text, shopDate(now, ctx.config.SHOP_TIMEZONE));
  try {
    if (day) {
      const estimate = startOfShopDay(day, ctx.config.SHOP_TIMEZONE);
      if (estimate.getTime() < startOfShopDay(shopDate(now, ctx.config.SHOP_TIMEZONE), ctx.config.SHOP_TIMEZONE).getTime()) throw new DomainError("ticket_estimate_past");
      flow.estimate = estimate.toISOString();
    } else flow.note = validateNote(ctx.message.text);
    await replySummary(ctx, flow);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

staff.on("message:photo", async (ctx, next) => {
  const flow = flowOf(ctx, "ticket_move");
  if (!flow) return next();
  const fileId = ctx.message.photo.at(-1)!.file_id;
  // At intake every photo is kept; at other stages one goes with the notice, the newest.
  if (flow.to !== "accepted") flow.photos = [fileId];
  else if (flow.photos.length >= PHOTOS_MAX) return replyDomainError(ctx, new DomainError("ticket_photos_too_many", { max: { unit: "number", value: PHOTOS_MAX } }));
  else flow.photos.push(fileId);
  await replySummary(ctx, flow);
});

staff.on("message:document", async (ctx, next) => {
  if (!flowOf(ctx, "ticket_move")) return next();
  // The outbox sends staff's photos to the client as photos, and Telegram will not send a file as one.
  await ctx.reply(ctx.t("tickets.staff.photo_as_photo"));
});

staff.callbackQuery(cb.go.filter, async (ctx) => {
  const { key } = cb.go.unpack(ctx.callbackQuery.data);
  const flow = flowOf(ctx, "ticket_move");
  if (flow?.key !== key) {
    const moved = await ctx.services.tickets.movedWith(key);
    if (!moved) {
      await ctx.answerCallbackQuery({ text: ctx.t("tickets.staff.move_stale"), show_alert: true });
      return void (await ctx.editMessageReplyMarkup());
    }
    await ctx.answerCallbackQuery({ text: ctx.t("tickets.staff.moved_already", { number: moved.number, stage: stageName(ctx.t, moved.stage) }) });
    return;
  }
  try {
    const details = { note: flow.note ?? null, photos: flow.photos, estimateReadyAt: flow.estimate ? new Date(flow.estimate) : null };
    const { ticket } = await ctx.services.tickets.move({ telegramId: ctx.from.id, role: ctx.role }, flow.ticketId, flow.to, details, key, await ticketNotifyOf(ctx));
    delete ctx.session.flow;
    await ctx.answerCallbackQuery();
    await showOutcome(ctx, key, ctx.t("tickets.staff.moved", { number: ticket.number, stage: stageName(ctx.t, flow.to) }));
  } catch (error) {
    // Moved or closed by someone else meanwhile: this summary can do nothing more.
    if (isDomainError(error) && error.code !== "ticket_note_invalid" && error.code !== "ticket_estimate_past") delete ctx.session.flow;
    await replyDomainError(ctx, error);
  }
});
