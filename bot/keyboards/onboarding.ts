// Keyboards of the way in: consent, the contact button, skipping the birthday.
import { InlineKeyboard, Keyboard } from "grammy";
import type { Translate } from "../i18n.ts";

export function createConsentKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("onboarding.consent_accept"), "consent:yes").row().text(t("language.button"), "lang:menu");
}

export function createContactKeyboard(t: Translate) {
  return new Keyboard().requestContact(t("onboarding.share_contact")).resized().oneTime();
}

export function createSkipBirthdayKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("onboarding.skip_birthday"), "bday:skip");
}
