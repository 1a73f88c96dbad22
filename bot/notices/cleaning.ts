// Messages about cleaning days that the bot sends on its own, in the
// reader's language: the invitation (one text per language, with a "book"
// button that opens the free times) and the day-before reminder (with the
// client's time and the buttons to move or cancel).
import type { CleaningInvite, CleaningNotify } from "../../core/cleaning/types.ts";
import type { BotConfig } from "../context.ts";
import { formatter, translator } from "../i18n.ts";
import { clientDayButtons, cleaningCallbacks } from "../keyboards/cleaning.ts";
import { timeOf } from "../views/cleaning.ts";
import { greetingFor, readerLanguage } from "./broadcast.ts";

/** The invitation to a day: its date, from when to when one may come, the owner's note. */
export const cleaningInvite =
  (config: BotConfig): CleaningInvite =>
  (day, slots, language) => {
    const t = translator(language);
    const fmt = formatter(language, config.SHOP_CURRENCY, config.SHOP_TIMEZONE);
    const text = [
      t("cleaning.invite.text", { date: fmt.date(day.date), from: timeOf(slots[0] ?? day.date, config.SHOP_TIMEZONE), last: timeOf(slots.at(-1) ?? day.date, config.SHOP_TIMEZONE) }),
      ...(day.note ? ["", t("cleaning.note_line", { note: day.note })] : []),
      "",
      t("cleaning.invite.how"),
    ].join("\n");
    return { text, buttons: [[[t("cleaning.client.book"), cleaningCallbacks.slots.pack({ day: day.id })]]] };
  };

/** For the morning job: the clients booked on the next shop day. */
export const cleaningReminder =
  (config: BotConfig): CleaningNotify =>
  (day, to) => {
    const lang = readerLanguage(to);
    const t = translator(lang);
    const fmt = formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE);
    const text = t("cleaning.reminder", { greeting: greetingFor(to), date: fmt.date(day.date), time: timeOf(to.startsAt, config.SHOP_TIMEZONE) });
    return { text, buttons: clientDayButtons(t, day.id, true, false) };
  };
