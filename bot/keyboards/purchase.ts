import { InlineKeyboard } from "grammy";
import type { Translate } from "../i18n.ts";

export const createItemsDoneKeyboard = (t: Translate) => new InlineKeyboard().text(t("purchase.items_done"), "pur:items");

export function createRedeemKeyboard(t: Translate, max: number, maxLabel: string) {
  return new InlineKeyboard().text(t("purchase.redeem_none"), "pur:redeem:0").text(t("purchase.redeem_max", { points: maxLabel }), `pur:redeem:${max}`);
}

export function createConfirmKeyboard(t: Translate, key: string) {
  return new InlineKeyboard().text(t("purchase.confirm"), `pur:ok:${key}`).text(t("purchase.cancel"), "flow:cancel");
}

export const createNewClientKeyboard = (t: Translate) => new InlineKeyboard().text(t("purchase.create_client"), "pur:new");
