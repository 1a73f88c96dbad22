import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import { LANGUAGES, translator } from "../i18n.ts";

export const languageCallbacks = defineCallbacks("lang", { menu: {}, set: { lang: LANGUAGES } });

/** Each language is named in itself, so anyone can find theirs. */
export function createLanguageKeyboard() {
  const kb = new InlineKeyboard();
  for (const lang of LANGUAGES) kb.text(translator(lang)("language.name"), languageCallbacks.set.pack({ lang }));
  return kb;
}
