// The buttons of private viewings: the client's (send the request, accept or
// decline a proposed time, cancel) and staff's (confirm a time, propose
// another). A client's button names a viewing, and the domain checks it is
// theirs, so forged data is refused with nothing changed.
import { InlineKeyboard } from "grammy";
import type { ViewingStatus } from "../../core/viewings/types.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { flowCallbacks } from "./flow.ts";

export const viewingCallbacks = defineCallbacks("viewing", {
  ok: { key: "token" },
  accept: { viewing: "int" },
  decline: { viewing: "int" },
  cancel: { viewing: "int" },
});

export const viewingStaffCallbacks = defineCallbacks("viewingstaff", {
  confirm: { viewing: "int" },
  propose: { viewing: "int" },
});

/** Under a client's viewing: accept or decline a proposal; cancel while it is alive. As rows of [text, data] for the outbox too. */
export function clientViewingButtons(t: Translate, v: { id: number; status: ViewingStatus }): [string, string][][] {
  const rows: [string, string][][] = [];
  if (v.status === "proposed") {
    rows.push([[t("viewings.accept"), viewingCallbacks.accept.pack({ viewing: v.id })], [t("viewings.decline"), viewingCallbacks.decline.pack({ viewing: v.id })]]);
  }
  if (v.status === "requested" || v.status === "proposed" || v.status === "confirmed") rows.push([[t("viewings.cancel"), viewingCallbacks.cancel.pack({ viewing: v.id })]]);
  return rows;
}

/** Under a request staff read: confirm a time, or propose another. */
export const staffViewingButtons = (t: Translate, id: number): [string, string][][] => [
  [[t("viewings.staff.confirm"), viewingStaffCallbacks.confirm.pack({ viewing: id })], [t("viewings.staff.propose"), viewingStaffCallbacks.propose.pack({ viewing: id })]],
];

export const keyboardOf = (rows: [string, string][][]) => InlineKeyboard.from(rows.map((row) => row.map(([text, data]) => InlineKeyboard.text(text, data))));

export const createSendKeyboard = (t: Translate, key: string) =>
  new InlineKeyboard().text(t("viewings.send"), viewingCallbacks.ok.pack({ key })).text(t("viewings.cancel_flow"), flowCallbacks.cancel.pack({}));
