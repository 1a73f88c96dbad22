// A client's answer to "how do you like it?": a rating 1–5 under the
// question (their own purchase or ticket only; a second tap changes nothing);
// a low one asks what went wrong and for a comment (typed, or "no comment"),
// then the owners are alerted once, each in their own language.
import { Composer, type StorageAdapter } from "grammy";
import type { Context, SessionData } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { isLanguage, type Language } from "../i18n.ts";
import { createNoCommentKeyboard, createProblemKeyboard, feedbackCallbacks as cb } from "../keyboards/feedback.ts";
import { flowOf } from "../middlewares/staff-feature.ts";
import { alertNotice } from "../notices/feedback.ts";
import { problemName, stars } from "../views/feedback.ts";

export function createFeedbackFeature(sessions: StorageAdapter<SessionData>) {
  const feature = new Composer<Context>();
  const privateChats = feature.chatType("private");

  /** Each owner's language as they chose it in the bot (owners have no staff row to keep it). */
  async function ownerLanguages(ctx: Context): Promise<Map<number, Language>> {
    const entries = await Promise.all(
      ctx.config.OWNER_IDS.map(async (id) => {
        const lang = (await sessions.read(String(id)))?.language;
        return [id, isLanguage(lang) ? lang : "ru"] as const;
      }),
    );
    return new Map(entries);
  }

  /** A client who finished joining, or null (staff, someone still joining, someone forgotten). */
  async function clientOf(ctx: Context) {
    const client = await ctx.services.onboarding.findByTelegramId(ctx.from!.id);
    return client?.onboardedAt && !client.forgottenAt ? client : null;
  }

  /** The client's last word: the owners hear of it once; a repeat is thanked without a second alert. */
  async function finish(ctx: Context, clientId: number, feedbackId: number, comment: string | null): Promise<boolean> {
    const { alerted } = await ctx.services.feedback.finish(clientId, feedbackId, comment, alertNotice(await ownerLanguages(ctx)));
    if (flowOf(ctx, "feedback")?.feedbackId === feedbackId) delete ctx.session.flow;
    return alerted;
  }

  privateChats.callbackQuery(cb.rate.filter, async (ctx) => {
    const { target, id, rating } = cb.rate.unpack(ctx.callbackQuery.data);
    const client = await clientOf(ctx);
    if (!client) return ctx.answerCallbackQuery({ text: ctx.t("feedback.not_registered"), show_alert: true });
    let rated;
    try {
      rated = await ctx.services.feedback.rate(client.id, target, id, rating);
    } catch (error) {
      return replyDomainError(ctx, error);
    }
    if (!rated.created) return ctx.answerCallbackQuery({ text: ctx.t("feedback.already") });
    await ctx.answerCallbackQuery({ text: ctx.t("feedback.thanks") });
    // The question keeps its words; its buttons give way to the rating given.
    const question = ctx.callbackQuery.message?.text;
    const given = ctx.t("feedback.rated", { stars: stars(rated.rating) });
    if (question) await ctx.editMessageText(`${question}\n\n${given}`);
    else await ctx.editMessageReplyMarkup();
    if (!rated.low) return void (await ctx.reply(ctx.t("feedback.thanks_high")));
    const feedback = rated.feedbackId;
    await ctx.reply(ctx.t("feedback.ask_problem"), { reply_markup: createProblemKeyboard(ctx.t, (problem) => cb.problem.pack({ feedback, problem })) });
  });

  // The choice can change until the client is done; the same choice again edits nothing.
  privateChats.callbackQuery(cb.problem.filter, async (ctx) => {
    const { feedback, problem } = cb.problem.unpack(ctx.callbackQuery.data);
    const client = await clientOf(ctx);
    if (!client) return ctx.answerCallbackQuery({ text: ctx.t("feedback.not_registered"), show_alert: true });
    let changed: boolean;
    try {
      ({ changed } = await ctx.services.feedback.problem(client.id, feedback, problem));
    } catch (error) {
      return replyDomainError(ctx, error);
    }
    if (!changed) return ctx.answerCallbackQuery();
    await ctx.answerCallbackQuery();
    const markup = createProblemKeyboard(ctx.t, (p) => cb.problem.pack({ feedback, problem: p }));
    await ctx.editMessageText(`${ctx.t("feedback.ask_problem")}\n${ctx.t("feedback.problem_chosen", { problem: problemName(ctx.t, problem)! })}`, { reply_markup: markup });
    if (flowOf(ctx, "feedback")?.feedbackId === feedback) return;
    ctx.session.flow = { kind: "feedback", feedbackId: feedback };
    await ctx.reply(ctx.t("feedback.ask_comment"), { reply_markup: createNoCommentKeyboard(ctx.t, cb.skip.pack({ feedback })) });
  });

  privateChats.callbackQuery(cb.skip.filter, async (ctx) => {
    const { feedback } = cb.skip.unpack(ctx.callbackQuery.data);
    const client = await clientOf(ctx);
    if (!client) return ctx.answerCallbackQuery({ text: ctx.t("feedback.not_registered"), show_alert: true });
    try {
      if (!(await finish(ctx, client.id, feedback, null))) return void (await ctx.answerCallbackQuery({ text: ctx.t("feedback.done_already") }));
    } catch (error) {
      return replyDomainError(ctx, error);
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup();
    await ctx.reply(ctx.t("feedback.done"));
  });

  privateChats
    .filter((ctx) => flowOf(ctx, "feedback") !== undefined)
    .on("message:text", async (ctx, next) => {
      if (ctx.message.text.startsWith("/")) return next();
      const client = await clientOf(ctx);
      if (!client) return next();
      try {
        const alerted = await finish(ctx, client.id, flowOf(ctx, "feedback")!.feedbackId, ctx.message.text);
        await ctx.reply(ctx.t(alerted ? "feedback.done" : "feedback.done_already"));
      } catch (error) {
        await replyDomainError(ctx, error);
      }
    });

  return feature;
}
