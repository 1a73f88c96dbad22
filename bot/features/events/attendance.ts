// /attendance (staff and owners): the events of today and the last days; one
// tapped opens the list of clients going, each with a toggle. Marking credits
// the event bonus once however often it is tapped (the button carries the
// state it asks for); unmarking takes it back.
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { attendCallbacks as cb, createAttendanceKeyboard, createEventsChoiceKeyboard } from "../../keyboards/events.ts";
import { createStaffComposer } from "../../middlewares/staff-feature.ts";
import { guestName, titleOf } from "../../views/events.ts";

const { feature, staff } = createStaffComposer("attendance", cb.any);
export const attendanceComposer = feature;

const points = (ctx: Context, n: number) => ctx.t("points", { count: n, n: ctx.fmt.number(n) });

async function showEvents(ctx: Context, edit: boolean): Promise<void> {
  const events = await ctx.services.events.list("recent");
  if (events.length === 0) return void (await ctx.reply(ctx.t("events.attendance.none")));
  const keyboard = createEventsChoiceKeyboard(events.map((e) => ({ id: e.id, label: ctx.t("events.attendance.event_button", { when: ctx.fmt.dateTime(e.startsAt), title: titleOf(e, ctx.lang) }) })));
  if (edit) await ctx.editMessageText(ctx.t("events.attendance.choose"), { reply_markup: keyboard });
  else await ctx.reply(ctx.t("events.attendance.choose"), { reply_markup: keyboard });
}

async function showList(ctx: Context, eventId: number): Promise<void> {
  const event = await ctx.services.events.byId(eventId);
  if (!event) return void (await ctx.reply(ctx.t("errors.event_not_found")));
  const people = await ctx.services.events.attendees(eventId);
  const { eventBonus } = await ctx.services.loyalty.settings();
  const title = ctx.t("events.attendance.title", {
    title: titleOf(event, ctx.lang),
    when: ctx.fmt.dateTime(event.startsAt),
    marked: people.filter((p) => p.attended).length,
    total: people.length,
    bonus: points(ctx, eventBonus),
  });
  const text = people.length === 0 ? `${title}\n\n${ctx.t("events.attendance.empty")}` : title;
  const rows = people.map((p) => ({ clientId: p.clientId, attended: p.attended, label: p.guests > 0 ? ctx.t("events.attendance.guest_with", { name: guestName(p) }) : guestName(p) }));
  await ctx.editMessageText(text, { reply_markup: createAttendanceKeyboard(ctx.t, eventId, rows) });
}

staff.command("attendance", (ctx) => showEvents(ctx, false));

staff.callbackQuery(cb.back.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showEvents(ctx, true);
});

staff.callbackQuery(cb.event.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showList(ctx, cb.event.unpack(ctx.callbackQuery.data).event);
});

staff.callbackQuery(cb.mark.filter, async (ctx) => {
  const { event, client, to } = cb.mark.unpack(ctx.callbackQuery.data);
  try {
    const r = await ctx.services.events.markAttendance({ telegramId: ctx.from.id, role: ctx.role }, event, client, to === "on");
    const person = (await ctx.services.events.attendees(event)).find((p) => p.clientId === client);
    const name = person ? guestName(person) : "—";
    const key = r.attended ? (r.points > 0 ? "marked" : "marked_no_bonus") : r.points > 0 ? "unmarked" : "unmarked_no_bonus";
    await ctx.answerCallbackQuery({ text: ctx.t(`events.attendance.${key}`, { name, points: points(ctx, r.points) }) });
    // A repeated tap changed nothing: the list already shows it.
    if (r.changed) await showList(ctx, event);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
