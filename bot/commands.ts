// The command menu, per role and per language. Clients get the default menu
// (Russian, or Chinese for Chinese Telegram apps); each staff member and owner,
// and each client who picked a language, gets a menu scoped to their chat.
import type { Api } from "grammy";
import type { Role } from "../core/audit/audit.ts";
import { LANGUAGES, translator, type Language } from "./i18n.ts";

const COMMANDS = {
  client: ["card", "history", "events", "service", "tickets", "cleaning", "viewing", "news", "wish", "subscriptions", "profile", "language", "help", "forget"],
  staff: ["due", "purchase", "client", "tickets", "duty", "cleaning", "viewing", "wishes", "refund", "events", "attendance", "cancel", "help", "language"],
  owner: ["due", "purchase", "client", "tickets", "cleaning", "viewing", "wishes", "refund", "event", "events", "attendance", "broadcast", "broadcasts", "report", "adjust", "settings", "import", "export", "backup", "greetings", "staff", "cancel", "help", "language"],
} as const satisfies Record<Role, readonly string[]>;

export function commandsFor(role: Role, lang: Language) {
  const t = translator(lang);
  return COMMANDS[role].map((command) => ({ command, description: t(`commands.${command}`) }));
}

/** Default menus: Russian for everyone, Chinese for Telegram apps set to Chinese. */
export async function setDefaultCommands(api: Api): Promise<void> {
  await api.setMyCommands(commandsFor("client", "ru"));
  for (const lang of LANGUAGES.filter((l) => l !== "ru")) {
    await api.setMyCommands(commandsFor("client", lang), { language_code: lang });
  }
}

/** The menu of one chat, in the language its person chose. */
export async function setChatCommands(api: Api, chatId: number, role: Role, lang: Language): Promise<void> {
  await api.setMyCommands(commandsFor(role, lang), { scope: { type: "chat", chat_id: chatId } });
}
