// The buttons of wishes: the steps of the "I am looking for…" flow (skip, a
// kind of jewelry, save), staff's "it arrived", and closing one (by staff, or
// by the client from /wish: the domain decides whose wish it is).
import { InlineKeyboard } from "grammy";
import { CLOSE_REASONS, JEWELRY_KINDS } from "../../core/wishes/types.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { flowCallbacks } from "./flow.ts";

/** The steps a skip button may skip (it carries its step, so a double tap skips one). */
export const SKIPPABLE_STEPS = ["stone", "kind", "budget", "size", "text"] as const;

export const wishCallbacks = defineCallbacks("wish", {
  new: {},
  skip: { step: SKIPPABLE_STEPS },
  kind: { kind: JEWELRY_KINDS },
  ok: { key: "token" },
  arrived: { wish: "int" },
  close: { wish: "int", reason: CLOSE_REASONS },
});

export const createSkipKeyboard = (t: Translate, step: (typeof SKIPPABLE_STEPS)[number]) =>
  new InlineKeyboard().text(t("wishes.skip"), wishCallbacks.skip.pack({ step }));

export function createKindKeyboard(t: Translate) {
  const kb = new InlineKeyboard();
  JEWELRY_KINDS.forEach((kind, i) => {
    kb.text(t(`wishes.kind.${kind}`), wishCallbacks.kind.pack({ kind }));
    if (i % 3 === 2) kb.row();
  });
  return kb.row().text(t("wishes.skip"), wishCallbacks.skip.pack({ step: "kind" }));
}

export const createWishConfirmKeyboard = (t: Translate, key: string) =>
  new InlineKeyboard().text(t("wishes.confirm"), wishCallbacks.ok.pack({ key })).text(t("wishes.cancel"), flowCallbacks.cancel.pack({}));

export const createNewWishKeyboard = (t: Translate) => new InlineKeyboard().text(t("wishes.new_button"), wishCallbacks.new.pack({}));

/** Closing as the client or staff choose: found elsewhere, or no longer wanted. */
export function createCloseKeyboard(t: Translate, wish: number, arrived = false) {
  const kb = new InlineKeyboard();
  if (arrived) kb.text(t("wishes.arrived_button"), wishCallbacks.arrived.pack({ wish })).row();
  return kb
    .text(t("wishes.close_found_elsewhere"), wishCallbacks.close.pack({ wish, reason: "found_elsewhere" }))
    .row()
    .text(t("wishes.close_not_wanted"), wishCallbacks.close.pack({ wish, reason: "not_wanted" }));
}
