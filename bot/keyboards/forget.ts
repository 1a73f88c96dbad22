import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

export const forgetCallbacks = defineCallbacks("forget", { yes: {}, no: {} });

export const createForgetKeyboard = (t: Translate) =>
  new InlineKeyboard().text(t("forget.confirm"), forgetCallbacks.yes.pack({})).text(t("forget.cancel"), forgetCallbacks.no.pack({}));
