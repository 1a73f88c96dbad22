// Staff's side of private viewings (owners too): /viewing lists the requests
// still to answer and the viewings to come; "confirm" or "propose" under a
// request (in the list or in the notice) asks for the time, typed as
// "12.12 15:00" in the shop's time zone. Deny by default: the staff buttons
// are refused to anyone else, and so is a typed time outside the flow.
import { Composer } from "grammy";
import { parseShopDateTime } from "../../../core/calendar.ts";
import { DomainError, isDomainError } from "../../../core/errors.ts";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { chatLanguages } from "../../helpers/chat-language.ts";
import { keyboardOf, staffViewingButtons, viewingStaffCallbacks as cb } from "../../keyboards/viewings.ts";
import { isStaff, refuse } from "../../middlewares/roles.ts";
import { flowOf } from "../../middlewares/staff-feature.ts";
import { viewingNotify } from "../../notices/viewings.ts";
import { staffViewingText } from "../../views/viewings.ts";

export const staffComposer = new Composer<Context>();
const privateChats = staffComposer.chatType("private");
privateChats.callbackQuery(cb.any, (ctx, next) => (isStaff(ctx) ? next() : refuse(ctx)));
const staff = privateChats.filter(isStaff);

const DONE = { confirm: "confirmed", propose: "proposed" } as const;

/** /viewing for staff and owners: one message per request or coming viewing. */
export async function showStaffViewings(ctx: Context): Promise<void> {
  const open = await ctx.services.viewings.open();
  if (open.length === 0) return void (await ctx.reply(ctx.t("viewings.staff.none")));
  for (const v of open) {
    const answerable = v.status === "requested" || v.status === "proposed";
    await ctx.reply(staffViewingText(ctx, v), answerable ? { reply_markup: keyboardOf(staffViewingButtons(ctx.t, v.id)) } : {});
  }
}

for (const mode of ["confirm", "propose"] as const) {
  staff.callbackQuery(cb[mode].filter, async (ctx) => {
    const id = cb[mode].unpack(ctx.callbackQuery.data).viewing;
    const v = await ctx.services.viewings.byId(id);
    if (!v) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.viewing_not_found"), show_alert: true }));
    if (v.status !== "requested" && v.status !== "proposed") return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.viewing_handled"), show_alert: true }));
    await ctx.answerCallbackQuery();
    ctx.session.flow = { kind: "viewing_time", viewingId: id, mode };
    await ctx.reply(ctx.t(`viewings.staff.ask_${mode}`, { id }));
  });
}

staff.on("message:text", async (ctx, next) => {
  const flow = flowOf(ctx, "viewing_time");
  if (!flow || ctx.message.text.startsWith("/")) return next();
  try {
    const at = parseShopDateTime(ctx.message.text, ctx.services.clock.now(), ctx.config.SHOP_TIMEZONE);
    if (!at) throw new DomainError("viewing_time_invalid");
    const notify = viewingNotify(ctx.config, await chatLanguages(ctx.services.db, ctx.config.OWNER_IDS));
    const v = await ctx.services.viewings[flow.mode]({ telegramId: ctx.from.id, role: ctx.role }, flow.viewingId, at, notify);
    delete ctx.session.flow;
    await ctx.reply(ctx.t(`viewings.staff.${DONE[flow.mode]}`, { id: v.id, when: ctx.fmt.dateTime(at) }));
  } catch (error) {
    // Someone else answered it meanwhile: nothing left to type for.
    if (isDomainError(error) && (error.code === "viewing_handled" || error.code === "viewing_not_found")) delete ctx.session.flow;
    await replyDomainError(ctx, error);
  }
});
