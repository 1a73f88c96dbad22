import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

/** Whose list: a seller's own (with the pool), the shared pool, or everyone's (owners). */
export const DUE_SCOPES = ["mine", "pool", "all"] as const;
export type DueScope = (typeof DUE_SCOPES)[number];

/** What a seller can say about a call; "later" then asks for the day. */
export const CALL_OUTCOMES = ["reached", "no_answer", "later", "not_interested"] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const dueCallbacks = defineCallbacks("due", {
  page: { scope: DUE_SCOPES, page: "int" },
  open: { client: "int", scope: DUE_SCOPES, page: "int" },
  call: { client: "int", outcome: CALL_OUTCOMES },
  later: { client: "int", days: "int" },
  nonote: { client: "int" },
});

/** One button per client on the page, then ◀ ▶, then the other lists an owner may see. */
export function createDueListKeyboard(
  t: Translate,
  opts: { scope: DueScope; page: number; pages: number; clients: { id: number; label: string }[]; owner: boolean },
) {
  const kb = new InlineKeyboard();
  for (const c of opts.clients) kb.text(c.label.slice(0, 60), dueCallbacks.open.pack({ client: c.id, scope: opts.scope, page: opts.page })).row();
  if (opts.page > 0) kb.text("◀", dueCallbacks.page.pack({ scope: opts.scope, page: opts.page - 1 }));
  if (opts.page < opts.pages - 1) kb.text("▶", dueCallbacks.page.pack({ scope: opts.scope, page: opts.page + 1 }));
  if (opts.owner) {
    kb.row();
    if (opts.scope !== "pool") kb.text(t("due.show_pool"), dueCallbacks.page.pack({ scope: "pool", page: 0 }));
    if (opts.scope !== "all") kb.text(t("due.show_all"), dueCallbacks.page.pack({ scope: "all", page: 0 }));
  }
  return kb;
}

export function createCallKeyboard(t: Translate, clientId: number, back: { scope: DueScope; page: number }) {
  const out = (outcome: CallOutcome) => dueCallbacks.call.pack({ client: clientId, outcome });
  return new InlineKeyboard()
    .text(t("due.button.reached"), out("reached"))
    .text(t("due.button.no_answer"), out("no_answer"))
    .row()
    .text(t("due.button.later"), out("later"))
    .text(t("due.button.not_interested"), out("not_interested"))
    .row()
    .text(t("due.back"), dueCallbacks.page.pack(back));
}

/** The usual "call again in …" choices; any other day can be typed. */
export const LATER_CHOICES = [
  ["tomorrow", 1],
  ["in_3_days", 3],
  ["in_week", 7],
  ["in_month", 30],
] as const;

export function createLaterKeyboard(t: Translate, clientId: number) {
  const kb = new InlineKeyboard();
  for (const [label, days] of LATER_CHOICES) kb.text(t(`due.button.${label}`), dueCallbacks.later.pack({ client: clientId, days }));
  return kb;
}

export const createNoNoteKeyboard = (t: Translate, clientId: number) =>
  new InlineKeyboard().text(t("due.button.no_note"), dueCallbacks.nonote.pack({ client: clientId }));
