// Tags staff put on a client ("vip-презентация", "друзья салона") so the owner
// can send a broadcast to exactly them. Stored lower-cased and comma-separated
// in Client.tags, the form the tag segment matches whole.
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { cleanText } from "../text.ts";

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/** "VIP-презентация, друзья" → ["vip-презентация", "друзья"]; "-" clears. Refused: an empty, too long or too many. */
export function parseTags(input: string): string[] {
  const text = cleanText(input);
  if (text === "-" || text === "—") return [];
  const tags = [...new Set(text.split(",").map((t) => normalizeTag(t)).filter(Boolean))];
  if (tags.length === 0 || tags.length > MAX_TAGS || tags.some((t) => t.length > MAX_TAG_LENGTH)) throw new DomainError("tags_invalid");
  return tags;
}

/** How a tag is stored and matched: trimmed, single spaces, lower case. */
export const normalizeTag = (tag: string) => cleanText(tag).replace(/\s+/g, " ").toLocaleLowerCase();

export const tagsOf = (stored: string | null): string[] => (stored ? stored.split(",").map((t) => t.trim()).filter(Boolean) : []);

export async function setTags(db: Db, clientId: number, tags: string[]): Promise<string[]> {
  const { count } = await db.client.updateMany({ where: { id: clientId, forgottenAt: null }, data: { tags: tags.length ? tags.join(", ") : null } });
  if (count === 0) throw new DomainError("client_not_found");
  return tags;
}
