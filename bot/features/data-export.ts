// /export (owners): the dataset by button, then the format; the file is
// written to a temp folder, sent as a document named for the shop's day
// ("clients-2026-11-26.xlsx") and deleted. Dates and amounts are written the
// way the owner's language writes them. A double tap on the format builds
// one file: the picker message is claimed by the first tap.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputFile } from "grammy";
import { isoDate, shopDate } from "../../core/calendar.ts";
import type { Context } from "../context.ts";
import { UPLOAD_LIMIT_BYTES } from "../helpers/download.ts";
import { createDatasetKeyboard, createFormatKeyboard, exportCallbacks as cb } from "../keyboards/data.ts";
import { createOwnerComposer } from "../middlewares/staff-feature.ts";
import { sizeText } from "../views/data-import.ts";

const MAX_REMEMBERED = 1_000;

/** A composer per bot: the messages it has claimed live with it (tests build many bots). */
export function createDataExportFeature() {
  const { feature, owners } = createOwnerComposer("export", cb.any);
  const claimed = new Set<string>();

  owners.command("export", (ctx) => ctx.reply(ctx.t("data.export.ask_dataset"), { reply_markup: createDatasetKeyboard(ctx.t) }));

  owners.callbackQuery(cb.dataset.filter, async (ctx) => {
    const { dataset } = cb.dataset.unpack(ctx.callbackQuery.data);
    await ctx.answerCallbackQuery();
    if (claimed.has(messageKey(ctx))) return;
    await ctx.editMessageText(ctx.t("data.export.ask_format", { dataset: ctx.t(`data.export.dataset.${dataset}`) }), {
      reply_markup: createFormatKeyboard(ctx.t, dataset),
    });
  });

  owners.callbackQuery(cb.format.filter, async (ctx) => {
    const { dataset, format } = cb.format.unpack(ctx.callbackQuery.data);
    const key = messageKey(ctx);
    if (claimed.has(key)) return void (await ctx.answerCallbackQuery({ text: ctx.t("data.export.already") }));
    claimed.add(key);
    if (claimed.size > MAX_REMEMBERED) claimed.delete(claimed.values().next().value!);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("data.export.preparing"));

    const name = `${dataset}-${isoDate(shopDate(ctx.services.clock.now(), ctx.config.SHOP_TIMEZONE))}.${format}`;
    const dir = await mkdtemp(join(tmpdir(), "shop-export-"));
    try {
      const result = await ctx.services.data.exportTo(dataset, format, join(dir, name), ctx.lang);
      ctx.logger.info({ dataset, format, rows: result.rows, bytes: result.bytes }, "export written");
      if (result.bytes > UPLOAD_LIMIT_BYTES) return void (await ctx.editMessageText(ctx.t("data.export.too_big", { size: sizeText(ctx, result.bytes) })));
      const rows = ctx.t("data.row_count", { count: result.rows, n: ctx.fmt.number(result.rows) });
      const caption = ctx.t("data.export.caption", { dataset: ctx.t(`data.export.dataset.${dataset}`), rows });
      await ctx.replyWithDocument(new InputFile(result.file, name), { caption });
      await ctx.editMessageText(ctx.t("data.export.sent", { file: name }));
    } catch (error) {
      ctx.logger.error({ err: error, dataset, format }, "export failed");
      // The owner may try again from a new /export.
      await ctx.editMessageText(ctx.t("data.export.failed"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  return feature;
}

const messageKey = (ctx: Context) => `${ctx.chat!.id}:${ctx.callbackQuery!.message?.message_id ?? ctx.callbackQuery!.id}`;
