// /start for clients: consent → phone (contact button or typed) → name →
// optional birthday → card. The step lives in the client's row, so every
// message simply asks core where this person is.
import { Composer } from "grammy";
import { setChatCommands } from "../commands.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { createContactKeyboard, onboardingCallbacks } from "../keyboards/onboarding.ts";
import { REFERRAL_PREFIX } from "../helpers/deep-links.ts";
import { isClient } from "../middlewares/roles.ts";
import { sendCard } from "../views/card.ts";
import { promptStep } from "../views/onboarding.ts";
import { sendTopicsMenu } from "../views/subscriptions.ts";


export const onboardingFeature = new Composer<Context>();
const clients = onboardingFeature.chatType("private").filter(isClient);

clients.command("start", async (ctx) => {
  const payload = ctx.match.trim();
  if (payload.startsWith(REFERRAL_PREFIX)) ctx.session.referral = payload.slice(REFERRAL_PREFIX.length).slice(0, 32);
  const step = await ctx.services.onboarding.step(ctx.from.id);
  if (step === "consent") await ctx.reply(ctx.t("onboarding.hello", { shop: ctx.config.SHOP_NAME }));
  await promptStep(ctx, step);
});

clients.callbackQuery(onboardingCallbacks.consent.filter, async (ctx) => {
  if ((await ctx.services.onboarding.step(ctx.from.id)) !== "consent") {
    await ctx.answerCallbackQuery({ text: ctx.t("onboarding.already_done") });
    return;
  }
  await ctx.services.onboarding.giveConsent(ctx.from.id, ctx.lang, ctx.session.referral);
  delete ctx.session.referral;
  await ctx.answerCallbackQuery({ text: ctx.t("onboarding.consent_thanks") });
  await ctx.editMessageReplyMarkup();
  await promptStep(ctx, "phone");
});

clients.on("message:contact", async (ctx, next) => {
  if ((await ctx.services.onboarding.step(ctx.from.id)) !== "phone") return next();
  const contact = ctx.message.contact;
  if (contact.user_id !== ctx.from.id) {
    await ctx.reply(ctx.t("onboarding.foreign_contact"), { reply_markup: createContactKeyboard(ctx.t) });
    return;
  }
  await savePhone(ctx, contact.phone_number, true);
});

clients.on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  const step = await ctx.services.onboarding.step(ctx.from.id);
  const text = ctx.message.text;
  try {
    switch (step) {
      case "consent":
        return await promptStep(ctx, "consent");
      case "phone":
        return await savePhone(ctx, text, false);
      case "name":
        await ctx.services.onboarding.setName(ctx.from.id, text);
        return await promptStep(ctx, "birthday");
      case "birthday":
        return await finish(ctx, text);
      case "done":
        return await next();
    }
  } catch (error) {
    await replyDomainError(ctx, error, "onboarding");
  }
});

clients.callbackQuery(onboardingCallbacks.skip.filter, async (ctx) => {
  if ((await ctx.services.onboarding.step(ctx.from.id)) !== "birthday") {
    await ctx.answerCallbackQuery({ text: ctx.t("onboarding.already_done") });
    return;
  }
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await finish(ctx, null);
});

async function savePhone(ctx: Context, raw: string, fromContact: boolean): Promise<void> {
  try {
    await ctx.services.onboarding.setPhone(ctx.from!.id, raw, fromContact);
  } catch (error) {
    await replyDomainError(ctx, error, "onboarding");
    if (!ctx.callbackQuery) await ctx.reply(ctx.t("onboarding.ask_phone"), { reply_markup: createContactKeyboard(ctx.t) });
    return;
  }
  await promptStep(ctx, "name");
}

async function finish(ctx: Context, birthday: string | null): Promise<void> {
  const { client, welcomeBonus } = await ctx.services.onboarding.finish(ctx.from!.id, birthday);
  await ctx.reply(
    ctx.t("onboarding.done", { name: client.givenName, shop: ctx.config.SHOP_NAME }) +
      (welcomeBonus > 0
        ? `\n${ctx.t("onboarding.welcome_bonus", { points: ctx.t("points", { count: welcomeBonus, n: ctx.fmt.number(welcomeBonus) }) })}`
        : ""),
  );
  await setChatCommands(ctx.api, ctx.chat!.id, "client", ctx.lang);
  await sendCard(ctx);
  // A new client follows every topic; the menu right after the card lets them say otherwise.
  await sendTopicsMenu(ctx, client.id);
}
