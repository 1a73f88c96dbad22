// The language a person chose in the bot, read from their chat's session: an
// owner has no staff row to keep it, and a notice to them built outside their
// own update (a client's request) must still read in it.
import type { Db } from "../../core/db/client.ts";
import type { SessionData } from "../context.ts";
import { isLanguage, type Language } from "../i18n.ts";
import { prismaSessionStorage } from "../middlewares/session-storage.ts";

export async function chatLanguages(db: Db, chatIds: readonly number[]): Promise<Map<number, Language>> {
  const sessions = prismaSessionStorage<SessionData>(db);
  const entries = await Promise.all(
    chatIds.map(async (id) => {
      const lang = (await sessions.read(String(id)))?.language;
      return [id, isLanguage(lang) ? lang : "ru"] as const;
    }),
  );
  return new Map(entries);
}
