import { InlineKeyboard } from "grammy";
import { LANGUAGES, translator } from "../i18n.ts";

/** Each language is named in itself, so anyone can find theirs. */
export function createLanguageKeyboard() {
  const kb = new InlineKeyboard();
  for (const lang of LANGUAGES) kb.text(translator(lang)("language.name"), `lang:${lang}`);
  return kb;
}
