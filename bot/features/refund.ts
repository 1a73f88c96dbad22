// /refund (staff and owners): a whole purchase or part of it. The seller sees
// what can still be returned, confirms, and the client is told in their language.
import { randomBytes } from "node:crypto";
import { DomainError, money } from "../../core/errors.ts";
import { parseMoney } from "../../core/money.ts";
import type { RefundDone, RefundOutcome } from "../../core/loyalty/refunds.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { showOutcome, showRecorded } from "../helpers/outcome.ts";
import { createRefundAllKeyboard, createRefundConfirmKeyboard, refundCallbacks as cb } from "../keyboards/refund.ts";
import { refundNotices } from "../notices/loyalty.ts";
import { addressOf, tierName } from "../notices/people.ts";
import { createStaffComposer, flowOf as currentFlow, type FlowOf } from "../middlewares/staff-feature.ts";

type RefundFlow = FlowOf<"refund">;

const { feature, staff } = createStaffComposer("refund", cb.any);
export const refundFeature = feature;

const flowOf = (ctx: Context) => currentFlow(ctx, "refund");
const inStep = (step: RefundFlow["step"]) => (ctx: Context) => flowOf(ctx)?.step === step;
const fail = (ctx: Context, error: unknown) => replyDomainError(ctx, error, "refund");

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
    await fail(ctx, error);
  }
});

staff.callbackQuery(cb.all.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "amount") return ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") });
  await ctx.answerCallbackQuery();
  try {
    const { remaining } = await ctx.services.refunds.refundable(flow.purchaseId!);
    await askConfirm(ctx, flow, remaining);
  } catch (error) {
    await fail(ctx, error);
  }
});

// As for purchases: the outcome replaces the question and its buttons in one
// edit, and a repeated or stale tap answers with what was recorded.
staff.callbackQuery(cb.ok.filter, async (ctx) => {
  const { key } = cb.ok.unpack(ctx.callbackQuery.data);
  const flow = flowOf(ctx);
  const recorded = async () =>
    showRecorded(ctx, key, await ctx.services.refunds.outcome(key), {
      already: (o) => ctx.t("refund.already", { id: o.refund.purchaseId }),
      stale: ctx.t("refund.stale"),
      text: (o) => refundOutcomeText(ctx, o, 0),
    });
  if (flow?.step !== "confirm" || flow.key !== key) return recorded();
  const input = { purchaseId: flow.purchaseId!, amount: flow.amount!, idempotencyKey: key };
  let result: RefundDone | { created: false };
  try {
    result = await ctx.services.refunds.refund(input, { telegramId: ctx.from.id, role: ctx.role }, (done) => refundNotices(done, ctx.config));
  } catch (error) {
    // Another return of the same purchase got there first: the amount no longer fits.
    delete ctx.session.flow;
    await fail(ctx, error);
    return void (await ctx.editMessageReplyMarkup());
  }
  delete ctx.session.flow;
  if (!result.created) return recorded();
  await ctx.answerCallbackQuery();
  await showOutcome(ctx, key, refundOutcomeText(ctx, { refund: result.refund, balance: result.balance, tier: result.tierAfter }, result.shortfall));
});

function refundOutcomeText(ctx: Context, o: RefundOutcome, shortfall: number): string {
  const points = (n: number) => ctx.t("points", { count: n, n: ctx.fmt.number(n) });
  const lines = [
    ctx.t("refund.done", { id: o.refund.purchaseId, amount: ctx.fmt.money(o.refund.amount) }),
    ctx.t("refund.done_points", { returned: points(o.refund.pointsReturned), reversed: points(o.refund.cashbackReversed), balance: points(o.balance) }),
  ];
  if (shortfall > 0) lines.push(ctx.t("refund.shortfall", { points: points(shortfall) }));
  if (o.tier) lines.push(ctx.t("refund.tier", { tier: tierName(o.tier, ctx.lang) }));
  return lines.join("\n");
}

async function choosePurchase(ctx: Context, text: string): Promise<void> {
  const flow = flowOf(ctx)!;
  if (!/^\d{1,9}$/.test(text)) return void (await ctx.reply(ctx.t("refund.ask_purchase")));
  try {
    const { purchase, remaining } = await ctx.services.refunds.refundable(Number(text));
    Object.assign(flow, { purchaseId: purchase.id, step: "amount" });
    await ctx.reply(
      ctx.t("refund.purchase", {
        id: purchase.id,
        date: ctx.fmt.date(purchase.createdAt),
        client: addressOf(purchase.client, ctx.lang) || ctx.t("clients.no_name"),
        paid: ctx.fmt.money(purchase.paid),
        remaining: ctx.fmt.money(remaining),
        items: purchase.items.map((i) => i.description).join(", "),
      }),
      { reply_markup: createRefundAllKeyboard(ctx.t, ctx.fmt.money(remaining)) },
    );
  } catch (error) {
    await fail(ctx, error);
  }
}

async function askConfirm(ctx: Context, flow: RefundFlow, amount: number): Promise<void> {
  const { remaining } = await ctx.services.refunds.refundable(flow.purchaseId!);
  if (amount > remaining) return fail(ctx, new DomainError("refund_too_large", { max: money(remaining) }));
  Object.assign(flow, { amount, step: "confirm", key: randomBytes(6).toString("base64url") });
  await ctx.reply(ctx.t("refund.ask_confirm", { id: flow.purchaseId, amount: ctx.fmt.money(amount) }), {
    reply_markup: createRefundConfirmKeyboard(ctx.t, flow.key!),
  });
}
