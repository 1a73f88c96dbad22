// The one Context type of the bot: grammY's context plus the session (UI state
// only), the domain services, a per-update logger, the caller's role and a
// translator fixed to their language.
import type { Context as BaseContext, SessionFlavor } from "grammy";
import type { Logger } from "pino";
import type { Role } from "../core/audit/audit.ts";
import type { Config } from "../core/config/config.ts";
import type { Services } from "../core/services.ts";
import type { Formatter, Language, Translate } from "./i18n.ts";

export interface SessionData {
  /** The language this person chose (or Telegram's, until they choose). */
  language?: Language;
  /** A referral code from `/start ref_<code>`, kept until consent creates the client. */
  referral?: string;
}

export type BotConfig = Pick<
  Config,
  "OWNER_IDS" | "SHOP_NAME" | "SHOP_CURRENCY" | "SHOP_TIMEZONE" | "STAFF_INVITE_HOURS"
>;

interface Extra {
  services: Services;
  config: BotConfig;
  logger: Logger;
  role: Role;
  lang: Language;
  t: Translate;
  fmt: Formatter;
}

export type Context = BaseContext & SessionFlavor<SessionData> & Extra;
