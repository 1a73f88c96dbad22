// Messages to a client about an event they answered, in their language: a
// seat came free for them, and tomorrow's reminder. Both carry the RSVP
// buttons, so "can't come after all" is one tap and frees the seat.
import type { EventNotify, EventRecipient, Event } from "../../core/events/types.ts";
import type { BotConfig } from "../context.ts";
import { formatter, translator } from "../i18n.ts";
import { rsvpButtons } from "../keyboards/events.ts";
import { greetingFor, readerLanguage } from "./broadcast.ts";
import { titleOf } from "../views/events.ts";

function voiceOf(to: EventRecipient, config: BotConfig) {
  const lang = readerLanguage(to);
  return { lang, t: translator(lang), fmt: formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE) };
}

function notice(key: "events.notice.promoted" | "events.notice.reminder", config: BotConfig): EventNotify {
  return (event: Event, to: EventRecipient) => {
    const { lang, t, fmt } = voiceOf(to, config);
    const text = t(key, {
      greeting: greetingFor(to),
      who: t(to.guests > 0 ? "events.notice.you_with_guest" : "events.notice.you"),
      title: titleOf(event, lang),
      when: fmt.dateTime(event.startsAt),
      place: event.place,
    });
    return { text, buttons: rsvpButtons(t, event, { answer: to.guests > 0 ? "plus_one" : "going", waiting: false }) };
  };
}

/** For the waiting list moving up. */
export const promotedNotice = (config: BotConfig) => notice("events.notice.promoted", config);
/** For the morning job: events of the next shop day. */
export const reminderNotice = (config: BotConfig) => notice("events.notice.reminder", config);
