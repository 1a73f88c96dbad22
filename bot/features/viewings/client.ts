// A client's side of private viewings: /viewing asks when suits them and what
// they want to see, shows a summary and sends it once per key; a client with
// a live viewing sees it with its buttons instead. Their answer to a proposed
// time and a cancel come from buttons that name the viewing: the domain checks
// it is theirs, so a forged one changes nothing.
import { randomBytes } from "node:crypto";
import { Composer } from "grammy";
import { validateText } from "../../../core/viewings/access.ts";
import type { ViewingView } from "../../../core/viewings/types.ts";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { chatLanguages } from "../../helpers/chat-language.ts";
import { editIfChanged } from "../../helpers/edit-if-changed.ts";
import { showOutcome } from "../../helpers/outcome.ts";
import { clientViewingButtons, createSendKeyboard, keyboardOf, viewingCallbacks as cb } from "../../keyboards/viewings.ts";
import { flowOf as currentFlow, type FlowOf } from "../../middlewares/staff-feature.ts";
import { tierName } from "../../notices/people.ts";
import { viewingNotify } from "../../notices/viewings.ts";
import { clientViewingText } from "../../views/viewings.ts";

type AskFlow = FlowOf<"viewing">;

export const clientComposer = new Composer<Context>();
const privateChats = clientComposer.chatType("private");

/** A client who finished joining, or null (staff, someone still joining, someone forgotten). */
async function clientOf(ctx: Context) {
  const client = await ctx.services.onboarding.findByTelegramId(ctx.from!.id);
  return client?.onboardedAt && !client.forgottenAt ? client : null;
}

/** The words of every notice this update queues: owners read theirs in the language of their chat. */
const notifyOf = async (ctx: Context) => viewingNotify(ctx.config, await chatLanguages(ctx.services.db, ctx.config.OWNER_IDS));

const cardOf = (ctx: Context, v: ViewingView) => {
  const text = clientViewingText(ctx, v);
  return { text: v.status === "confirmed" || v.status === "requested" ? `${text}\n\n${ctx.t("viewings.one_at_a_time")}` : text, keyboard: keyboardOf(clientViewingButtons(ctx.t, v)) };
};

/** /viewing for a client: their live viewing, or why they may not ask, or the first question. */
export async function showClientViewing(ctx: Context): Promise<void> {
  const client = await clientOf(ctx);
  if (!client) return void (await ctx.reply(ctx.t("viewings.not_registered")));
  const live = await ctx.services.viewings.activeFor(client.id);
  if (live) {
    const { text, keyboard } = cardOf(ctx, live);
    return void (await ctx.reply(text, { reply_markup: keyboard }));
  }
  if (!(await ctx.services.viewings.mayRequest(client.id))) {
    return void (await ctx.reply(ctx.t("viewings.tier_only", { tier: tierName(await ctx.services.viewings.minTier(), ctx.lang) })));
  }
  ctx.session.flow = { kind: "viewing", step: "when" };
  await ctx.reply(ctx.t("viewings.ask_when"));
}

privateChats.on("message:text", async (ctx, next) => {
  const flow = currentFlow(ctx, "viewing");
  if (!flow || ctx.message.text.startsWith("/") || flow.step === "confirm") return next();
  try {
    if (flow.step === "when") {
      flow.preferred = validateText(ctx.message.text);
      flow.step = "wants";
      return void (await ctx.reply(ctx.t("viewings.ask_wants")));
    }
    flow.wants = validateText(ctx.message.text);
    flow.step = "confirm";
    flow.key = randomBytes(6).toString("base64url");
    const summary = ctx.t("viewings.summary", { preferred: flow.preferred!, wants: flow.wants });
    await ctx.reply(`${ctx.t("viewings.summary_title")}\n\n${summary}`, { reply_markup: createSendKeyboard(ctx.t, flow.key) });
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

const sentText = (ctx: Context, v: ViewingView) => ctx.t("viewings.sent", { id: v.id });

privateChats.callbackQuery(cb.ok.filter, async (ctx) => {
  const { key } = cb.ok.unpack(ctx.callbackQuery.data);
  const flow: AskFlow | undefined = currentFlow(ctx, "viewing");
  const client = await clientOf(ctx);
  if (!client || flow?.step !== "confirm" || flow.key !== key) {
    // A second tap, or a tap after a restart: the request this key recorded, if any.
    const sent = await ctx.services.viewings.requestedWith(key);
    if (!sent || sent.client.telegramId !== ctx.from.id) {
      await ctx.answerCallbackQuery({ text: ctx.t("viewings.stale"), show_alert: true });
      return void (await ctx.editMessageReplyMarkup());
    }
    await ctx.answerCallbackQuery({ text: ctx.t("viewings.already", { id: sent.id }) });
    return showOutcome(ctx, key, sentText(ctx, sent));
  }
  try {
    const { viewing } = await ctx.services.viewings.request(client.id, { preferred: flow.preferred!, wants: flow.wants! }, key, await notifyOf(ctx));
    delete ctx.session.flow;
    await ctx.answerCallbackQuery();
    await showOutcome(ctx, key, sentText(ctx, viewing));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

for (const action of ["accept", "decline", "cancel"] as const) {
  privateChats.callbackQuery(cb[action].filter, async (ctx) => {
    const client = await clientOf(ctx);
    if (!client) return void (await ctx.answerCallbackQuery({ text: ctx.t("viewings.not_registered"), show_alert: true }));
    try {
      const { viewing, changed } = await ctx.services.viewings[action](client.id, cb[action].unpack(ctx.callbackQuery.data).viewing, await notifyOf(ctx));
      const when = viewing.at ? ctx.fmt.dateTime(viewing.at) : "—";
      await ctx.answerCallbackQuery({ text: changed ? ctx.t(`viewings.${action}_done`, { when }) : ctx.t("viewings.unchanged") });
      // A repeated tap: the message already shows it.
      if (!changed) return;
      const { text, keyboard } = cardOf(ctx, viewing);
      await editIfChanged(ctx, text, keyboard);
    } catch (error) {
      await replyDomainError(ctx, error);
    }
  });
}
