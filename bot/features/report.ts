// /report (owners only): pick a period, or type one; the bot sends the figures
// as text, then the four charts as one album. Building and drawing take a
// second or two, so the work runs beside the update: the chat's next update
// (a second tap on a period) is handled meanwhile and told "already
// preparing" instead of building the same report twice.
import { InputFile, InputMediaBuilder } from "grammy";
import type { Period } from "../../core/reports/types.ts";
import type { Context } from "../context.ts";
import { createPeriodKeyboard, reportCallbacks as cb, type ReportPeriod } from "../keyboards/report.ts";
import { createOwnerComposer, flowOf } from "../middlewares/staff-feature.ts";
import { renderCharts } from "../reports/charts.ts";
import { chartLabels } from "../reports/labels.ts";
import { periodText, reportText } from "../views/report.ts";

const { feature, owners } = createOwnerComposer("report", cb.any);
export const reportFeature = feature;

/** Reports being prepared, by chat: in memory, as a restart drops the work anyway. */
const preparing = new Map<number, Promise<void>>();

/** Resolves when every report started so far has been sent (tests, and a graceful stop). */
export async function reportsSettled(): Promise<void> {
  while (preparing.size > 0) await Promise.all(preparing.values());
}

const PERIODS: Record<ReportPeriod, (r: Context["services"]["reports"]) => Period> = {
  this_month: (r) => r.month(),
  last_month: (r) => r.month(-1),
  this_quarter: (r) => r.quarter(),
  this_year: (r) => r.year(),
  last_year: (r) => r.year(-1),
};

async function prepare(ctx: Context, period: Period): Promise<void> {
  await ctx.replyWithChatAction("upload_photo");
  const report = await ctx.services.reports.build(period);
  const span = periodText(ctx, period);
  if (report.empty) return void (await ctx.reply(ctx.t("report.empty", { period: span })));
  await ctx.reply(reportText(ctx, report, ctx.config.OWNER_IDS));
  const charts = await renderCharts(report, chartLabels(ctx), (chart, err) => ctx.logger.error({ err, chart }, "report chart failed"));
  const caption = ctx.t("report.caption", { period: span });
  const photo = (i: number) => new InputFile(charts[i]!.png, `report-${charts[i]!.name}.png`);
  if (charts.length === 0) await ctx.reply(ctx.t("report.charts_failed"));
  // An album needs two to ten items: a lone surviving chart goes as a photo.
  else if (charts.length === 1) await ctx.replyWithPhoto(photo(0), { caption });
  else await ctx.replyWithMediaGroup(charts.map((_, i) => InputMediaBuilder.photo(photo(i), i === 0 ? { caption } : {})));
}

/** Starts a report for this chat unless one is on its way; returns at once. */
async function start(ctx: Context, period: Period): Promise<void> {
  const chatId = ctx.chat!.id;
  if (preparing.has(chatId)) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("report.already_preparing") });
    else await ctx.reply(ctx.t("report.already_preparing"));
    return;
  }
  // The guard is set before anything is awaited; the work waits for the tap's answer, so the owner sees it at once.
  let answered!: () => void;
  const job = new Promise<void>((resolve) => (answered = resolve))
    .then(() => prepare(ctx, period))
    .catch(async (err: unknown) => {
      ctx.logger.error({ err }, "report failed");
      await ctx.reply(ctx.t("report.failed")).catch(() => undefined);
    })
    .finally(() => preparing.delete(chatId));
  preparing.set(chatId, job);
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("report.preparing") });
  } finally {
    answered();
  }
}

/** Leaves "type your dates" (a tap on a period or a new /report ends it); any other action in progress is kept. */
function stopTypingDates(ctx: Context): void {
  if (flowOf(ctx, "report_dates")) delete ctx.session.flow;
}

owners.command("report", async (ctx) => {
  stopTypingDates(ctx);
  await ctx.reply(ctx.t("report.choose"), { reply_markup: createPeriodKeyboard(ctx.t) });
});

owners.callbackQuery(cb.period.filter, async (ctx) => {
  const { kind } = cb.period.unpack(ctx.callbackQuery.data);
  stopTypingDates(ctx);
  await start(ctx, PERIODS[kind](ctx.services.reports));
});

owners.callbackQuery(cb.dates.filter, async (ctx) => {
  ctx.session.flow = { kind: "report_dates" };
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("report.ask_dates"));
});

// Typed dates; a command (/cancel among them) is left to its own handler.
owners
  .filter((ctx) => flowOf(ctx, "report_dates") !== undefined)
  .on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const period = ctx.services.reports.parse(ctx.message.text);
    if (!period) return void (await ctx.reply(ctx.t("report.bad_dates")));
    stopTypingDates(ctx);
    await start(ctx, period);
  });
