// The question of each onboarding step, asked again after /start, a wrong
// answer or a change of language (features/onboarding.ts, features/language.ts).
import type { OnboardingStep } from "../../core/clients/onboarding.ts";
import type { Context } from "../context.ts";
import { createConsentKeyboard, createContactKeyboard, createSkipBirthdayKeyboard } from "../keyboards/onboarding.ts";

export async function promptStep(ctx: Context, step: OnboardingStep): Promise<void> {
  const t = ctx.t;
  switch (step) {
    case "consent":
      await ctx.reply(t("onboarding.consent", { shop: ctx.config.SHOP_NAME }), { reply_markup: createConsentKeyboard(t) });
      return;
    case "phone":
      await ctx.reply(t("onboarding.ask_phone"), { reply_markup: createContactKeyboard(t) });
      return;
    case "name":
      await ctx.reply(t("onboarding.ask_name"), { reply_markup: { remove_keyboard: true } });
      return;
    case "birthday":
      await ctx.reply(t("onboarding.ask_birthday"), { reply_markup: createSkipBirthdayKeyboard(t) });
      return;
    case "done":
      await ctx.reply(t("onboarding.welcome_back"));
  }
}
