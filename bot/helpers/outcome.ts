// The last step of a staff action (a purchase, a return): its summary message
// becomes the outcome in one edit, so the person sees either a button that
// still works or what was recorded, whatever moment a crash hits.
import { GrammyError } from "grammy";
import type { Context } from "../context.ts";

/** Telegram's answer to an edit that changes nothing: the message already says it. */
export const isNotModified = (error: unknown) => error instanceof GrammyError && error.description.includes("message is not modified");

const MAX_REMEMBERED = 1_000;
/** Confirm keys whose outcome this process already put on the message. */
const shown = new Set<string>();

/**
 * Edits the tapped message into `text`, once per key: a second tap on the
 * same button does not repeat an edit Telegram would refuse as "not modified".
 * `extra` keeps buttons the outcome offers (a created event's "invite").
 */
export async function showOutcome(ctx: Context, key: string, text: string, extra?: Parameters<Context["editMessageText"]>[1]): Promise<void> {
  if (shown.has(key)) return;
  try {
    await ctx.editMessageText(text, extra);
  } catch (error) {
    // The edit went through before a crash, and this process does not remember it.
    if (!isNotModified(error)) throw error;
  }
  shown.add(key);
  if (shown.size > MAX_REMEMBERED) shown.delete(shown.values().next().value!);
}

/**
 * A confirm tapped when its action is no longer in progress (a second tap, a
 * tap after a restart): the outcome its key recorded, with the number in a
 * toast; or, when it recorded nothing, "this summary is outdated" and its
 * buttons go.
 */
export async function showRecorded<T>(
  ctx: Context,
  key: string,
  recorded: T | null,
  words: { already: (o: T) => string; stale: string; text: (o: T) => string },
): Promise<void> {
  if (!recorded) {
    await ctx.answerCallbackQuery({ text: words.stale, show_alert: true });
    return void (await ctx.editMessageReplyMarkup());
  }
  await ctx.answerCallbackQuery({ text: words.already(recorded) });
  await showOutcome(ctx, key, words.text(recorded));
}
