// The last step of a staff action (a purchase, a return): its summary message
// becomes the outcome in one edit, so the person sees either a button that
// still works or what was recorded, whatever moment a crash hits.
import { GrammyError } from "grammy";
import type { Context } from "../context.ts";

const MAX_REMEMBERED = 1_000;
/** Confirm keys whose outcome this process already put on the message. */
const shown = new Set<string>();

/**
 * Edits the tapped message into `text`, once per key: a second tap on the
 * same button does not repeat an edit Telegram would refuse as "not modified".
 */
export async function showOutcome(ctx: Context, key: string, text: string): Promise<void> {
  if (shown.has(key)) return;
  try {
    await ctx.editMessageText(text);
  } catch (error) {
    // The edit went through before a crash, and this process does not remember it.
    if (!(error instanceof GrammyError && error.description.includes("message is not modified"))) throw error;
  }
  shown.add(key);
  if (shown.size > MAX_REMEMBERED) shown.delete(shown.values().next().value!);
}
