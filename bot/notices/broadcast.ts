// A broadcast as one client reads it: their language's text with the greeting
// placeholder turned into "Уважаемая Анна Ивановна" or "尊敬的王女士". Used for
// the message itself, the owner's preview and the /news feed, so all three
// show the same words.
import { addresseeOf, fillGreeting, type NamedClient } from "../../core/broadcasts/greeting.ts";
import { isLanguage, translator, type Language } from "../i18n.ts";

export interface BroadcastTexts {
  textRu: string;
  textZh: string;
}

export type Reader = NamedClient & { language: string };

export const readerLanguage = (reader: { language: string }): Language => (isLanguage(reader.language) ? reader.language : "ru");

/** The greeting for this reader in their language ("Здравствуйте" when the shop has no name). */
export function greetingFor(reader: Reader): string {
  const lang = readerLanguage(reader);
  const t = translator(lang);
  const { form, name } = addresseeOf(reader, lang);
  if (!name) return t("broadcast.salutation.anonymous");
  return t(`broadcast.salutation.${form}`, { name });
}

/** The text this reader gets: their language, their greeting. */
export function personalText(b: BroadcastTexts, reader: Reader): string {
  const text = readerLanguage(reader) === "zh" ? b.textZh : b.textRu;
  return fillGreeting(text, greetingFor(reader));
}
