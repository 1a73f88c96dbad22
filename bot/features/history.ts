// /history (clients): purchases and the points ledger, newest first, paged
// with buttons that edit the same message.
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { createHistoryKeyboard, historyCallbacks, type HistoryView } from "../keyboards/history.ts";
import { isClient } from "../middlewares/roles.ts";

export const historyFeature = new Composer<Context>();
const clients = historyFeature.chatType("private").filter(isClient);

clients.command("history", (ctx) => showHistory(ctx, "p", 0, false));
clients.callbackQuery(historyCallbacks.page.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const { view, page } = historyCallbacks.page.unpack(ctx.callbackQuery.data);
  await showHistory(ctx, view, page, true);
});

async function showHistory(ctx: Context, view: HistoryView, page: number, edit: boolean): Promise<void> {
  const client = await ctx.services.onboarding.findByTelegramId(ctx.from!.id);
  if (!client?.onboardedAt) return void (await ctx.reply(ctx.t("card.not_registered")));
  const { text, pages, current } = view === "p" ? await purchasesText(ctx, client.id, page) : await ledgerText(ctx, client.id, page);
  const kb = createHistoryKeyboard(ctx.t, view, current, pages);
  if (edit) await ctx.editMessageText(text, { reply_markup: kb });
  else await ctx.reply(text, { reply_markup: kb });
}

async function purchasesText(ctx: Context, clientId: number, page: number) {
  const h = await ctx.services.history.purchases(clientId, page);
  const { t, fmt } = ctx;
  const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
  const lines = [t("history.purchases_title", { page: h.page + 1, pages: h.pages })];
  if (h.items.length === 0) lines.push(t("history.no_purchases"));
  for (const p of h.items) {
    lines.push(
      "",
      t("history.purchase_line", { id: p.id, date: fmt.date(p.createdAt), amount: fmt.money(p.paid) }),
      ...p.items.map((i) => `  • ${[i.description, i.stone, i.metal].filter(Boolean).join(", ")}`),
      t("history.purchase_points", { earned: points(p.cashbackPoints), used: points(p.redeemedPoints) }),
    );
    if (p.refundedAmount > 0) lines.push(t("history.refunded", { amount: fmt.money(p.refundedAmount) }));
  }
  return { text: lines.join("\n"), pages: h.pages, current: h.page };
}

async function ledgerText(ctx: Context, clientId: number, page: number) {
  const h = await ctx.services.history.points(clientId, page);
  const { t, fmt } = ctx;
  const lines = [t("history.points_title", { page: h.page + 1, pages: h.pages })];
  if (h.items.length === 0) lines.push(t("history.no_points"));
  for (const e of h.items) {
    const amount = `${e.amount > 0 ? "+" : "−"}${t("points", { count: Math.abs(e.amount), n: fmt.number(Math.abs(e.amount)) })}`;
    const until = e.amount > 0 && e.expiresAt ? t("history.until", { date: fmt.date(e.expiresAt) }) : "";
    lines.push(`${fmt.date(e.createdAt)} · ${t(`history.kind.${e.kind}`)} · ${amount}${until}`);
  }
  return { text: lines.join("\n"), pages: h.pages, current: h.page };
}
