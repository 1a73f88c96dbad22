// Keyboards of the way in: consent, the contact button, skipping the birthday.
import { InlineKeyboard, Keyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { languageCallbacks } from "./language.ts";

export const onboardingCallbacks = defineCallbacks("join", { consent: {}, skip: {} });

export function createConsentKeyboard(t: Translate) {
  return new InlineKeyboard()
    .text(t("onboarding.consent_accept"), onboardingCallbacks.consent.pack({}))
    .row()
    .text(t("language.button"), languageCallbacks.menu.pack({}));
}

export function createContactKeyboard(t: Translate) {
  return new Keyboard().requestContact(t("onboarding.share_contact")).resized().oneTime();
}

export function createSkipBirthdayKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("onboarding.skip_birthday"), onboardingCallbacks.skip.pack({}));
}
