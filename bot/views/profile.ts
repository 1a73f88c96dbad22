// The profile in words: what the shop knows about a client (as they see it,
// or as staff see it from the file), the invitation link and its share sheet,
// and dates as a calendar reads them.
import type { Profile } from "../../core/clients/profile.ts";
import type { Context, Flow } from "../context.ts";
import { referralLink } from "../helpers/deep-links.ts";

export function profileText(ctx: Context, p: Profile, own: boolean): string {
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

export function currentValue(ctx: Context, p: Profile, field: Extract<Flow, { kind: "profile" }>["field"]): string | null {
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
export function shareUrl(ctx: Context, p: Profile): string {
  const bonus = p.referral.friendBonus;
  const text = [
    ctx.t("profile.share_text", { shop: ctx.config.SHOP_NAME }),
    bonus > 0 ? ctx.t("profile.share_bonus", { points: ctx.t("points", { count: bonus, n: ctx.fmt.number(bonus) }) }) : null,
  ].filter(Boolean).join(" ");
  return `https://t.me/share/url?url=${encodeURIComponent(inviteLink(ctx, p))}&text=${encodeURIComponent(text)}`;
}

export function dateLine(ctx: Context, d: Profile["familyDates"][number]): string {
  const parts = { kind: ctx.t(`profile.kind.${d.kind}`), date: ctx.fmt.calendarDay(d) };
  return d.label ? ctx.t("profile.date_line_label", { ...parts, label: d.label }) : ctx.t("profile.date_line", parts);
}

const birthdayText = (ctx: Context, b: Date) => ctx.fmt.calendarDate(b);

/** Sizes are stored as "17.5"; read as the language writes numbers ("17,5"). Anything else as it was typed. */
const ringSizeText = (ctx: Context, size: string | null) => (size && /^\d+(\.\d+)?$/.test(size) ? ctx.fmt.number(Number(size)) : size);
