// The buttons of events: a client's answer (the RSVP buttons, with a mark on
// the current choice), the owner's creation flow, and staff's attendance list.
import { InlineKeyboard } from "grammy";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import type { Answer } from "../../core/events/types.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { broadcastCallbacks } from "./broadcast.ts";
import { flowCallbacks } from "./flow.ts";
import { RSVP_ANSWERS, rsvpCallbacks, type RsvpAnswer } from "./rsvp.ts";

/** The owner's /event flow. */
export const eventCallbacks = defineCallbacks("evnew", {
  nolimit: {},
  audience: { kind: ["all", "list"] },
  tier: { tier: "int" },
  listed: {},
  plus: { allowed: ["yes", "no"] },
  ok: { key: "token" },
});

/** Staff's /attendance: an event's list, a mark (the state it asks for, so a double tap repeats it), back to the events. */
export const attendCallbacks = defineCallbacks("attend", {
  event: { event: "int" },
  mark: { event: "int", client: "int", to: ["on", "off"] },
  back: {},
});

/** What a client chose, as the buttons show it: waiting counts as the choice it waits with. */
export type Chosen = { answer: RsvpAnswer; waiting: boolean } | null;

export function chosenOf(a: Answer | null): Chosen {
  if (!a || a.status === "invited") return null;
  if (a.status === "declined") return { answer: "declined", waiting: false };
  return { answer: a.guests > 0 ? "plus_one" : "going", waiting: a.status === "waiting" };
}

function rsvpLabel(t: Translate, answer: RsvpAnswer, chosen: Chosen): string {
  const label = t(`events.rsvp.${answer}`);
  if (chosen?.answer !== answer) return label;
  return chosen.waiting ? t("events.rsvp.waiting", { label }) : t("events.rsvp.chosen", { label });
}

/** The RSVP rows as [text, data]: for a keyboard and for a notice in the outbox. */
export function rsvpButtons(t: Translate, event: { id: number; plusOneAllowed: boolean }, chosen: Chosen): [string, string][][] {
  const button = (answer: RsvpAnswer): [string, string] => [rsvpLabel(t, answer, chosen), rsvpCallbacks.answer.pack({ event: event.id, answer })];
  return [[button("going"), ...(event.plusOneAllowed ? [button("plus_one")] : [])], [button("declined")]];
}

export const createRsvpKeyboard = (t: Translate, event: { id: number; plusOneAllowed: boolean }, chosen: Chosen) =>
  InlineKeyboard.from(rsvpButtons(t, event, chosen).map((row) => row.map(([text, data]) => InlineKeyboard.text(text, data))));

const answerOfButton = (b: InlineKeyboardButton, eventId: number): RsvpAnswer | null => {
  const data = "callback_data" in b ? b.callback_data : undefined;
  if (!data || !rsvpCallbacks.answer.filter.test(data)) return null;
  const { event, answer } = rsvpCallbacks.answer.unpack(data);
  return event === eventId && RSVP_ANSWERS.includes(answer) ? answer : null;
};

/**
 * The tapped message's own keyboard with the RSVP buttons relabelled, so any
 * other button on it (an invitation's "stop these") stays; a fresh RSVP
 * keyboard when the message's keyboard is not known.
 */
export function markChoice(t: Translate, current: InlineKeyboardMarkup | undefined, event: { id: number; plusOneAllowed: boolean }, chosen: Chosen): InlineKeyboardMarkup {
  const rows = current?.inline_keyboard;
  if (!rows?.some((row) => row.some((b) => answerOfButton(b, event.id)))) return createRsvpKeyboard(t, event, chosen);
  const relabel = (b: InlineKeyboardButton) => {
    const answer = answerOfButton(b, event.id);
    return answer ? { ...b, text: rsvpLabel(t, answer, chosen) } : b;
  };
  return { inline_keyboard: rows.map((row) => row.map(relabel)) };
}

export const createNoLimitKeyboard = (t: Translate) => new InlineKeyboard().text(t("events.create.no_limit"), eventCallbacks.nolimit.pack({}));

/** Everyone, each tier above the first (the first is everyone), or a list. */
export function createAudienceKeyboard(t: Translate, tiers: { id: number; name: string }[]) {
  const kb = new InlineKeyboard().text(t("events.create.audience_all"), eventCallbacks.audience.pack({ kind: "all" })).row();
  for (const tier of tiers) kb.text(t("events.create.audience_tier", { tier: tier.name }), eventCallbacks.tier.pack({ tier: tier.id })).row();
  return kb.text(t("events.create.audience_list"), eventCallbacks.audience.pack({ kind: "list" }));
}

export const createListedKeyboard = (t: Translate) => new InlineKeyboard().text(t("events.create.list_continue"), eventCallbacks.listed.pack({}));

export const createPlusOneKeyboard = (t: Translate) =>
  new InlineKeyboard().text(t("events.create.plus_one_yes"), eventCallbacks.plus.pack({ allowed: "yes" })).text(t("events.create.plus_one_no"), eventCallbacks.plus.pack({ allowed: "no" }));

export const createEventConfirmKeyboard = (t: Translate, key: string) =>
  new InlineKeyboard().text(t("events.create.confirm"), eventCallbacks.ok.pack({ key })).text(t("events.create.cancel"), flowCallbacks.cancel.pack({}));

/** Under a created event: the broadcast composer takes it from there. */
export const createInviteKeyboard = (t: Translate, event: number) => new InlineKeyboard().text(t("events.create.invite"), broadcastCallbacks.invite.pack({ event }));

/** Owners' /events: an invitation button per coming event (a new one, or one already invited). */
export function createInviteEachKeyboard(t: Translate, events: { id: number; title: string }[]) {
  return InlineKeyboard.from(events.map((e) => [InlineKeyboard.text(t("events.staff.invite", { title: e.title }).slice(0, 60), broadcastCallbacks.invite.pack({ event: e.id }))]));
}

export function createEventsChoiceKeyboard(events: { id: number; label: string }[]) {
  return InlineKeyboard.from(events.map((e) => [InlineKeyboard.text(e.label.slice(0, 60), attendCallbacks.event.pack({ event: e.id }))]));
}

export function createAttendanceKeyboard(t: Translate, eventId: number, people: { clientId: number; label: string; attended: boolean }[]) {
  const kb = new InlineKeyboard();
  for (const p of people) kb.text(`${p.attended ? "✅" : "▫️"} ${p.label}`.slice(0, 60), attendCallbacks.mark.pack({ event: eventId, client: p.clientId, to: p.attended ? "off" : "on" })).row();
  return kb.text(t("events.attendance.back"), attendCallbacks.back.pack({}));
}
