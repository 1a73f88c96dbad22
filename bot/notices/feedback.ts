// Feedback's messages: the client's question after a purchase or a service
// (in their language, with the rating buttons), and the owners' alert about a
// low rating (each owner in their own language, with a button to the file).
import type { AskNotify } from "../../core/feedback/asks.ts";
import type { AlertNotify } from "../../core/feedback/ratings.ts";
import { formatPhone } from "../../core/clients/phone.ts";
import type { BotConfig } from "../context.ts";
import { formatter, translator, type Language } from "../i18n.ts";
import { clientFileCallbacks } from "../keyboards/client-file.ts";
import { ratingButtons } from "../keyboards/feedback.ts";
import { problemName } from "../views/feedback.ts";
import { clientName } from "../views/wishes.ts";
import { greetingFor, readerLanguage } from "./broadcast.ts";

/** Items longer than this are cut: the question should read at a glance. */
const MAX_ITEMS = 80;

export const askNotice =
  (config: BotConfig): AskNotify =>
  (ask) => {
    const lang = readerLanguage(ask);
    const t = translator(lang);
    const fmt = formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE);
    const greeting = greetingFor(ask);
    const items = ask.label && ask.label.length > MAX_ITEMS ? `${ask.label.slice(0, MAX_ITEMS - 1)}…` : ask.label;
    const text =
      ask.target === "ticket"
        ? t("feedback.ask_ticket", { greeting, number: ask.label ?? String(ask.id) })
        : items
          ? t("feedback.ask_purchase_items", { greeting, date: fmt.date(ask.at), items })
          : t("feedback.ask_purchase", { greeting, date: fmt.date(ask.at) });
    return { text, buttons: ratingButtons(t, ask.target, ask.id) };
  };

/** `languageOf` holds each owner's language, looked up before the alert is built. */
export const alertNotice =
  (languageOf: ReadonlyMap<number, Language>): AlertNotify =>
  (alert, ownerId) => {
    const t = translator(languageOf.get(ownerId) ?? "ru");
    const target = alert.target === "ticket" ? t("feedback.alert_ticket", { number: alert.reference }) : t("feedback.alert_purchase", { id: alert.reference });
    const text = t("feedback.alert", {
      rating: alert.rating,
      client: clientName(alert.client),
      phone: alert.client.phone ? formatPhone(alert.client.phone) : "—",
      target,
      problem: problemName(t, alert.problem) ?? t("feedback.not_given"),
      comment: alert.comment ?? "—",
    });
    return { text, buttons: [[[t("feedback.open_file"), clientFileCallbacks.show.pack({ client: alert.client.id })]]] };
  };
