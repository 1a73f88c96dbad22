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
import { referralLink } from "../helpers/deep-links.ts";
import type { Language } from "../i18n.ts";
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

/** The deep-link payload features/onboarding.ts reads as "invited by". */
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
  const buttons = p.familyDates.map((d) => ({ id: d.id, text: ctx.t("profile.date_button", { name: d.label ?? ctx.t(`profile.kind.${d.kind}`), date: calendarDate(ctx.lang, d) }) }));
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
      if (error.description.includes("message is not modified")) return;
    }
  }
  await ctx.reply(text, options);
}

function profileText(ctx: Context, p: Profile, own: boolean): string {
  const { t, fmt } = ctx;
  const or = (v: string | null) => v || t("profile.empty");
  const name = [p.givenName, p.patronymic].filter(Boolean).join(" ");
  const fullName = [p.givenName, p.patronymic, p.familyName].filter(Boolean).join(" ") || t("clients.no_name");
  const lines = [
    own ? t("profile.title_own") : t("profile.title_staff", { name: fullName }),
    t("profile.name", { name: or(name) }),
    t("profile.address", { value: t(`profile.gender.${p.gender ?? "none"}`) }),
    t("profile.birthday", { date: or(p.birthday && birthdayText(ctx, p.birthday)) }),
  ];
  if (p.familyDates.length) lines.push(t("profile.dates"), ...p.familyDates.map((d) => `• ${dateLine(ctx, d)}`));
  else lines.push(t("profile.dates_none"));
  lines.push(
    t("profile.stones", { value: or(p.preferences.stones) }),
    t("profile.metals", { value: or(p.preferences.metals) }),
    t("profile.ring", { value: or(ringSizeText(ctx, p.preferences.ringSize)) }),
    t("profile.notes", { value: or(p.preferences.notes) }),
    t("profile.contact", { value: p.contactPreference ? t(`profile.contact_pref.${p.contactPreference}`) : t("profile.empty") }),
    t("profile.time", { value: t(`profile.contact_time.${p.contactTime ?? "none"}`) }),
  );
  if (own) {
    const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
    const { inviterBonus, friendBonus, invited } = p.referral;
    lines.push("", t("profile.invite_title"), t("profile.invite_link", { link: inviteLink(ctx, p) }));
    if (inviterBonus > 0 || friendBonus > 0) lines.push(t("profile.invite_bonus", { inviter: points(inviterBonus), friend: points(friendBonus) }));
    if (invited > 0) lines.push(t("profile.invite_count", { n: fmt.number(invited) }));
  }
  return lines.join("\n");
}

function currentValue(ctx: Context, p: Profile, field: ProfileFlow["field"]): string | null {
  switch (field) {
    case "name":
      return [p.givenName, p.patronymic].filter(Boolean).join(" ") || null;
    case "birthday":
      return p.birthday && birthdayText(ctx, p.birthday);
    case "ring":
      return ringSizeText(ctx, p.preferences.ringSize);
    case "date":
      return null;
    default:
      return p.preferences[field];
  }
}

const inviteLink = (ctx: Context, p: Profile) => referralLink(ctx.me.username, p.referral.code);

/** Telegram's share sheet with the link and a short invitation in the client's language. */
function shareUrl(ctx: Context, p: Profile): string {
  const bonus = p.referral.friendBonus;
  const text = [
    ctx.t("profile.share_text", { shop: ctx.config.SHOP_NAME }),
    bonus > 0 ? ctx.t("profile.share_bonus", { points: ctx.t("points", { count: bonus, n: ctx.fmt.number(bonus) }) }) : null,
  ].filter(Boolean).join(" ");
  return `https://t.me/share/url?url=${encodeURIComponent(inviteLink(ctx, p))}&text=${encodeURIComponent(text)}`;
}

function dateLine(ctx: Context, d: Profile["familyDates"][number]): string {
  const parts = { kind: ctx.t(`profile.kind.${d.kind}`), date: calendarDate(ctx.lang, d) };
  return d.label ? ctx.t("profile.date_line_label", { ...parts, label: d.label }) : ctx.t("profile.date_line", parts);
}

const birthdayText = (ctx: Context, b: Date) => calendarDate(ctx.lang, { year: b.getUTCFullYear(), month: b.getUTCMonth() + 1, day: b.getUTCDate() });

/** Sizes are stored as "17.5"; read as the language writes numbers ("17,5"). Anything else as it was typed. */
const ringSizeText = (ctx: Context, size: string | null) => (size && /^\d+(\.\d+)?$/.test(size) ? ctx.fmt.number(Number(size)) : size);

const INTL_LOCALE: Record<Language, string> = { ru: "ru-RU", zh: "zh-CN" };
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A calendar day ("14 февраля", "2015年9月1日"): formatted in UTC, where it is
 * stored, so no time zone moves it to the day before.
 */
function calendarDate(lang: Language, d: { year: number | null; month: number; day: number }): string {
  const key = `${lang}|${d.year === null ? "dm" : "dmy"}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(INTL_LOCALE[lang], { day: "numeric", month: "long", ...(d.year === null ? {} : { year: "numeric" }), timeZone: "UTC" });
    dateFormats.set(key, f);
  }
  return f.format(new Date(Date.UTC(d.year ?? 2000, d.month - 1, d.day)));
}
