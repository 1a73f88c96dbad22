// Staff record a refusal, a return or a complaint from a client's file
// ("📝" button): the kind, what went wrong, a comment (typed, or "no
// comment"). The flow's key makes the last step write once.
import { randomBytes } from "node:crypto";
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { clientFileCallbacks } from "../keyboards/client-file.ts";
import { createNoCommentKeyboard, createProblemKeyboard, createRecordKindKeyboard, recordCallbacks as cb } from "../keyboards/feedback.ts";
import { flowOf } from "../middlewares/staff-feature.ts";
import { isStaff, refuse } from "../middlewares/roles.ts";
import { problemName } from "../views/feedback.ts";
import { clientName } from "../views/wishes.ts";

export const feedbackRecordFeature = new Composer<Context>();
const privateChats = feedbackRecordFeature.chatType("private");
// Deny by default: a client with forged data is refused before anything is read.
privateChats.callbackQuery([clientFileCallbacks.feedback.filter, cb.any], (ctx, next) => (isStaff(ctx) ? next() : refuse(ctx)));
const staff = privateChats.filter(isStaff);

const stale = (ctx: Context) => ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") });

staff.callbackQuery(clientFileCallbacks.feedback.filter, async (ctx) => {
  const match = await ctx.services.clients.byId(clientFileCallbacks.feedback.unpack(ctx.callbackQuery.data).client);
  if (!match) return ctx.answerCallbackQuery({ text: ctx.t("clients.not_found"), show_alert: true });
  await ctx.answerCallbackQuery();
  ctx.session.flow = { kind: "feedback_record", clientId: match.id, step: "kind", key: randomBytes(6).toString("base64url") };
  await ctx.reply(ctx.t("feedback.record.ask_kind", { name: clientName(match) }), { reply_markup: createRecordKindKeyboard(ctx.t) });
});

staff.callbackQuery(cb.kind.filter, async (ctx) => {
  const flow = flowOf(ctx, "feedback_record");
  if (flow?.step !== "kind") return stale(ctx);
  Object.assign(flow, { record: cb.kind.unpack(ctx.callbackQuery.data).kind, step: "problem" });
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("feedback.record.ask_problem"), { reply_markup: createProblemKeyboard(ctx.t, (problem) => cb.problem.pack({ problem })) });
});

staff.callbackQuery(cb.problem.filter, async (ctx) => {
  const flow = flowOf(ctx, "feedback_record");
  if (flow?.step !== "problem") return stale(ctx);
  Object.assign(flow, { problem: cb.problem.unpack(ctx.callbackQuery.data).problem, step: "comment" });
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("feedback.record.ask_comment"), { reply_markup: createNoCommentKeyboard(ctx.t, cb.skip.pack({ key: flow.key })) });
});

async function save(ctx: Context, comment: string | null): Promise<void> {
  const flow = flowOf(ctx, "feedback_record")!;
  const actor = { telegramId: ctx.from!.id, role: ctx.role };
  await ctx.services.feedback.record(actor, flow.clientId, { kind: flow.record!, problem: flow.problem!, comment, key: flow.key });
  delete ctx.session.flow;
  await ctx.reply(ctx.t("feedback.record.saved", { kind: ctx.t(`feedback.record.kind.${flow.record!}`), problem: problemName(ctx.t, flow.problem!)! }));
}

staff.callbackQuery(cb.skip.filter, async (ctx) => {
  const flow = flowOf(ctx, "feedback_record");
  if (flow?.step !== "comment" || flow.key !== cb.skip.unpack(ctx.callbackQuery.data).key) return stale(ctx);
  try {
    await save(ctx, null);
  } catch (error) {
    return replyDomainError(ctx, error);
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
});

staff
  .filter((ctx) => flowOf(ctx, "feedback_record")?.step === "comment")
  .on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    try {
      await save(ctx, ctx.message.text);
    } catch (error) {
      await replyDomainError(ctx, error);
    }
  });
