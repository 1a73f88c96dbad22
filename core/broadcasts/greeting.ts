// The personal greeting of a broadcast: "{обращение}" (or "{称呼}", "{greeting}")
// in the owner's text becomes "Уважаемая Анна Ивановна" for a Russian reader and
// "尊敬的王女士" for a Chinese one. The domain decides whom and how (the name to
// use, and whether the form is female, male or neutral); the bot has the words.
import { genderOf, type Gender } from "../clients/gender.ts";

/** Every spelling of the placeholder the owner may type, in either language. */
export const GREETING_PLACEHOLDER = /\{\s*(?:обращение|称呼|greeting)\s*\}/giu;

export const hasGreeting = (text: string) => new RegExp(GREETING_PLACEHOLDER.source, "iu").test(text);

export interface Addressee {
  form: Gender | "neutral";
  /** What follows the salutation: "Анна Ивановна", "王" (a family name), or null when the shop has no name. */
  name: string | null;
}

export interface NamedClient {
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  gender: string | null;
}

const HAN_NAME = /^\p{Script=Han}{2,4}$/u;

/** A Chinese family name: the one the shop recorded, else the first character of a name written in Han characters ("王芳" → "王"). */
function chineseFamilyName(c: NamedClient): string | null {
  if (c.familyName) return c.familyName;
  const given = c.givenName?.trim();
  return given && HAN_NAME.test(given) ? [...given][0]! : null;
}

/**
 * Russian: given name and patronymic, "Уважаемая" or "Уважаемый" by gender
 * (neutral when unknown). Chinese: family name with 女士 or 先生, which need
 * both the family name and the gender; otherwise the full name, neutrally.
 */
export function addresseeOf(client: NamedClient, language: "ru" | "zh"): Addressee {
  const gender = genderOf(client);
  if (language === "ru") {
    const name = [client.givenName, client.patronymic].filter(Boolean).join(" ") || null;
    return { form: name ? (gender ?? "neutral") : "neutral", name };
  }
  const family = chineseFamilyName(client);
  if (family && gender) return { form: gender, name: family };
  const full = [client.familyName, client.givenName].filter(Boolean).join("") || null;
  return { form: "neutral", name: full };
}

/** The text with every greeting placeholder replaced by `greeting`. */
export function fillGreeting(text: string, greeting: string): string {
  return text.replace(GREETING_PLACEHOLDER, greeting);
}
