// The buttons of service tickets: the client's (the kind of service, "done"
// with the photos, "this is my item" / "not mine") and staff's (the filter by
// stage, the next stage, cancel, photos, an owner's reopen, the move's
// confirm). A button names a ticket; the domain checks a client's is theirs,
// and staff buttons are refused to anyone without the role, so forged data
// changes nothing. A move button names the stage it leads to, so a button
// left from before a move cannot push the ticket one stage further.
import { InlineKeyboard } from "grammy";
import { OPEN_STAGES, STAGE_ORDER, TICKET_KINDS, nextStage, type OpenStage, type TicketStageName } from "../../core/tickets/types.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { flowCallbacks } from "./flow.ts";

const MOVE_TARGETS = STAGE_ORDER.slice(1);

export const ticketCallbacks = defineCallbacks("ticket", {
  kind: { kind: TICKET_KINDS },
  done: { key: "token" },
  mine: { ticket: "int" },
  notmine: { ticket: "int" },
});

export const ticketStaffCallbacks = defineCallbacks("ticketstaff", {
  list: { stage: ["all", ...OPEN_STAGES] },
  next: { ticket: "int", to: MOVE_TARGETS },
  go: { key: "token" },
  cancel: { ticket: "int" },
  photos: { ticket: "int" },
  reopen: { ticket: "int" },
});

type Rows = [string, string][][];

export const keyboardOf = (rows: Rows) => InlineKeyboard.from(rows.map((row) => row.map(([text, data]) => InlineKeyboard.text(text, data))));

export function createKindKeyboard(t: Translate) {
  const rows: Rows = TICKET_KINDS.map((kind) => [[t(`tickets.kind.${kind}`), ticketCallbacks.kind.pack({ kind })]]);
  return keyboardOf([...rows, [[t("tickets.cancel_flow"), flowCallbacks.cancel.pack({})]]]);
}

export const createDoneKeyboard = (t: Translate, key: string) =>
  keyboardOf([[[t("tickets.done"), ticketCallbacks.done.pack({ key })], [t("tickets.cancel_flow"), flowCallbacks.cancel.pack({})]]]);

/** Under the last intake photo the client is sent. */
export const confirmButtons = (t: Translate, id: number): Rows => [
  [[t("tickets.mine"), ticketCallbacks.mine.pack({ ticket: id })], [t("tickets.not_mine"), ticketCallbacks.notmine.pack({ ticket: id })]],
];

/** Under a ticket staff read: the next stage, cancel and photos while it is open; an owner may also step it back. */
export function staffTicketButtons(t: Translate, v: { id: number; stage: TicketStageName }, owner: boolean): Rows {
  const rows: Rows = [];
  const to = nextStage(v.stage);
  if (to && v.stage !== "cancelled") rows.push([[t(`tickets.staff.next.${to}`), ticketStaffCallbacks.next.pack({ ticket: v.id, to })]]);
  const second: [string, string][] = [[t("tickets.staff.photos"), ticketStaffCallbacks.photos.pack({ ticket: v.id })]];
  if (to && v.stage !== "cancelled") second.push([t("tickets.staff.cancel"), ticketStaffCallbacks.cancel.pack({ ticket: v.id })]);
  if (owner && v.stage !== "new") second.push([t("tickets.staff.reopen"), ticketStaffCallbacks.reopen.pack({ ticket: v.id })]);
  rows.push(second);
  return rows;
}

/** The filter over staff's list: every open stage with how many are in it. */
export function createFilterKeyboard(t: Translate, counts: Record<OpenStage, number>) {
  const total = OPEN_STAGES.reduce((sum, s) => sum + counts[s], 0);
  const rows: Rows = [[[t("tickets.staff.filter_all", { n: total }), ticketStaffCallbacks.list.pack({ stage: "all" })]]];
  for (const stage of OPEN_STAGES) rows.push([[t("tickets.staff.filter_stage", { stage: t(`tickets.stage.${stage}`), n: counts[stage] }), ticketStaffCallbacks.list.pack({ stage })]]);
  return keyboardOf(rows);
}

export const createMoveKeyboard = (t: Translate, key: string, stageName: string) =>
  keyboardOf([[[t("tickets.staff.move_button", { stage: stageName }), ticketStaffCallbacks.go.pack({ key })], [t("tickets.cancel_flow"), flowCallbacks.cancel.pack({})]]]);
