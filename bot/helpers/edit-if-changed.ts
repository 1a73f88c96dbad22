// An edit of the tapped message only when it would change what the person
// sees: Telegram refuses an edit to the same text and buttons ("message is not
// modified"). The tapped message's own text and keyboard come with the tap;
// when the keyboard does not (a message too old), the text decides.
import type { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Context } from "../context.ts";
import { isNotModified } from "./outcome.ts";

const buttonsOf = (m: InlineKeyboardMarkup | undefined) =>
  JSON.stringify((m?.inline_keyboard ?? []).map((row) => row.map((b) => [b.text, "callback_data" in b ? b.callback_data : null])));

export async function editIfChanged(ctx: Context, text: string, keyboard?: InlineKeyboard): Promise<boolean> {
  const message = ctx.callbackQuery?.message;
  const markup: InlineKeyboardMarkup | undefined = keyboard && keyboard.inline_keyboard.length > 0 ? { inline_keyboard: keyboard.inline_keyboard } : undefined;
  const sameText = message !== undefined && "text" in message && message.text === text;
  if (sameText && (message.reply_markup === undefined || buttonsOf(message.reply_markup) === buttonsOf(markup))) return false;
  try {
    await ctx.editMessageText(text, markup ? { reply_markup: markup } : undefined);
    return true;
  } catch (error) {
    // Two taps raced: the first one's edit already shows it.
    if (isNotModified(error)) return false;
    throw error;
  }
}
