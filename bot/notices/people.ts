// How the bot addresses a client: "Анна Ивановна" in Russian (the formal
// given name and patronymic), the given name in Chinese.
import type { Language } from "../i18n.ts";

export function addressOf(client: { givenName: string | null; patronymic: string | null }, lang: Language): string {
  if (lang === "ru") return [client.givenName, client.patronymic].filter(Boolean).join(" ");
  return client.givenName ?? "";
}

export function tierName(tier: { nameRu: string; nameZh: string } | null | undefined, lang: Language): string {
  if (!tier) return "—";
  return lang === "zh" ? tier.nameZh : tier.nameRu;
}
