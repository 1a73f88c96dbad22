// The message to a client whose wish arrived: in their language, with the
// greeting they are used to, inviting them in.
import type { WishNotify } from "../../core/wishes/wishes.ts";
import type { BotConfig } from "../context.ts";
import { formatter, translator } from "../i18n.ts";
import { wishDetails } from "../views/wishes.ts";
import { greetingFor, readerLanguage } from "./broadcast.ts";

export const arrivedNotice =
  (config: BotConfig): WishNotify =>
  (wish, client) => {
    const lang = readerLanguage(client);
    const voice = { lang, t: translator(lang), fmt: formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE) };
    return { text: voice.t("wishes.notice", { greeting: greetingFor(client), details: wishDetails(voice, wish), shop: config.SHOP_NAME }) };
  };
