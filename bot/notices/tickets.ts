// Messages about service tickets the bot sends on its own, each in its
// reader's language: a new request to staff on duty and owners (with the
// buttons to accept it or see its photos), every move to the client (staff's
// photo with it, if any), the intake photos (the last asking whether it is
// their item), a reopen, and a client's "not mine" to staff. Owners have no
// staff row: their language comes from their chat, looked up by the caller.
import type { TicketNotify } from "../../core/tickets/types.ts";
import type { BotConfig, Context } from "../context.ts";
import { chatLanguages } from "../helpers/chat-language.ts";
import { formatter, isLanguage, translator, type Language } from "../i18n.ts";
import { confirmButtons, staffTicketButtons } from "../keyboards/tickets.ts";
import { clientName, kindName, stageName } from "../views/tickets.ts";
import { greetingFor } from "./broadcast.ts";

export function ticketNotify(config: BotConfig, ownerLanguages: ReadonlyMap<number, Language>): TicketNotify {
  return (notice, v, to) => {
    const lang = isLanguage(to.language) ? to.language : (ownerLanguages.get(to.chatId) ?? "ru");
    const t = translator(lang);
    const fmt = formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE);
    const words = { number: v.number, kind: kindName(t, v), name: clientName(v), phone: v.client.phone ?? "—" };
    if (to.clientId === null) {
      if (notice.kind === "request") {
        const free = v.free ? t("tickets.notice.request_free") : "";
        const text = t("tickets.notice.request", { ...words, free, description: v.description, photos: v.requestPhotos.length });
        return { text, buttons: staffTicketButtons(t, v, false) };
      }
      if (notice.kind === "not_mine") return { text: t("tickets.notice.not_mine", words), buttons: staffTicketButtons(t, v, false) };
      return null;
    }
    const greeting = greetingFor({ ...v.client, language: lang });
    switch (notice.kind) {
      case "stage": {
        const lines = [t(`tickets.notice.stage.${notice.stage}`, { ...words, greeting })];
        if (notice.stage === "cancelled" && notice.note) lines.push(t("tickets.notice.reason", { reason: notice.note }));
        else if (notice.note) lines.push(t("tickets.notice.note", { note: notice.note }));
        if (notice.estimateReadyAt) lines.push(t("tickets.notice.estimate", { date: fmt.date(notice.estimateReadyAt) }));
        if (v.free && notice.stage === "accepted") lines.push(t("tickets.notice.free"));
        return { text: lines.join("\n"), ...(notice.photo ? { photo: notice.photo } : {}) };
      }
      case "photo": {
        const n = { index: notice.index, total: notice.total };
        if (notice.confirm) return { text: t("tickets.notice.photo_confirm", n), photo: notice.photo, buttons: confirmButtons(t, v.id) };
        const pickup = v.stage === "ready" || v.stage === "handed_over";
        return { text: t(pickup ? "tickets.notice.photo_pickup" : "tickets.notice.photo_intake", n), photo: notice.photo };
      }
      case "reopened":
        return { text: t("tickets.notice.reopened", { ...words, greeting, stage: stageName(t, v.stage) }) };
      default:
        return null;
    }
  };
}

/** The notices of this update's change: owners read theirs in the language of their chat. */
export const ticketNotifyOf = async (ctx: Context) => ticketNotify(ctx.config, await chatLanguages(ctx.services.db, ctx.config.OWNER_IDS));

