// Staff's side of tickets (owners too): /tickets shows the filter by stage and
// the open tickets oldest first, one message each with its buttons; /tickets
// 42 shows ticket № 0042 whatever its stage (an owner reopens a closed one
// from there). Photos, a cancel with its reason, an owner's step back. Deny by
// default: every staff button is refused to anyone else, nothing read.
import { Composer } from "grammy";
import { isDomainError } from "../../../core/errors.ts";
import type { OpenStage, TicketView } from "../../../core/tickets/types.ts";
import { readPhotoRef } from "../../../core/tickets/validate.ts";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { createFilterKeyboard, keyboardOf, staffTicketButtons, ticketStaffCallbacks as cb } from "../../keyboards/tickets.ts";
import { isOwner, isStaff, refuse } from "../../middlewares/roles.ts";
import { flowOf } from "../../middlewares/staff-feature.ts";
import { ticketNotifyOf } from "../../notices/tickets.ts";
import { stageName, staffTicketText } from "../../views/tickets.ts";

export const staffComposer = new Composer<Context>();
const privateChats = staffComposer.chatType("private");
privateChats.callbackQuery(cb.any, (ctx, next) => (isStaff(ctx) ? next() : refuse(ctx)));
privateChats.command("duty", (ctx, next) => (isStaff(ctx) ? next() : refuse(ctx)));
const staff = privateChats.filter(isStaff);

export const replyTicket = (ctx: Context, v: TicketView) => ctx.reply(staffTicketText(ctx, v), { reply_markup: keyboardOf(staffTicketButtons(ctx.t, v, isOwner(ctx))) });

async function showList(ctx: Context, stage?: OpenStage): Promise<void> {
  const { tickets, total } = await ctx.services.tickets.open(stage);
  if (tickets.length === 0) return void (await ctx.reply(stage ? ctx.t("tickets.staff.empty_stage", { stage: stageName(ctx.t, stage) }) : ctx.t("tickets.staff.empty")));
  for (const v of tickets) await replyTicket(ctx, v);
  if (total > tickets.length) await ctx.reply(ctx.t("tickets.staff.shown", { shown: tickets.length, total }));
}

/** /tickets for staff: the filter, then the open tickets; "/tickets 42" one ticket by its number. */
export async function showStaffTickets(ctx: Context, arg: string): Promise<void> {
  const number = /^\s*№?\s*(\d{1,9})\s*$/.exec(arg)?.[1];
  if (number) {
    const v = await ctx.services.tickets.byNumber(Number(number));
    return void (v ? await replyTicket(ctx, v) : await ctx.reply(ctx.t("errors.ticket_not_found")));
  }
  await ctx.reply(ctx.t("tickets.staff.title"), { reply_markup: createFilterKeyboard(ctx.t, await ctx.services.tickets.counts()) });
  await showList(ctx);
}

staff.callbackQuery(cb.list.filter, async (ctx) => {
  const { stage } = cb.list.unpack(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery();
  await showList(ctx, stage === "all" ? undefined : stage);
});

staff.callbackQuery(cb.photos.filter, async (ctx) => {
  const v = await ctx.services.tickets.byId(cb.photos.unpack(ctx.callbackQuery.data).ticket);
  if (!v) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.ticket_not_found"), show_alert: true }));
  if (v.requestPhotos.length + v.intakePhotos.length === 0) return void (await ctx.answerCallbackQuery({ text: ctx.t("tickets.staff.photos_none") }));
  await ctx.answerCallbackQuery();
  const sets = [
    { title: ctx.t("tickets.staff.photos_title", { number: v.number }), refs: v.requestPhotos },
    { title: ctx.t("tickets.staff.photos_intake_title", { number: v.number }), refs: v.intakePhotos },
  ];
  for (const { title, refs } of sets) {
    for (const [i, ref] of refs.entries()) {
      const { fileId, asDocument } = readPhotoRef(ref);
      const caption = { caption: `${title} (${i + 1}/${refs.length})` };
      // Telegram sends a file back only as what it came as: an image sent as a file goes back as a file.
      if (asDocument) await ctx.replyWithDocument(fileId, caption);
      else await ctx.replyWithPhoto(fileId, caption);
    }
  }
});

staff.callbackQuery(cb.cancel.filter, async (ctx) => {
  const v = await ctx.services.tickets.byId(cb.cancel.unpack(ctx.callbackQuery.data).ticket);
  if (!v) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.ticket_not_found"), show_alert: true }));
  if (v.stage === "handed_over" || v.stage === "cancelled") return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.ticket_closed"), show_alert: true }));
  await ctx.answerCallbackQuery();
  ctx.session.flow = { kind: "ticket_cancel", ticketId: v.id, number: v.number };
  await ctx.reply(ctx.t("tickets.staff.cancel_prompt", { number: v.number }));
});

staff.on("message:text", async (ctx, next) => {
  const flow = flowOf(ctx, "ticket_cancel");
  if (!flow || ctx.message.text.startsWith("/")) return next();
  try {
    await ctx.services.tickets.cancel({ telegramId: ctx.from.id, role: ctx.role }, flow.ticketId, ctx.message.text, await ticketNotifyOf(ctx));
    delete ctx.session.flow;
    await ctx.reply(ctx.t("tickets.staff.cancelled", { number: flow.number }));
  } catch (error) {
    // Someone else closed it meanwhile: nothing left to type for.
    if (isDomainError(error) && error.code !== "reason_required") delete ctx.session.flow;
    await replyDomainError(ctx, error);
  }
});

staff.callbackQuery(cb.reopen.filter, async (ctx) => {
  // The domain refuses anyone but an owner as well; this answers in the words of every owner-only button.
  if (!isOwner(ctx)) return refuse(ctx, "errors.owner_only");
  try {
    const v = await ctx.services.tickets.reopen({ telegramId: ctx.from.id, role: ctx.role }, cb.reopen.unpack(ctx.callbackQuery.data).ticket, await ticketNotifyOf(ctx));
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("tickets.staff.reopened", { number: v.number, stage: stageName(ctx.t, v.stage) }));
    await replyTicket(ctx, v);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

staff.command("duty", async (ctx) => {
  if (isOwner(ctx)) return void (await ctx.reply(ctx.t("tickets.staff.duty_owner")));
  const onDuty = await ctx.services.tickets.toggleDuty(ctx.from.id);
  await ctx.reply(ctx.t(onDuty ? "tickets.staff.duty_on" : "tickets.staff.duty_off"));
});
