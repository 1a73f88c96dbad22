import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

export const greetingsCallbacks = defineCallbacks("greet", { remove: { day: "int" } });

export function createGreetingsKeyboard(t: Translate, days: { id: number; name: string }[]) {
  const kb = new InlineKeyboard();
  for (const d of days) kb.text(t("greetings.remove_button", { name: d.name }).slice(0, 60), greetingsCallbacks.remove.pack({ day: d.id })).row();
  return kb;
}
