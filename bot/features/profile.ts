// /profile (clients) and "✏️ Профиль" on a client's file (staff): what the
// shop knows about the client, each part changed by its button. A typed answer
// is checked by core; a bad one is answered in the person's language and the
// step is kept. Choices and the list of dates edit the message in place; a
// typed answer gets the refreshed profile as a new message under it. A client
// also finds here their invitation link for friends and what it brings.
import { Composer, GrammyError, type InlineKeyboard } from "grammy";
import type { Profile } from "../../core/clients/profile.ts";
import { isDomainError } from "../../core/errors.ts";
import type { Context, Flow } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import {
  createAskKeyboard,
  createContactKeyboard,
  createFamilyDatesKeyboard,
  createGenderKeyboard,
  createProfileKeyboard,
  createTimeKeyboard,
  isClearable,
  profileCallbacks as cb,
  type ClearableField,
} from "../keyboards/profile.ts";
import { isStaff, refuse } from "../middlewares/roles.ts";
import { flowOf } from "../middlewares/staff-feature.ts";
import { isNotModified } from "../helpers/outcome.ts";
import { currentValue, dateLine, profileText, shareUrl } from "../views/profile.ts";

type ProfileFlow = Extract<Flow, { kind: "profile" }>;

export const profileFeature = new Composer<Context>();
const privateChats = profileFeature.chatType("private");

/**
 * Whose profile may this person change: staff and owners any client's, a
 * client only their own (deny by default). A refusal is said, nothing changes.
 */
async function mayEdit(ctx: Context, clientId: number): Promise<boolean> {
  if (isStaff(ctx)) return true;
  try {
    if (ctx.role === "client" && (await ctx.services.profile.clientIdOf(ctx.from!.id)) === clientId) return true;
  } catch (error) {
    if (!isDomainError(error)) throw error;
  }
  await refuse(ctx);
  return false;
}

// Every button names its client (the third part of its data): checked before any handler runs.
privateChats.callbackQuery(cb.any, async (ctx, next) => {
  if (await mayEdit(ctx, Number(ctx.callbackQuery.data.split(":")[2]))) await next();
});

privateChats.command("profile", async (ctx) => {
  if (isStaff(ctx)) return void (await ctx.reply(ctx.t("profile.staff_hint")));
  if (flowOf(ctx, "profile")) delete ctx.session.flow;
  const profile = await attempt(ctx, async () => ctx.services.profile.get(await ctx.services.profile.clientIdOf(ctx.from.id)));
  if (profile) await showProfile(ctx, profile);
});

privateChats.callbackQuery(cb.open.filter, async (ctx) => {
  const profile = await attempt(ctx, () => ctx.services.profile.get(cb.open.unpack(ctx.callbackQuery.data).client));
  if (!profile) return;
  await ctx.answerCallbackQuery();
  await showProfile(ctx, profile);
});

privateChats.callbackQuery(cb.back.filter, async (ctx) => {
  if (flowOf(ctx, "profile")) delete ctx.session.flow;
  const profile = await attempt(ctx, () => ctx.services.profile.get(cb.back.unpack(ctx.callbackQuery.data).client));
  if (!profile) return;
  await ctx.answerCallbackQuery();
  await showProfile(ctx, profile, { inPlace: true });
});

privateChats.callbackQuery(cb.ask.filter, async (ctx) => {
  const { client, field } = cb.ask.unpack(ctx.callbackQuery.data);
  const profile = await attempt(ctx, () => ctx.services.profile.get(client));
  if (!profile) return;
  ctx.session.flow = { kind: "profile", clientId: client, field };
  await ctx.answerCallbackQuery();
  const current = currentValue(ctx, profile, field);
  const text = [ctx.t(`profile.ask.${field}`), current ? ctx.t("profile.current", { value: current }) : null].filter(Boolean).join("\n");
  await ctx.reply(text, { reply_markup: createAskKeyboard(ctx.t, client, current && isClearable(field) ? field : undefined) });
});

privateChats.callbackQuery(cb.clear.filter, async (ctx) => {
  const { client, field } = cb.clear.unpack(ctx.callbackQuery.data);
  if (flowOf(ctx, "profile")) delete ctx.session.flow;
  const profile = await attempt(ctx, () => clear(ctx, client, field));
  if (!profile) return;
  await ctx.answerCallbackQuery({ text: ctx.t("profile.saved") });
  await showProfile(ctx, profile, { inPlace: true });
});

privateChats.callbackQuery(cb.menu.filter, async (ctx) => {
  const { client, menu } = cb.menu.unpack(ctx.callbackQuery.data);
  const profile = await attempt(ctx, () => ctx.services.profile.get(client));
  if (!profile) return;
  await ctx.answerCallbackQuery();
  if (menu === "dates") return showDates(ctx, profile, { inPlace: true });
  const keyboard =
    menu === "gender"
      ? createGenderKeyboard(ctx.t, client, profile.gender)
      : menu === "contact"
        ? createContactKeyboard(ctx.t, client, profile.contactPreference)
        : createTimeKeyboard(ctx.t, client, profile.contactTime);
  await present(ctx, ctx.t(`profile.choose.${menu}`), keyboard, true);
});

privateChats.callbackQuery(cb.gender.filter, async (ctx) => {
  const { client, value } = cb.gender.unpack(ctx.callbackQuery.data);
  await chosen(ctx, () => ctx.services.profile.setGender(actorOf(ctx), client, value === "none" ? null : value));
});

privateChats.callbackQuery(cb.contact.filter, async (ctx) => {
  const { client, value } = cb.contact.unpack(ctx.callbackQuery.data);
  await chosen(ctx, () => ctx.services.profile.setContactPreference(actorOf(ctx), client, value));
});

privateChats.callbackQuery(cb.time.filter, async (ctx) => {
  const { client, value } = cb.time.unpack(ctx.callbackQuery.data);
  await chosen(ctx, () => ctx.services.profile.setContactTime(actorOf(ctx), client, value === "none" ? null : value));
});

privateChats.callbackQuery(cb.add.filter, async (ctx) => {
  const { client, kind } = cb.add.unpack(ctx.callbackQuery.data);
  if (!(await attempt(ctx, () => ctx.services.profile.get(client)))) return;
  ctx.session.flow = { kind: "profile", clientId: client, field: "date", dateKind: kind };
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("profile.ask.date", { kind: ctx.t(`profile.kind.${kind}`) }), { reply_markup: createAskKeyboard(ctx.t, client) });
});

privateChats.callbackQuery(cb.del.filter, async (ctx) => {
  const { client, date } = cb.del.unpack(ctx.callbackQuery.data);
  const profile = await attempt(ctx, () => ctx.services.profile.removeFamilyDate(actorOf(ctx), client, date));
  if (!profile) return;
  await ctx.answerCallbackQuery({ text: ctx.t("profile.date_removed") });
  await showDates(ctx, profile, { inPlace: true });
});

// The typed answer to the question asked last; a command leaves it for its own feature.
privateChats
  .filter((ctx) => flowOf(ctx, "profile") !== undefined)
  .on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const flow = flowOf(ctx, "profile")!;
    if (!(await mayEdit(ctx, flow.clientId))) return void delete ctx.session.flow;
    try {
      const profile = await save(ctx, flow, ctx.message.text);
      delete ctx.session.flow;
      if (flow.field === "date") await showDates(ctx, profile, { note: ctx.t("profile.date_added") });
      else await showProfile(ctx, profile, { note: ctx.t("profile.saved") });
    } catch (error) {
      if (isDomainError(error) && error.code === "client_not_found") delete ctx.session.flow;
      await replyDomainError(ctx, error);
    }
  });

const actorOf = (ctx: Context) => ({ telegramId: ctx.from!.id, role: ctx.role });

function save(ctx: Context, flow: ProfileFlow, text: string): Promise<Profile> {
  const [profile, actor, id] = [ctx.services.profile, actorOf(ctx), flow.clientId];
  switch (flow.field) {
    case "name":
      return profile.setName(actor, id, text);
    case "birthday":
      return profile.setBirthday(actor, id, text);
    case "date":
      return profile.addFamilyDate(actor, id, flow.dateKind ?? "other", text);
    case "ring":
      return profile.setPreference(actor, id, "ringSize", text);
    default:
      return profile.setPreference(actor, id, flow.field, text);
  }
}

function clear(ctx: Context, client: number, field: ClearableField): Promise<Profile> {
  const profile = ctx.services.profile;
  if (field === "birthday") return profile.setBirthday(actorOf(ctx), client, null);
  return profile.setPreference(actorOf(ctx), client, field === "ring" ? "ringSize" : field, null);
}

/** A choice made: said in the button's answer, and the message becomes the profile again. */
async function chosen(ctx: Context, change: () => Promise<Profile>): Promise<void> {
  const profile = await attempt(ctx, change);
  if (!profile) return;
  await ctx.answerCallbackQuery({ text: ctx.t("profile.saved") });
  await showProfile(ctx, profile, { inPlace: true });
}

/** The result, or null once a domain failure has been told to the person. */
async function attempt<T>(ctx: Context, action: () => Promise<T>): Promise<T | null> {
  try {
    return await action();
  } catch (error) {
    await replyDomainError(ctx, error);
    return null;
  }
}

interface ShowOptions {
  /** A line above, such as "✅ Сохранено." */
  note?: string;
  /** Edit the message whose button was tapped instead of sending a new one. */
  inPlace?: boolean;
}

async function showProfile(ctx: Context, p: Profile, o: ShowOptions = {}): Promise<void> {
  const own = !isStaff(ctx);
  await present(ctx, withNote(o.note, profileText(ctx, p, own)), createProfileKeyboard(ctx.t, p.clientId, own ? shareUrl(ctx, p) : undefined), o.inPlace);
}

async function showDates(ctx: Context, p: Profile, o: ShowOptions = {}): Promise<void> {
  const lines = [ctx.t("profile.dates_menu"), ...(p.familyDates.length ? p.familyDates.map((d) => `• ${dateLine(ctx, d)}`) : [ctx.t("profile.dates_empty")])];
  const buttons = p.familyDates.map((d) => ({ id: d.id, text: ctx.t("profile.date_button", { name: d.label ?? ctx.t(`profile.kind.${d.kind}`), date: ctx.fmt.calendarDay(d) }) }));
  await present(ctx, withNote(o.note, lines.join("\n")), createFamilyDatesKeyboard(ctx.t, p.clientId, buttons), o.inPlace);
}

const withNote = (note: string | undefined, text: string) => (note ? `${note}\n\n${text}` : text);

/** Edits in place when asked (a message too old to edit gets a new one); the link in the text gets no preview. */
async function present(ctx: Context, text: string, keyboard: InlineKeyboard, inPlace = false): Promise<void> {
  const options = { reply_markup: keyboard, link_preview_options: { is_disabled: true } };
  if (inPlace && ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(text, options);
      return;
    } catch (error) {
      if (!(error instanceof GrammyError) || error.error_code !== 400) throw error;
      // A double tap: the message already says this.
      if (isNotModified(error)) return;
    }
  }
  await ctx.reply(text, options);
}
