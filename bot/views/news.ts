// One post of the /news feed: its date, then the text the reader would have
// got (their language, their greeting); with its photo when it had one.
import type { NewsPost } from "../../core/broadcasts/news.ts";
import type { Context } from "../context.ts";
import { personalText, type Reader } from "../notices/broadcast.ts";

/** Telegram's limits for a message and for a photo's caption. */
const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

export async function sendNewsPost(ctx: Context, post: NewsPost, reader: Reader): Promise<void> {
  const date = ctx.t("subscriptions.news_date", { date: ctx.fmt.date(post.startedAt) });
  const text = personalText(post, reader);
  const whole = `${date}\n\n${text}`;
  if (post.photoFileId) {
    if (whole.length <= CAPTION_LIMIT) return void (await ctx.replyWithPhoto(post.photoFileId, { caption: whole }));
    // A long post: the photo with its date, the words right under it.
    await ctx.replyWithPhoto(post.photoFileId, { caption: date });
    return void (await ctx.reply(text));
  }
  // The composer keeps a text within Telegram's limit; only the date line could tip it over.
  if (whole.length <= TEXT_LIMIT) return void (await ctx.reply(whole));
  await ctx.reply(date);
  await ctx.reply(text);
}
