// /refund (staff and owners): a whole purchase or part of it. The seller sees
// what can still be returned, confirms, and the client is told in their language.
import { randomBytes } from "node:crypto";
import { InlineKeyboard } from "grammy";
import { parseMoney } from "../../core/money.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { refundNotices } from "../notices/loyalty.ts";
import { addressOf, tierName } from "../notices/people.ts";
import { createStaffComposer, flowOf as currentFlow, type FlowOf } from "../middlewares/staff-feature.ts";

type RefundFlow = FlowOf<"refund">;

const { feature, staff } = createStaffComposer("refund", /^ref:/);
export const refundFeature = feature;

const flowOf = (ctx: Context) => currentFlow(ctx, "refund");
const inStep = (step: RefundFlow["step"]) => (ctx: Context) => flowOf(ctx)?.step === step;

staff.command("refund", async (ctx) => {
  ctx.session.flow = { kind: "refund", step: "purchase" };
  const arg = ctx.match.trim().replace(/^№\s*/, "");
  if (arg) await choosePurchase(ctx, arg);
  else await ctx.reply(ctx.t("refund.ask_purchase"));
});

staff.filter(inStep("purchase")).on("message:text", (ctx, next) =>
  ctx.message.text.startsWith("/") ? next() : choosePurchase(ctx, ctx.message.text.trim().replace(/^№\s*/, "")),
);

staff.filter(inStep("amount")).on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  try {
    await askConfirm(ctx, flowOf(ctx)!, parseMoney(ctx.message.text));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

staff.callbackQuery("ref:all", async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "amount") return ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") });
  await ctx.answerCallbackQuery();
  const { remaining } = await ctx.services.refunds.refundable(flow.purchaseId!);
  await askConfirm(ctx, flow, remaining);
});

staff.callbackQuery(/^ref:ok:([\w-]+)$/, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "confirm" || flow.key !== ctx.match[1]) return ctx.answerCallbackQuery({ text: ctx.t("refund.already") });
  const input = { purchaseId: flow.purchaseId!, amount: flow.amount!, idempotencyKey: ctx.match[1]! };
  delete ctx.session.flow;
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  try {
    const r = await ctx.services.refunds.refund(input, { telegramId: ctx.from.id, role: ctx.role }, (done) => refundNotices(done, ctx.config));
    if (!r.created) return void (await ctx.reply(ctx.t("refund.already")));
    const points = (n: number) => ctx.t("points", { count: n, n: ctx.fmt.number(n) });
    const lines = [
      ctx.t("refund.done", { id: r.purchase.id, amount: ctx.fmt.money(r.refund.amount) }),
      ctx.t("refund.done_points", { returned: points(r.refund.pointsReturned), reversed: points(r.refund.cashbackReversed), balance: points(r.balance) }),
    ];
    if (r.shortfall > 0) lines.push(ctx.t("refund.shortfall", { points: points(r.shortfall) }));
    if (r.tierAfter && r.tierBefore?.id !== r.tierAfter.id) lines.push(ctx.t("refund.tier", { tier: tierName(r.tierAfter, ctx.lang) }));
    await ctx.reply(lines.join("\n"));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

async function choosePurchase(ctx: Context, text: string): Promise<void> {
  const flow = flowOf(ctx)!;
  if (!/^\d{1,9}$/.test(text)) return void (await ctx.reply(ctx.t("refund.ask_purchase")));
  try {
    const { purchase, remaining } = await ctx.services.refunds.refundable(Number(text));
    Object.assign(flow, { purchaseId: purchase.id, step: "amount" });
    const keyboard = new InlineKeyboard().text(ctx.t("refund.all", { amount: ctx.fmt.money(remaining) }), "ref:all").text(ctx.t("purchase.cancel"), "flow:cancel");
    await ctx.reply(
      ctx.t("refund.purchase", {
        id: purchase.id,
        date: ctx.fmt.date(purchase.createdAt),
        client: addressOf(purchase.client, ctx.lang) || ctx.t("clients.no_name"),
        paid: ctx.fmt.money(purchase.paid),
        remaining: ctx.fmt.money(remaining),
        items: purchase.items.map((i) => i.description).join(", "),
      }),
      { reply_markup: keyboard },
    );
  } catch (error) {
    await replyDomainError(ctx, error);
  }
}

async function askConfirm(ctx: Context, flow: RefundFlow, amount: number): Promise<void> {
  const { remaining } = await ctx.services.refunds.refundable(flow.purchaseId!);
  if (amount > remaining) return void (await ctx.reply(ctx.t("errors.refund_too_large", { max: ctx.fmt.money(remaining) })));
  Object.assign(flow, { amount, step: "confirm", key: randomBytes(6).toString("base64url") });
  const keyboard = new InlineKeyboard().text(ctx.t("refund.confirm"), `ref:ok:${flow.key}`).text(ctx.t("purchase.cancel"), "flow:cancel");
  await ctx.reply(ctx.t("refund.ask_confirm", { id: flow.purchaseId, amount: ctx.fmt.money(amount) }), { reply_markup: keyboard });
}
