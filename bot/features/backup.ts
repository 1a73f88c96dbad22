// /backup (owners): a copy of the live database now, into BACKUP_DIR, checked
// for integrity; the owner is told the file, its size, the check and how many
// copies the folder keeps, and gets the copy itself when Telegram takes it
// (≤ 50 MB). A second /backup within a minute (a double tap on the menu)
// answers with the copy just made instead of making another.
import { basename } from "node:path";
import { InputFile } from "grammy";
import type { Context } from "../context.ts";
import { UPLOAD_LIMIT_BYTES } from "../helpers/download.ts";
import { createOwnerComposer } from "../middlewares/staff-feature.ts";
import { sizeText } from "../views/data-import.ts";

const RECENT_MS = 60_000;

type Made = { file: string; bytes: number; integrity: string; removed: number; copies: number };

function doneText(ctx: Context, made: Made): string {
  const lines = [
    ctx.t("data.backup.done", {
      file: basename(made.file),
      size: sizeText(ctx, made.bytes),
      integrity: made.integrity,
      count: ctx.fmt.number(made.copies),
      keep: ctx.fmt.number(ctx.services.data.backupKeep),
    }),
  ];
  if (made.removed > 0) lines.push(ctx.t("data.backup.removed", { n: ctx.fmt.number(made.removed) }));
  if (made.integrity !== "ok") lines.push(ctx.t("data.backup.integrity_bad"));
  return lines.join("\n");
}

/** A composer per bot: the last copy it made lives with it. */
export function createBackupFeature() {
  const { feature, owners } = createOwnerComposer("backup");
  let last: { at: number; made: Made } | undefined;

  owners.command("backup", async (ctx) => {
    if (last && Date.now() - last.at < RECENT_MS) return void (await ctx.reply(`${ctx.t("data.backup.recent")}\n${doneText(ctx, last.made)}`));
    const status = await ctx.reply(ctx.t("data.backup.running"));
    const say = (text: string) => ctx.api.editMessageText(status.chat.id, status.message_id, text);
    try {
      const result = await ctx.services.data.backup();
      const made = { ...result, removed: result.removed.length, copies: (await ctx.services.data.backups()).length };
      last = { at: Date.now(), made };
      ctx.logger.info({ file: made.file, bytes: made.bytes, integrity: made.integrity }, "backup made on request");
      await say(doneText(ctx, made));
      if (made.bytes <= UPLOAD_LIMIT_BYTES) await ctx.replyWithDocument(new InputFile(made.file, basename(made.file)));
      else await ctx.reply(ctx.t("data.backup.not_sent", { dir: ctx.services.data.backupDir }));
    } catch (error) {
      ctx.logger.error({ err: error }, "backup on request failed");
      await say(ctx.t("data.backup.failed"));
    }
  });

  return feature;
}
