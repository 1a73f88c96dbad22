// The buttons of the profile editor. Every button names the client whose
// profile it changes: staff may open any client's, a client only their own
// (features/profile.ts checks it before anything else).
import { InlineKeyboard } from "grammy";
import { FAMILY_DATE_KINDS, type FamilyDateKind } from "../../core/clients/client-file.ts";
import type { Gender } from "../../core/clients/gender.ts";
import { CONTACT_PREFERENCES, type ContactPreference, type ContactTime } from "../../core/clients/profile.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

/** The parts answered by typing; "date" is asked through `add`. */
export const TEXT_FIELDS = ["name", "birthday", "stones", "metals", "ring", "notes"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
const CLEARABLE = ["birthday", "stones", "metals", "ring", "notes"] as const;
export type ClearableField = (typeof CLEARABLE)[number];
export const isClearable = (f: TextField): f is ClearableField => (CLEARABLE as readonly string[]).includes(f);

export const profileCallbacks = defineCallbacks("prof", {
  open: { client: "int" },
  back: { client: "int" },
  ask: { client: "int", field: TEXT_FIELDS },
  clear: { client: "int", field: CLEARABLE },
  menu: { client: "int", menu: ["gender", "contact", "time", "dates"] },
  gender: { client: "int", value: ["female", "male", "none"] },
  contact: { client: "int", value: CONTACT_PREFERENCES },
  time: { client: "int", value: ["morning", "afternoon", "evening", "none"] },
  add: { client: "int", kind: FAMILY_DATE_KINDS },
  del: { client: "int", date: "int" },
});
const cb = profileCallbacks;

/** The profile's buttons; `shareUrl` adds the invitation button (a client's own profile only). */
export function createProfileKeyboard(t: Translate, client: number, shareUrl?: string) {
  const kb = new InlineKeyboard()
    .text(t("profile.btn.name"), cb.ask.pack({ client, field: "name" }))
    .text(t("profile.btn.gender"), cb.menu.pack({ client, menu: "gender" }))
    .row()
    .text(t("profile.btn.birthday"), cb.ask.pack({ client, field: "birthday" }))
    .text(t("profile.btn.dates"), cb.menu.pack({ client, menu: "dates" }))
    .row()
    .text(t("profile.btn.stones"), cb.ask.pack({ client, field: "stones" }))
    .text(t("profile.btn.metals"), cb.ask.pack({ client, field: "metals" }))
    .row()
    .text(t("profile.btn.ring"), cb.ask.pack({ client, field: "ring" }))
    .text(t("profile.btn.notes"), cb.ask.pack({ client, field: "notes" }))
    .row()
    .text(t("profile.btn.contact"), cb.menu.pack({ client, menu: "contact" }))
    .text(t("profile.btn.time"), cb.menu.pack({ client, menu: "time" }));
  if (shareUrl) kb.row().url(t("profile.btn.share"), shareUrl);
  return kb;
}

/** Under a question: clear the current value (when there is one) and go back. */
export function createAskKeyboard(t: Translate, client: number, clear?: ClearableField) {
  const kb = new InlineKeyboard();
  if (clear) kb.text(t("profile.btn.clear"), cb.clear.pack({ client, field: clear }));
  return kb.text(t("profile.btn.back"), cb.back.pack({ client }));
}

const mark = (label: string, current: boolean) => (current ? `✓ ${label}` : label);

export function createGenderKeyboard(t: Translate, client: number, current: Gender | null) {
  return new InlineKeyboard()
    .text(mark(t("profile.option.female"), current === "female"), cb.gender.pack({ client, value: "female" }))
    .text(mark(t("profile.option.male"), current === "male"), cb.gender.pack({ client, value: "male" }))
    .row()
    .text(mark(t("profile.option.gender_none"), current === null), cb.gender.pack({ client, value: "none" }))
    .text(t("profile.btn.back"), cb.back.pack({ client }));
}

export function createContactKeyboard(t: Translate, client: number, current: ContactPreference | null) {
  const kb = new InlineKeyboard();
  for (const value of CONTACT_PREFERENCES) kb.text(mark(t(`profile.option.${value}`), current === value), cb.contact.pack({ client, value })).row();
  return kb.text(t("profile.btn.back"), cb.back.pack({ client }));
}

export function createTimeKeyboard(t: Translate, client: number, current: ContactTime | null) {
  return new InlineKeyboard()
    .text(mark(t("profile.option.morning"), current === "morning"), cb.time.pack({ client, value: "morning" }))
    .text(mark(t("profile.option.afternoon"), current === "afternoon"), cb.time.pack({ client, value: "afternoon" }))
    .text(mark(t("profile.option.evening"), current === "evening"), cb.time.pack({ client, value: "evening" }))
    .row()
    .text(mark(t("profile.option.time_none"), current === null), cb.time.pack({ client, value: "none" }))
    .text(t("profile.btn.back"), cb.back.pack({ client }));
}

/** Add a date of each kind, remove one of the client's dates (each button says which), back. */
export function createFamilyDatesKeyboard(t: Translate, client: number, dates: { id: number; text: string }[]) {
  const kb = new InlineKeyboard();
  FAMILY_DATE_KINDS.forEach((kind: FamilyDateKind, i) => {
    kb.text(t(`profile.add.${kind}`), cb.add.pack({ client, kind }));
    if (i % 2 === 1) kb.row();
  });
  for (const d of dates) kb.text(Array.from(`🗑 ${d.text}`).slice(0, 60).join(""), cb.del.pack({ client, date: d.id })).row();
  return kb.text(t("profile.btn.back"), cb.back.pack({ client }));
}
