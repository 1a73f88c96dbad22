import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { flowCallbacks } from "./flow.ts";

export const purchaseCallbacks = defineCallbacks("pur", {
  pick: { client: "int" },
  new: {},
  items: {},
  redeem: { points: "int" },
  ok: { key: "token" },
});

export const createItemsDoneKeyboard = (t: Translate) => new InlineKeyboard().text(t("purchase.items_done"), purchaseCallbacks.items.pack({}));

export function createRedeemKeyboard(t: Translate, max: number, maxLabel: string) {
  return new InlineKeyboard()
    .text(t("purchase.redeem_none"), purchaseCallbacks.redeem.pack({ points: 0 }))
    .text(t("purchase.redeem_max", { points: maxLabel }), purchaseCallbacks.redeem.pack({ points: max }));
}

export function createConfirmKeyboard(t: Translate, key: string) {
  return new InlineKeyboard().text(t("purchase.confirm"), purchaseCallbacks.ok.pack({ key })).text(t("purchase.cancel"), flowCallbacks.cancel.pack({}));
}

export const createNewClientKeyboard = (t: Translate) => new InlineKeyboard().text(t("purchase.create_client"), purchaseCallbacks.new.pack({}));
