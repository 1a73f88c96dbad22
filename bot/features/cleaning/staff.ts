// Staff's side of cleaning days (owners too): /cleaning lists the days from a
// week ago on; a day shows who is booked by slot; a slot opens its clients
// with a mark each (came / not come, a second tap on a mark takes it back).
// Deny by default: every staff button is refused to anyone else.
import { Composer } from "grammy";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { editIfChanged } from "../../helpers/edit-if-changed.ts";
import { cleaningStaffCallbacks as cb, createMarksKeyboard, createStaffDayKeyboard, createStaffDaysKeyboard } from "../../keyboards/cleaning.ts";
import { isOwner, isStaff, refuse } from "../../middlewares/roles.ts";
import { personName, staffDayButton, staffDayText, staffSlotText, timeOf } from "../../views/cleaning.ts";

export const staffComposer = new Composer<Context>();
const privateChats = staffComposer.chatType("private");
privateChats.callbackQuery(cb.any, (ctx, next) => (isStaff(ctx) ? next() : refuse(ctx)));
const staff = privateChats.filter(isStaff);

const zoneOf = (ctx: Context) => ctx.config.SHOP_TIMEZONE;

/** /cleaning for staff and owners (or back to it): the days, and for owners the announce button. */
export async function showStaffDays(ctx: Context, edit = false): Promise<void> {
  const days = await ctx.services.cleaning.forStaff();
  const owner = isOwner(ctx);
  const text = days.length ? ctx.t("cleaning.staff.days") : ctx.t(owner ? "cleaning.staff.none_owner" : "cleaning.staff.none");
  const keyboard = createStaffDaysKeyboard(ctx.t, days.map((info) => ({ id: info.day.id, label: staffDayButton(ctx, info) })), owner);
  const markup = keyboard.inline_keyboard.length ? { reply_markup: keyboard } : {};
  if (edit) await editIfChanged(ctx, text, keyboard);
  else await ctx.reply(text, markup);
}

async function showDay(ctx: Context, dayId: number): Promise<void> {
  const info = await ctx.services.cleaning.day(dayId);
  if (!info) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.cleaning_day_not_found"), show_alert: true }));
  await ctx.answerCallbackQuery();
  const list = await ctx.services.cleaning.list(dayId);
  const slots = info.slots.filter((s) => s.taken > 0 || list.some((e) => e.slotId === s.id));
  const buttons = slots.map((s) => ({ id: s.id, label: ctx.t("cleaning.staff.slot_button", { time: timeOf(s.startsAt, zoneOf(ctx)), n: list.filter((e) => e.slotId === s.id).length }) }));
  await editIfChanged(ctx, staffDayText(ctx, info, list, zoneOf(ctx)), createStaffDayKeyboard(ctx.t, buttons));
}

async function showSlot(ctx: Context, dayId: number, slotId: number): Promise<void> {
  const info = await ctx.services.cleaning.day(dayId);
  const slot = info?.slots.find((s) => s.id === slotId);
  if (!info || !slot) return;
  const people = (await ctx.services.cleaning.list(dayId)).filter((e) => e.slotId === slotId);
  const text = staffSlotText(ctx, info, slot, people, zoneOf(ctx));
  await editIfChanged(ctx, text, createMarksKeyboard(ctx.t, dayId, people.map((e) => ({ bookingId: e.bookingId, status: e.status, label: personName(e) }))));
}

staff.callbackQuery(cb.days.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showStaffDays(ctx, true);
});

staff.callbackQuery(cb.day.filter, (ctx) => showDay(ctx, cb.day.unpack(ctx.callbackQuery.data).day));

staff.callbackQuery(cb.slot.filter, async (ctx) => {
  const { slot } = cb.slot.unpack(ctx.callbackQuery.data);
  const dayId = await ctx.services.cleaning.dayOfSlot(slot);
  if (dayId === null) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.cleaning_slot_not_found"), show_alert: true }));
  await ctx.answerCallbackQuery();
  await showSlot(ctx, dayId, slot);
});

staff.callbackQuery(cb.mark.filter, async (ctx) => {
  const { booking, to } = cb.mark.unpack(ctx.callbackQuery.data);
  try {
    const r = await ctx.services.cleaning.mark({ telegramId: ctx.from.id, role: ctx.role }, booking, to);
    const person = (await ctx.services.cleaning.list(r.dayId)).find((e) => e.bookingId === booking);
    await ctx.answerCallbackQuery({ text: r.changed ? ctx.t(`cleaning.staff.marked_${to}`, { name: person ? personName(person) : "—" }) : ctx.t("cleaning.staff.unchanged") });
    // A repeated tap changed nothing: the list already shows it.
    if (r.changed) await showSlot(ctx, r.dayId, r.slotId);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
