// Names are shown back to people and used in personal invitations, so only
// letters (any script), spaces, hyphens and apostrophes are accepted.
import { DomainError } from "../errors.ts";
import { cleanText } from "../text.ts";

const NAME_PART = /^[\p{L}\p{M}][\p{L}\p{M}'’ -]{0,39}$/u;

export interface ParsedName {
  givenName: string;
  patronymic: string | null;
}

/**
 * "Анна Ивановна" → given name and patronymic (formal Russian address);
 * "王芳" or "Anna" → a given name alone.
 */
export function parseName(input: string): ParsedName {
  const text = cleanText(input).replace(/\s+/g, " ");
  if (text.length === 0 || text.length > 60) throw new DomainError("name_invalid");
  const [givenName, ...rest] = text.split(" ");
  const patronymic = rest.join(" ") || null;
  if (!givenName || !NAME_PART.test(givenName)) throw new DomainError("name_invalid");
  if (patronymic !== null && !NAME_PART.test(patronymic)) throw new DomainError("name_invalid");
  return { givenName: capitalize(givenName), patronymic: patronymic && capitalize(patronymic) };
}

function capitalize(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

/** The lower-cased full name kept for search: SQLite's LIKE folds only ASCII letters. */
export function nameSearchOf(...parts: (string | null | undefined)[]): string | null {
  const joined = parts.filter(Boolean).join(" ").toLocaleLowerCase().trim();
  return joined || null;
}
