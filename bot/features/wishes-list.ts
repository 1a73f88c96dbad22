// Staff's side of wishes: /wishes lists the open ones, oldest first
// (`/wishes изумруд` only those for that stone), one message each with
// "arrived" (the client is told in their language and invited in) and the
// close buttons; a client closes their own from /wish with the same buttons.
import type { WishWithClient } from "../../core/wishes/types.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { createCloseKeyboard, wishCallbacks as cb } from "../keyboards/wishes.ts";
import { isClient, isStaff } from "../middlewares/roles.ts";
import { createStaffComposer } from "../middlewares/staff-feature.ts";
import { arrivedNotice } from "../notices/wishes.ts";
import { formatPhone } from "../../core/clients/phone.ts";
import { staffWishText, wishLine } from "../views/wishes.ts";

const { feature, staff } = createStaffComposer("wishes", cb.arrived.filter);
export const wishesListFeature = feature;

/** How many wishes one /wishes shows: one message each. */
const SHOWN = 10;

staff.command("wishes", async (ctx) => {
  const stone = ctx.match.trim().replace(/\s+/g, " ").slice(0, 40) || null;
  const { total, wishes } = await ctx.services.wishes.listOpen(stone, SHOWN);
  if (total === 0) return void (await ctx.reply(stone ? ctx.t("wishes.list_none_stone", { stone }) : ctx.t("wishes.list_none")));
  await ctx.reply(stone ? ctx.t("wishes.list_title_stone", { stone, count: total }) : ctx.t("wishes.list_title", { count: total }));
  for (const w of wishes) await ctx.reply(staffWishText(ctx, w), { reply_markup: createCloseKeyboard(ctx.t, w.id, true) });
  if (total > wishes.length) await ctx.reply(ctx.t("wishes.list_more", { shown: wishes.length }));
});

staff.callbackQuery(cb.arrived.filter, async (ctx) => {
  const id = cb.arrived.unpack(ctx.callbackQuery.data).wish;
  try {
    const { wish, changed, notified } = await ctx.services.wishes.arrived(id, arrivedNotice(ctx.config));
    if (!changed) return void (await ctx.answerCallbackQuery({ text: ctx.t("wishes.arrived_already") }));
    const phone = wish.client.phone ? formatPhone(wish.client.phone) : ctx.t("wishes.no_phone");
    const outcome = notified ? ctx.t("wishes.arrived_done", { date: ctx.fmt.dateTime(wish.notifiedAt!) }) : ctx.t("wishes.arrived_no_telegram", { phone });
    await ctx.answerCallbackQuery(notified ? { text: ctx.t("wishes.arrived_toast") } : { text: outcome, show_alert: true });
    await ctx.editMessageText(`${staffWishText(ctx, wish)}\n\n${outcome}`);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

/** The closed wish's message as its reader saw it, with how it ended and no buttons. */
const closedText = (ctx: Context, w: WishWithClient) =>
  `${isStaff(ctx) ? staffWishText(ctx, w) : wishLine(ctx, w)}\n\n${ctx.t(`wishes.closed.${w.closedReason === "found_elsewhere" ? "found_elsewhere" : "not_wanted"}`)}`;

// Staff close any wish; a client only their own (the domain refuses another's as not found).
feature.chatType("private").callbackQuery(cb.close.filter, async (ctx) => {
  const { wish: id, reason } = cb.close.unpack(ctx.callbackQuery.data);
  let by: { staff: true } | { clientId: number };
  if (isStaff(ctx)) by = { staff: true };
  else {
    const client = isClient(ctx) ? await ctx.services.onboarding.findByTelegramId(ctx.from.id) : null;
    if (!client?.onboardedAt || client.forgottenAt) return ctx.answerCallbackQuery({ text: ctx.t("wishes.not_registered"), show_alert: true });
    by = { clientId: client.id };
  }
  try {
    const { wish, changed } = await ctx.services.wishes.close(id, reason, by);
    if (!changed) return void (await ctx.answerCallbackQuery({ text: ctx.t("wishes.already_closed") }));
    await ctx.answerCallbackQuery({ text: ctx.t("wishes.closed_toast") });
    await ctx.editMessageText(closedText(ctx, wish));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
