import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { flowCallbacks } from "./flow.ts";

export const refundCallbacks = defineCallbacks("refund", { all: {}, ok: { key: "token" } });

export function createRefundAllKeyboard(t: Translate, remainingLabel: string) {
  return new InlineKeyboard().text(t("refund.all", { amount: remainingLabel }), refundCallbacks.all.pack({})).text(t("purchase.cancel"), flowCallbacks.cancel.pack({}));
}

export function createRefundConfirmKeyboard(t: Translate, key: string) {
  return new InlineKeyboard().text(t("refund.confirm"), refundCallbacks.ok.pack({ key })).text(t("purchase.cancel"), flowCallbacks.cancel.pack({}));
}
