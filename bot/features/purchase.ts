// /purchase (staff and owners): client → amount → items → points → summary →
// confirm. Each answer is checked as it comes; nothing is written until the
// confirm button, and the button's key makes a double tap record one purchase.
import { randomBytes } from "node:crypto";
import { normalizeContactPhone, normalizePhone } from "../../core/clients/phone.ts";
import { looksLikeCard } from "../../core/clients/search.ts";
import { isDomainError } from "../../core/errors.ts";
import { parseMoney, parsePoints } from "../../core/money.ts";
import { validateItem, type PurchaseLogged, type PurchaseOutcome } from "../../core/loyalty/purchases.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { describeMatch, pickClient } from "../helpers/client-picker.ts";
import { showOutcome, showRecorded } from "../helpers/outcome.ts";
import {
  createConfirmKeyboard,
  createItemsDoneKeyboard,
  createNewClientKeyboard,
  createRedeemKeyboard,
  purchaseCallbacks as cb,
} from "../keyboards/purchase.ts";
import { purchaseNotices } from "../notices/loyalty.ts";
import { createStaffComposer, flowOf as currentFlow, type FlowOf } from "../middlewares/staff-feature.ts";
import { formatItem, purchaseOutcomeText, purchaseSummary } from "../views/purchase.ts";

type PurchaseFlow = FlowOf<"purchase">;

const { feature, staff } = createStaffComposer("purchase", cb.any);
export const purchaseFeature = feature;

const flowOf = (ctx: Context) => currentFlow(ctx, "purchase");
const inStep = (step: PurchaseFlow["step"]) => (ctx: Context) => flowOf(ctx)?.step === step;
const fail = (ctx: Context, error: unknown) => replyDomainError(ctx, error, "purchase");

staff.command("purchase", async (ctx) => {
  ctx.session.flow = { kind: "purchase", step: "client", items: [] };
  const query = ctx.match.trim();
  if (query) await chooseClient(ctx, query);
  else await ctx.reply(ctx.t("purchase.ask_client"));
});

staff.filter(inStep("client")).on("message:text", (ctx, next) => (ctx.message.text.startsWith("/") ? next() : chooseClient(ctx, ctx.message.text)));

staff.filter(inStep("client")).on("message:contact", async (ctx) => {
  try {
    await chooseClient(ctx, normalizeContactPhone(ctx.message.contact.phone_number, ctx.services.phoneRegion));
  } catch (error) {
    await fail(ctx, error);
  }
});

staff.callbackQuery(cb.pick.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const flow = flowOf(ctx);
  if (flow?.step !== "client") return;
  await clientChosen(ctx, flow, cb.pick.unpack(ctx.callbackQuery.data).client);
});

staff.callbackQuery(cb.new.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "client" || !flow.newPhone) return ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") });
  await ctx.answerCallbackQuery();
  const { client, created } = await ctx.services.clients.createAtCounter({ telegramId: ctx.from.id, role: ctx.role }, { phone: flow.newPhone });
  if (created) await ctx.reply(ctx.t("purchase.client_created"));
  await clientChosen(ctx, flow, client.id);
});

staff.filter(inStep("amount")).on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  const flow = flowOf(ctx)!;
  try {
    const amount = parseMoney(ctx.message.text);
    await ctx.services.purchases.quote(flow.clientId!, amount);
    flow.amount = amount;
    flow.step = "items";
    await ctx.reply(ctx.t("purchase.ask_items"));
  } catch (error) {
    await fail(ctx, error);
  }
});

staff.filter(inStep("items")).on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  const flow = flowOf(ctx)!;
  const [description = "", stone, metal, size] = ctx.message.text.split(/[;；]/).map((s) => s.trim());
  try {
    const item = validateItem({ description, stone, metal, size });
    flow.items.push(item);
    await ctx.reply(ctx.t("purchase.item_added", { item: formatItem(ctx, item) }), { reply_markup: createItemsDoneKeyboard(ctx.t) });
  } catch (error) {
    await fail(ctx, error);
  }
});

staff.callbackQuery(cb.items.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "items") return ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") });
  if (flow.items.length === 0) return ctx.answerCallbackQuery({ text: ctx.t("purchase.items_required"), show_alert: true });
  await ctx.answerCallbackQuery();
  const quote = await ctx.services.purchases.quote(flow.clientId!, flow.amount!);
  if (quote.maxRedeem === 0) return showSummary(ctx, flow, 0);
  flow.step = "redeem";
  const points = (n: number) => ctx.t("points", { count: n, n: ctx.fmt.number(n) });
  await ctx.reply(ctx.t("purchase.ask_redeem", { balance: points(quote.balance), max: points(quote.maxRedeem) }), {
    reply_markup: createRedeemKeyboard(ctx.t, quote.maxRedeem, ctx.fmt.number(quote.maxRedeem)),
  });
});

staff.filter(inStep("redeem")).on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  try {
    await showSummary(ctx, flowOf(ctx)!, parsePoints(ctx.message.text));
  } catch (error) {
    await fail(ctx, error);
  }
});

staff.callbackQuery(cb.redeem.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "redeem") return ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") });
  await ctx.answerCallbackQuery();
  try {
    await showSummary(ctx, flow, cb.redeem.unpack(ctx.callbackQuery.data).points);
  } catch (error) {
    await fail(ctx, error);
  }
});

// The outcome replaces the summary and its buttons in one edit, so whatever
// moment a crash hits, the seller sees either a button that still works or
// the purchase number; a repeated or stale tap answers with that number.
staff.callbackQuery(cb.ok.filter, async (ctx) => {
  const { key } = cb.ok.unpack(ctx.callbackQuery.data);
  const flow = flowOf(ctx);
  const recorded = async () =>
    showRecorded(ctx, key, await ctx.services.purchases.outcome(key), {
      already: (o) => ctx.t("purchase.already", { id: o.purchase.id }),
      stale: ctx.t("purchase.stale"),
      text: (o) => purchaseOutcomeText(ctx, o),
    });
  if (flow?.step !== "confirm" || flow.key !== key) return recorded();
  const input = { clientId: flow.clientId!, amount: flow.amount!, items: flow.items, redeem: flow.redeem ?? 0, idempotencyKey: key };
  const result = await ctx.services.purchases.log(input, { telegramId: ctx.from.id, role: ctx.role }, (r) => purchaseNotices(r, ctx.config));
  delete ctx.session.flow;
  if (!result.created) return recorded();
  await ctx.answerCallbackQuery();
  await showOutcome(ctx, key, purchaseOutcomeText(ctx, outcomeOf(result)));
});

const outcomeOf = (r: PurchaseLogged): PurchaseOutcome => ({
  purchase: r.purchase,
  balance: r.balance,
  tier: r.tierAfter,
  referralPaid: r.referral !== null,
  hasTelegram: r.client.telegramId !== null,
});

async function chooseClient(ctx: Context, query: string): Promise<void> {
  const flow = flowOf(ctx)!;
  const match = await pickClient(ctx, query, cb.pick, "purchase");
  if (match === null) return;
  if (match !== "none") return clientChosen(ctx, flow, match.id);
  try {
    // Only a valid phone that matched nobody can become a new client; an unknown card number never does.
    if (!looksLikeCard(query)) flow.newPhone = normalizePhone(query, ctx.services.phoneRegion);
  } catch (error) {
    if (!isDomainError(error)) throw error;
  }
  if (flow.newPhone) await ctx.reply(ctx.t("purchase.offer_create", { phone: flow.newPhone }), { reply_markup: createNewClientKeyboard(ctx.t) });
  else await ctx.reply(ctx.t("clients.not_found"));
}

async function clientChosen(ctx: Context, flow: PurchaseFlow, clientId: number): Promise<void> {
  const match = await ctx.services.clients.byId(clientId);
  if (!match) return void (await ctx.reply(ctx.t("clients.not_found")));
  Object.assign(flow, { clientId, step: "amount", newPhone: undefined });
  await ctx.reply(`${ctx.t("purchase.client", { client: describeMatch(ctx, match) })}\n${ctx.t("purchase.ask_amount")}`);
}

async function showSummary(ctx: Context, flow: PurchaseFlow, redeem: number): Promise<void> {
  const quote = await ctx.services.purchases.quote(flow.clientId!, flow.amount!, redeem);
  const match = await ctx.services.clients.byId(flow.clientId!);
  Object.assign(flow, { redeem, step: "confirm", key: randomBytes(6).toString("base64url") });
  await ctx.reply(purchaseSummary(ctx, match ? describeMatch(ctx, match) : "", flow.items, quote), {
    reply_markup: createConfirmKeyboard(ctx.t, flow.key!),
  });
}
