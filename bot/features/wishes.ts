// "I am looking for…" (/wish): a client leaves a wish — stone, kind of
// jewelry, budget, size, a few words — each step skippable; staff record one
// from a client's file ("💍" button). Nothing is written until "save"; the
// same wish saved twice (a double tap, a retry) is recorded once. /wish also
// shows a client their open wishes with buttons to close them.
import { randomBytes } from "node:crypto";
import { Composer } from "grammy";
import { parseMoney } from "../../core/money.ts";
import { wishField } from "../../core/wishes/validate.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { showOutcome } from "../helpers/outcome.ts";
import { clientFileCallbacks } from "../keyboards/client-file.ts";
import { createCloseKeyboard, createKindKeyboard, createNewWishKeyboard, createSkipKeyboard, createWishConfirmKeyboard, wishCallbacks as cb } from "../keyboards/wishes.ts";
import { flowOf, type FlowOf } from "../middlewares/staff-feature.ts";
import { isClient, isStaff, refuse } from "../middlewares/roles.ts";
import { clientName, wishLine, wishSummary } from "../views/wishes.ts";

type WishFlow = FlowOf<"wish">;
type Step = WishFlow["step"];

export const wishesFeature = new Composer<Context>();
const privateChats = wishesFeature.chatType("private");

/** A client who finished joining, or null (staff, someone still joining, someone forgotten). */
async function clientOf(ctx: Context) {
  const client = await ctx.services.onboarding.findByTelegramId(ctx.from!.id);
  return client?.onboardedAt && !client.forgottenAt ? client : null;
}

/** Asks for a step's answer, with its skip button (the kind also offers kinds as buttons). */
async function ask(ctx: Context, flow: WishFlow, step: Exclude<Step, "confirm">, name?: string): Promise<void> {
  flow.step = step;
  if (step === "kind") return void (await ctx.reply(ctx.t("wishes.ask_kind"), { reply_markup: createKindKeyboard(ctx.t) }));
  const text = step === "stone" && flow.byStaff ? ctx.t("wishes.ask_stone_staff", { name: name ?? "" }) : ctx.t(`wishes.ask_${step}`);
  await ctx.reply(text, { reply_markup: createSkipKeyboard(ctx.t, step) });
}

const NEXT: Record<Exclude<Step, "confirm">, Step> = { stone: "kind", kind: "budget", budget: "size", size: "text", text: "confirm" };

/** On to the next step, or to the summary with its save button after the last. */
async function advance(ctx: Context, flow: WishFlow): Promise<void> {
  const next = NEXT[flow.step as Exclude<Step, "confirm">];
  if (next !== "confirm") return ask(ctx, flow, next);
  const { stone, jewelryKind, text } = flow.draft;
  // Nothing said about what is wanted: back to the start, with the reason.
  if (!stone && !jewelryKind && !text) {
    await ctx.reply(ctx.t("errors.wish_empty"));
    return ask(ctx, flow, "stone");
  }
  flow.step = "confirm";
  flow.key = randomBytes(6).toString("base64url");
  await ctx.reply(wishSummary(ctx, flow.draft), { reply_markup: createWishConfirmKeyboard(ctx.t, flow.key) });
}

async function start(ctx: Context, clientId: number, byStaff: boolean, name?: string): Promise<void> {
  const flow: WishFlow = { kind: "wish", step: "stone", clientId, byStaff, draft: {} };
  ctx.session.flow = flow;
  await ask(ctx, flow, "stone", name);
}

privateChats.filter(isClient).command("wish", async (ctx) => {
  const client = await clientOf(ctx);
  if (!client) return void (await ctx.reply(ctx.t("wishes.not_registered")));
  const open = await ctx.services.wishes.openOf(client.id);
  if (open.length === 0) return start(ctx, client.id, false);
  await ctx.reply(ctx.t("wishes.mine_title"));
  for (const w of open) await ctx.reply(wishLine(ctx, w), { reply_markup: createCloseKeyboard(ctx.t, w.id) });
  await ctx.reply(ctx.t("wishes.more_prompt"), { reply_markup: createNewWishKeyboard(ctx.t) });
});

// Staff record a client's wish from the file, not with /wish.
privateChats.command("wish", (ctx) => ctx.reply(ctx.t("wishes.staff_hint")));

privateChats.callbackQuery(cb.new.filter, async (ctx) => {
  const client = isClient(ctx) ? await clientOf(ctx) : null;
  if (!client) return ctx.answerCallbackQuery({ text: ctx.t(isClient(ctx) ? "wishes.not_registered" : "wishes.staff_hint"), show_alert: true });
  await ctx.answerCallbackQuery();
  await start(ctx, client.id, false);
});

// Deny by default: the file's button is for staff; a client with forged data is refused before anything is read.
privateChats.callbackQuery(clientFileCallbacks.wish.filter, async (ctx) => {
  if (!isStaff(ctx)) return refuse(ctx);
  const match = await ctx.services.clients.byId(clientFileCallbacks.wish.unpack(ctx.callbackQuery.data).client);
  if (!match) return ctx.answerCallbackQuery({ text: ctx.t("clients.not_found"), show_alert: true });
  await ctx.answerCallbackQuery();
  await start(ctx, match.id, true, clientName(match));
});

const inFlow = privateChats.filter((ctx) => flowOf(ctx, "wish") !== undefined);

inFlow.on("message:text", async (ctx, next) => {
  const flow = flowOf(ctx, "wish")!;
  const text = ctx.message.text;
  if (text.startsWith("/") || flow.step === "confirm") return next();
  try {
    if (flow.step === "stone") flow.draft.stone = wishField("stone", text);
    else if (flow.step === "kind") flow.draft.jewelryKind = wishField("jewelryKind", text);
    else if (flow.step === "budget") flow.draft.budget = parseMoney(text);
    else if (flow.step === "size") flow.draft.size = wishField("size", text);
    else flow.draft.text = wishField("text", text);
  } catch (error) {
    return replyDomainError(ctx, error);
  }
  await advance(ctx, flow);
});

// A step's button counts only at that step: a double tap, or an old message's button, does nothing.
inFlow.callbackQuery(cb.skip.filter, async (ctx) => {
  const flow = flowOf(ctx, "wish")!;
  if (flow.step !== cb.skip.unpack(ctx.callbackQuery.data).step) return ctx.answerCallbackQuery({ text: ctx.t("wishes.stale") });
  await ctx.answerCallbackQuery();
  await advance(ctx, flow);
});

inFlow.callbackQuery(cb.kind.filter, async (ctx) => {
  const flow = flowOf(ctx, "wish")!;
  if (flow.step !== "kind") return ctx.answerCallbackQuery({ text: ctx.t("wishes.stale") });
  flow.draft.jewelryKind = cb.kind.unpack(ctx.callbackQuery.data).kind;
  await ctx.answerCallbackQuery();
  await advance(ctx, flow);
});

// Save: the summary turns into the wish's number; a second tap finds no flow and changes nothing.
privateChats.callbackQuery(cb.ok.filter, async (ctx) => {
  const { key } = cb.ok.unpack(ctx.callbackQuery.data);
  const flow = flowOf(ctx, "wish");
  if (flow?.step !== "confirm" || flow.key !== key) return ctx.answerCallbackQuery({ text: ctx.t("wishes.stale") });
  const actor = { telegramId: ctx.from.id, role: flow.byStaff ? ctx.role : ("client" as const) };
  try {
    const { wish, created } = await ctx.services.wishes.create(flow.clientId, flow.draft, actor);
    delete ctx.session.flow;
    await ctx.answerCallbackQuery(created ? undefined : { text: ctx.t("wishes.already", { id: wish.id }) });
    await showOutcome(ctx, key, ctx.t(flow.byStaff ? "wishes.saved_staff" : "wishes.saved", { id: wish.id }));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
