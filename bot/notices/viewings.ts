// Messages about private viewings that the bot sends on its own, each in its
// reader's language: a new request to staff on duty and owners (with the
// buttons to answer it), a confirmed or proposed time to the client (with
// their buttons), the client's answer to the staff member who handled it, and
// the day-before reminders to both. Owners have no staff row: their language
// comes from their chat, looked up by the caller.
import type { ViewingNotify, ViewingRecipient, ViewingView } from "../../core/viewings/types.ts";
import type { BotConfig } from "../context.ts";
import { formatter, isLanguage, translator, type Language } from "../i18n.ts";
import { clientViewingButtons, staffViewingButtons } from "../keyboards/viewings.ts";
import { clientName } from "../views/viewings.ts";
import { greetingFor } from "./broadcast.ts";

export function viewingNotify(config: BotConfig, ownerLanguages: ReadonlyMap<number, Language>): ViewingNotify {
  return (kind, v: ViewingView, to: ViewingRecipient) => {
    const lang = isLanguage(to.language) ? to.language : (ownerLanguages.get(to.chatId) ?? "ru");
    const t = translator(lang);
    const fmt = formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE);
    const words = { id: v.id, when: v.at ? fmt.dateTime(v.at) : "—", name: clientName(v), phone: v.client.phone ?? "—", preferred: v.preferred, wants: v.wants };
    if (to.clientId !== null) {
      const greeting = greetingFor({ ...v.client, language: lang });
      if (kind === "confirmed" || kind === "proposed") return { text: t(`viewings.notice.${kind}`, { ...words, greeting }), buttons: clientViewingButtons(t, v) };
      if (kind === "reminder") return { text: t("viewings.notice.reminder_client", { ...words, greeting }), buttons: clientViewingButtons(t, v) };
      return null;
    }
    if (kind === "request") return { text: t("viewings.notice.request", words), buttons: staffViewingButtons(t, v.id) };
    if (kind === "reminder") return { text: t("viewings.notice.reminder_staff", words) };
    if (kind === "accepted" || kind === "declined" || kind === "cancelled") return { text: t(`viewings.notice.${kind}`, words) };
    return null;
  };
}
