// A client's side after the request: /tickets lists their own tickets with
// stage and estimate, and their answer to the intake photos ("this is my
// item" / "not mine"). The buttons name a ticket; the domain answers only for
// the client's own, so a forged id reads as no ticket and nothing changes.
import { Composer } from "grammy";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { ticketCallbacks as cb } from "../../keyboards/tickets.ts";
import { ticketNotifyOf } from "../../notices/tickets.ts";
import { clientTicketsText } from "../../views/tickets.ts";
import { clientOf } from "./request.ts";

export const clientComposer = new Composer<Context>();
const privateChats = clientComposer.chatType("private");

/** /tickets for a client (or anyone who is not staff). */
export async function showClientTickets(ctx: Context): Promise<void> {
  const client = await clientOf(ctx);
  if (!client) return void (await ctx.reply(ctx.t("tickets.not_registered")));
  await ctx.reply(clientTicketsText(ctx, await ctx.services.tickets.forClient(client.id)));
}

privateChats.callbackQuery([cb.mine.filter, cb.notmine.filter], async (ctx) => {
  const client = await clientOf(ctx);
  if (!client) return void (await ctx.answerCallbackQuery({ text: ctx.t("tickets.not_registered"), show_alert: true }));
  const data = ctx.callbackQuery.data;
  const mine = cb.mine.filter.test(data);
  try {
    const { changed } = mine
      ? await ctx.services.tickets.confirm(client.id, cb.mine.unpack(data).ticket)
      : await ctx.services.tickets.notMine(client.id, cb.notmine.unpack(data).ticket, await ticketNotifyOf(ctx));
    if (!changed) return void (await ctx.answerCallbackQuery({ text: ctx.t("tickets.unchanged") }));
    await ctx.answerCallbackQuery({ text: ctx.t(mine ? "tickets.mine_done" : "tickets.not_mine_done"), show_alert: !mine });
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
