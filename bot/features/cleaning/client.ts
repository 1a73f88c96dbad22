// A client's side of cleaning days: /cleaning lists the coming days with their
// booking; the buttons open the free times, book, move or cancel. Every button
// names a day and a slot, and the booking is always the tapping client's own,
// so forged data reaches nobody else's. A full slot is refused with the free
// times offered in its place.
import { Composer } from "grammy";
import type { DayInfo } from "../../../core/cleaning/types.ts";
import { isDomainError } from "../../../core/errors.ts";
import type { Context } from "../../context.ts";
import { errorText, replyDomainError } from "../../errors.ts";
import { editIfChanged } from "../../helpers/edit-if-changed.ts";
import { clientDayButtons, cleaningCallbacks as cb, createSlotPickerKeyboard, keyboardOf } from "../../keyboards/cleaning.ts";
import { clientDayText, freeSlots, pickerText, slotButton, timeOf } from "../../views/cleaning.ts";

export const clientComposer = new Composer<Context>();
const privateChats = clientComposer.chatType("private");

/** A client who finished joining, or null (staff, someone still joining, someone forgotten). */
async function clientOf(ctx: Context) {
  const client = await ctx.services.onboarding.findByTelegramId(ctx.from!.id);
  return client?.onboardedAt && !client.forgottenAt ? client : null;
}

const zoneOf = (ctx: Context) => ctx.config.SHOP_TIMEZONE;

/** A day as this client sees it, with its buttons. */
async function dayView(ctx: Context, info: DayInfo, clientId: number) {
  const now = ctx.services.clock.now();
  const booking = await ctx.services.cleaning.bookingOf(clientId, info.day.id);
  const mine = booking?.status === "booked" ? booking : null;
  const text = clientDayText(ctx, info, mine, now, zoneOf(ctx));
  return { text, keyboard: keyboardOf(clientDayButtons(ctx.t, info.day.id, mine !== null, freeSlots(info, now).length > 0)) };
}

/** /cleaning for a client: each coming day in its own message. */
export async function showClientDays(ctx: Context): Promise<void> {
  const client = await clientOf(ctx);
  if (!client) return void (await ctx.reply(ctx.t("cleaning.not_registered")));
  const days = await ctx.services.cleaning.upcoming();
  if (days.length === 0) return void (await ctx.reply(ctx.t("cleaning.client.none")));
  for (const info of days) {
    const { text, keyboard } = await dayView(ctx, info, client.id);
    await ctx.reply(text, { reply_markup: keyboard });
  }
}

/** The tapped message shows the free times to book or to move to; false when there is nothing to offer. */
async function showPicker(ctx: Context, dayId: number, clientId: number): Promise<boolean> {
  const info = await ctx.services.cleaning.day(dayId);
  const booking = await ctx.services.cleaning.bookingOf(clientId, dayId);
  const mine = booking?.status === "booked" ? booking : null;
  const free = info && info.day.status === "open" ? freeSlots(info, ctx.services.clock.now(), mine?.slotId) : [];
  if (!info || free.length === 0) return false;
  const buttons = free.map((s) => ({ id: s.id, label: slotButton(ctx, s, zoneOf(ctx)) }));
  await editIfChanged(ctx, pickerText(ctx, info, mine, free, zoneOf(ctx)), createSlotPickerKeyboard(ctx.t, dayId, mine ? "move" : "book", buttons));
  return true;
}

/** Runs a client's tap with their client row; anyone else is told to join first. */
const asClient = (run: (ctx: Context, clientId: number, data: string) => Promise<unknown>) => async (ctx: Context) => {
  const client = await clientOf(ctx);
  if (!client) return void (await ctx.answerCallbackQuery({ text: ctx.t("cleaning.not_registered"), show_alert: true }));
  await run(ctx, client.id, ctx.callbackQuery!.data!);
};

privateChats.callbackQuery(cb.slots.filter, asClient(async (ctx, clientId, data) => {
  const { day } = cb.slots.unpack(data);
  if (!(await showPicker(ctx, day, clientId))) return ctx.answerCallbackQuery({ text: ctx.t("cleaning.client.none_free"), show_alert: true });
  await ctx.answerCallbackQuery();
}));

privateChats.callbackQuery(cb.day.filter, asClient(async (ctx, clientId, data) => {
  const info = await ctx.services.cleaning.day(cb.day.unpack(data).day);
  await ctx.answerCallbackQuery();
  if (!info) return;
  const { text, keyboard } = await dayView(ctx, info, clientId);
  await editIfChanged(ctx, text, keyboard);
}));

for (const mode of ["book", "move"] as const) {
  privateChats.callbackQuery(cb[mode].filter, asClient(async (ctx, clientId, data) => {
    const { day, slot } = cb[mode].unpack(data);
    try {
      const { booking, changed } = await ctx.services.cleaning[mode](clientId, day, slot);
      const time = timeOf(booking.startsAt, zoneOf(ctx));
      await ctx.answerCallbackQuery({ text: ctx.t(changed ? `cleaning.client.${mode}_done` : "cleaning.client.already", { time }) });
      // A repeated tap: the message already shows the booking.
      if (!changed) return;
    } catch (error) {
      if (!isDomainError(error) || error.code !== "cleaning_slot_full") return replyDomainError(ctx, error);
      // Full: say so, and offer what is free now in the same message.
      await ctx.answerCallbackQuery({ text: `${errorText(ctx, error)} ${ctx.t("cleaning.client.pick_another")}`, show_alert: true });
      if (await showPicker(ctx, day, clientId)) return;
    }
    const info = (await ctx.services.cleaning.day(day))!;
    const { text, keyboard } = await dayView(ctx, info, clientId);
    await editIfChanged(ctx, text, keyboard);
  }));
}

privateChats.callbackQuery(cb.cancel.filter, asClient(async (ctx, clientId, data) => {
  const { day } = cb.cancel.unpack(data);
  try {
    const changed = await ctx.services.cleaning.cancel(clientId, day);
    await ctx.answerCallbackQuery({ text: ctx.t(changed ? "cleaning.client.cancelled" : "cleaning.client.already_cancelled") });
    if (!changed) return;
  } catch (error) {
    return replyDomainError(ctx, error);
  }
  const info = (await ctx.services.cleaning.day(day))!;
  const { text, keyboard } = await dayView(ctx, info, clientId);
  await editIfChanged(ctx, text, keyboard);
}));
