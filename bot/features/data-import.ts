// An owner moving from spreadsheets sends the clients or purchases file to the
// bot (.csv or .xlsx) with nothing else in progress. The bot checks it (a dry
// run: nothing is written) and shows every bad row with its line and reason,
// then imports on confirmation in the background: the owner's chat stays
// usable while one message follows the run. Documents that are not a
// spreadsheet, or that another flow is waiting for, are passed on untouched.
import type { Api } from "grammy";
import { InputFile } from "grammy";
import type { Logger } from "pino";
import type { DataServices } from "../../core/data/data.ts";
import type { Context } from "../context.ts";
import { DOWNLOAD_LIMIT_BYTES, type Download } from "../helpers/download.ts";
import type { Formatter, Language, Translate } from "../i18n.ts";
import { createImportKeyboard, importCallbacks as cb } from "../keyboards/data.ts";
import { createOwnerComposer } from "../middlewares/staff-feature.ts";
import { dryRunText, expectedColumns, fileProblemText, problemsCaption, problemsCsv, progressText, resultText } from "../views/data-import.ts";

const SPREADSHEET_NAME = /\.(csv|tsv|xlsx|xls)$/i;
const SPREADSHEET_TYPES = new Set(["text/csv", "text/tab-separated-values", "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]);
const isSpreadsheet = (doc: { file_name?: string; mime_type?: string }) =>
  SPREADSHEET_NAME.test(doc.file_name ?? "") || SPREADSHEET_TYPES.has(doc.mime_type ?? "");
/** The progress message is edited at most this often (Telegram limits edits; the owner needs no more). */
const PROGRESS_EVERY_MS = 2_000;

type Voice = { t: Translate; fmt: Formatter; lang: Language };
type Imports = DataServices["imports"];

export function createDataImportFeature(download: Download) {
  const { feature, owners } = createOwnerComposer("import", cb.any);

  owners.command("import", (ctx) => ctx.reply(`${ctx.t("data.how_to")}\n\n${expectedColumns(ctx)}`));

  owners.on("message:document", async (ctx, next) => {
    const doc = ctx.message.document;
    if (ctx.session.flow || !isSpreadsheet(doc)) return next();
    if ((doc.file_size ?? 0) > DOWNLOAD_LIMIT_BYTES) return void (await ctx.reply(ctx.t("data.too_big", { max: DOWNLOAD_LIMIT_BYTES / 1024 / 1024 })));
    const imports = ctx.services.data.imports;
    const fileName = doc.file_name ?? "file.csv";
    let bytes: Uint8Array;
    try {
      bytes = await download(ctx.api, doc.file_id);
    } catch (error) {
      ctx.logger.warn({ err: error, fileName }, "import: could not download the file");
      return void (await ctx.reply(ctx.t("data.download_failed")));
    }
    let check: Awaited<ReturnType<Imports["check"]>>;
    try {
      check = await imports.check({ bytes }, fileName, { maxBytes: DOWNLOAD_LIMIT_BYTES });
    } catch (error) {
      ctx.logger.error({ err: error, fileName }, "import: the check failed");
      return void (await ctx.reply(ctx.t("data.check_failed")));
    }
    if ("fileProblem" in check) return void (await ctx.reply(fileProblemText(ctx, check.fileProblem)));
    ctx.logger.info({ fileName, kind: check.kind, total: check.total, valid: check.valid, problems: check.problemCount }, "import checked");

    const { text, attach } = dryRunText(ctx, fileName, check);
    if (check.valid === 0) await ctx.reply(text);
    else {
      const id = await imports.save(check, { fileName, fileId: doc.file_id, actorTelegramId: ctx.from.id, chatId: ctx.chat.id, language: ctx.lang });
      const rows = ctx.t("data.rows", { count: check.valid, n: ctx.fmt.number(check.valid) });
      await ctx.reply(text, { reply_markup: createImportKeyboard(ctx.t, id, rows, check.total > check.valid) });
    }
    if (attach) {
      const name = `${fileName.replace(/\.[^.]*$/, "")}-problems.csv`;
      await ctx.replyWithDocument(new InputFile(problemsCsv(ctx, check.problems), name), { caption: problemsCaption(ctx, check) });
    }
  });

  owners.callbackQuery(cb.go.filter, async (ctx) => {
    const { id, mode } = cb.go.unpack(ctx.callbackQuery.data);
    const imports = ctx.services.data.imports;
    if (!(await imports.claim(id, mode))) return refuseTap(ctx, imports, id);
    const job = (await imports.get(id))!;
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(progressText(ctx, job.fileName, null));
    const message = { chatId: ctx.chat.id, messageId: ctx.callbackQuery.message!.message_id };
    // Not awaited: the owner's chat is answered while the rows are written.
    void runInBackground(ctx.api, download, imports, ctx.logger, voiceOf(ctx), { id, fileId: job.fileId, fileName: job.fileName, ...message });
  });

  owners.callbackQuery(cb.cancel.filter, async (ctx) => {
    const { id } = cb.cancel.unpack(ctx.callbackQuery.data);
    const imports = ctx.services.data.imports;
    if (!(await imports.cancel(id))) return refuseTap(ctx, imports, id);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("data.cancelled"));
  });

  return feature;
}

const voiceOf = (ctx: Context): Voice => ({ t: ctx.t, fmt: ctx.fmt, lang: ctx.lang });

/** A tap on an import that is no longer waiting: say where it stands. */
async function refuseTap(ctx: Context, imports: Imports, id: number) {
  const status = (await imports.get(id))?.status;
  const key = status === "running" ? "data.already_running" : status === "done" ? "data.already_done" : status === "cancelled" ? "data.cancelled" : "data.stale";
  await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: key === "data.stale" });
}

type Job = { id: number; fileId: string | null; fileName: string; chatId: number; messageId: number };

/** Reads the file again by file_id, runs the import and keeps one message up to date with it. */
async function runInBackground(api: Api, download: Download, imports: Imports, logger: Logger, v: Voice, job: Job): Promise<void> {
  const say = (text: string) =>
    api.editMessageText(job.chatId, job.messageId, text).catch((error: unknown) => logger.warn({ err: error, importId: job.id }, "import: could not edit the progress message"));
  let shownAt = Date.now();
  let edits: Promise<unknown> = Promise.resolve();
  let text: string;
  try {
    if (!job.fileId) throw new Error("the import has no file_id to read the file again");
    const bytes = await download(api, job.fileId).catch(async (error: unknown) => {
      await imports.fail(job.id, `download: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    });
    const done = await imports.run(job.id, { bytes }, (p) => {
      if (Date.now() - shownAt < PROGRESS_EVERY_MS) return;
      shownAt = Date.now();
      // Chained, not awaited: the import does not wait for Telegram.
      edits = edits.then(() => say(progressText(v, job.fileName, p)));
    });
    logger.info({ importId: job.id, status: done.status, error: done.error, created: done.created, updated: done.updated, unchanged: done.unchanged }, "import finished");
    if (done.status === "done") {
      const skipped = done.mode === "valid_only" ? done.badRows : 0;
      text = resultText(v, job.fileName, done.kind === "purchases" ? "purchases" : "clients", { created: done.created, updated: done.updated, unchanged: done.unchanged, skipped });
    } else {
      text = v.t(done.error === "has_problems" ? "data.result.refused" : done.error === "file_changed" ? "data.result.changed" : "data.result.failed", { file: job.fileName });
    }
  } catch (error) {
    logger.error({ err: error, importId: job.id }, "import failed");
    text = v.t("data.result.failed", { file: job.fileName });
  }
  await edits;
  await say(text);
}
