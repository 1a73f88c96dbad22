// /settings and /set (owners only): the loyalty program at a glance, and one
// rule or one tier changed per command. The core validates and audit-logs each
// change; here we only parse what the owner typed and say what changed.
import { Composer } from "grammy";
import { DomainError, isDomainError } from "../../core/errors.ts";
import { SETTING_LIMITS, type SettingName, type TierField } from "../../core/loyalty/settings.ts";
import { parseMoney, parsePercent, parsePoints } from "../../core/money.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { isOwner, refuse } from "../middlewares/roles.ts";
import { tierName } from "../notices/people.ts";

type Kind = "months" | "percent" | "points" | "money";

/** The names an owner types, in the order /settings lists them. */
const RULES = {
  period: { setting: "tierPeriodMonths", kind: "months" },
  redeem: { setting: "maxRedeemBp", kind: "percent" },
  lifetime: { setting: "pointsLifetimeMonths", kind: "months" },
  welcome: { setting: "welcomeBonus", kind: "points" },
  birthday: { setting: "birthdayBonus", kind: "points" },
  referral_inviter: { setting: "referralBonusInviter", kind: "points" },
  referral_friend: { setting: "referralBonusFriend", kind: "points" },
  event: { setting: "eventBonus", kind: "points" },
  ceiling: { setting: "maxPurchaseAmount", kind: "money" },
} as const satisfies Record<string, { setting: SettingName; kind: Kind }>;
type RuleName = keyof typeof RULES;
const isRuleName = (s: string): s is RuleName => Object.hasOwn(RULES, s);

const TIER_FIELDS = {
  threshold: { field: "threshold", kind: "money" },
  discount: { field: "discountBp", kind: "percent" },
  cashback: { field: "cashbackBp", kind: "percent" },
} as const satisfies Record<string, { field: TierField; kind: Kind }>;
type TierFieldName = keyof typeof TIER_FIELDS;
const isTierFieldName = (s: string): s is TierFieldName => Object.hasOwn(TIER_FIELDS, s);


/** A value with its unit; null is only ever the "lifetime" tier period. */
function show(ctx: Context, kind: Kind, value: number | null): string {
  if (value === null) return ctx.t("settings.all_time");
  switch (kind) {
    case "months":
      return ctx.t("settings.months", { count: value, n: ctx.fmt.number(value) });
    case "points":
      return ctx.t("points", { count: value, n: ctx.fmt.number(value) });
    case "percent":
      return ctx.fmt.percent(value);
    case "money":
      return ctx.fmt.money(value);
  }
}

/** "500 → 700 баллов": a word unit is said once, after the new value. */
function fromTo(ctx: Context, kind: Kind, from: number | null, to: number | null) {
  const wordUnit = (kind === "months" || kind === "points") && from !== null && to !== null;
  return { from: wordUnit ? ctx.fmt.number(from) : show(ctx, kind, from), to: show(ctx, kind, to) };
}

/** Whole numbers are typed as points are ("1 500"); money and percents have their own parsers. */
function parseValue(kind: Kind, text: string): number {
  if (kind === "money") return parseMoney(text);
  if (kind === "percent") return parsePercent(text);
  return parsePoints(text);
}

/** The allowed range of a rule, in the units the owner types it. */
function limitsOf(ctx: Context, rule: (typeof RULES)[RuleName]) {
  const { min, max } = SETTING_LIMITS[rule.setting];
  const plain = (v: number) => (rule.kind === "money" ? ctx.fmt.money(v) : rule.kind === "percent" ? ctx.fmt.percent(v) : ctx.fmt.number(v));
  return { min: plain(min), max: plain(max) };
}

export const settingsFeature = new Composer<Context>();
const privateChats = settingsFeature.chatType("private");

// Deny by default: everyone but an owner is refused before anything is read.
privateChats.command(["settings", "set"], (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));
const owners = privateChats.filter(isOwner);

owners.command("settings", async (ctx) => {
  const [settings, tiers] = await Promise.all([ctx.services.loyalty.settings(), ctx.services.loyalty.tiers()]);
  const lines = [ctx.t("settings.title"), "", ctx.t("settings.tiers_title")];
  for (const tier of tiers) {
    lines.push(
      ctx.t("settings.tier_line", {
        tier: tierName(tier, ctx.lang),
        code: tier.code,
        threshold: ctx.fmt.money(tier.threshold),
        discount: ctx.fmt.percent(tier.discountBp),
        cashback: ctx.fmt.percent(tier.cashbackBp),
      }),
    );
  }
  lines.push("", ctx.t("settings.rules_title"));
  for (const [name, rule] of Object.entries(RULES)) {
    lines.push(ctx.t("settings.rule_line", { label: ctx.t(`settings.rule.${name}`), value: show(ctx, rule.kind, settings[rule.setting]) }));
  }
  lines.push("", ctx.t("settings.usage"));
  await ctx.reply(lines.join("\n"));
});

owners.command("set", async (ctx) => {
  const [name = "", ...rest] = ctx.match.trim().split(/\s+/);
  const what = name.toLowerCase();
  if (what === "tier") return setTier(ctx, rest);
  const value = rest.join(" ");
  if (!isRuleName(what) || !value) return void (await ctx.reply(ctx.t("settings.usage")));

  const rule = RULES[what];
  const actor = { telegramId: ctx.from.id, role: "owner" as const };
  try {
    const before = await ctx.services.loyalty.settings();
    const after = await ctx.services.loyalty.updateSetting(actor, rule.setting, parseValue(rule.kind, value));
    const change = fromTo(ctx, rule.kind, before[rule.setting], after[rule.setting]);
    await ctx.reply(ctx.t("settings.changed", { label: ctx.t(`settings.rule.${what}`), ...change }));
  } catch (error) {
    // Both the parser and the core speak of bare numbers; say the range in the rule's own units.
    const outOfRange = isDomainError(error) && (error.code === "points_invalid" || error.code === "setting_invalid");
    await replyDomainError(ctx, outOfRange ? new DomainError("setting_invalid", limitsOf(ctx, rule)) : error);
  }
});

/** /set tier <code> <threshold|discount|cashback> <value> */
async function setTier(ctx: Context, args: string[]): Promise<void> {
  const [code = "", fieldName = "", ...rest] = args.map((a, i) => (i < 2 ? a.toLowerCase() : a));
  const value = rest.join(" ");
  if (!code || !isTierFieldName(fieldName) || !value) return void (await ctx.reply(ctx.t("settings.usage")));

  const { field, kind } = TIER_FIELDS[fieldName];
  const actor = { telegramId: ctx.from!.id, role: "owner" as const };
  try {
    const parsed = parseValue(kind, value);
    const before = (await ctx.services.loyalty.tiers()).find((t) => t.code === code);
    // An unknown code is refused by the core with tier_invalid, like a value out of order.
    const after = await ctx.services.loyalty.updateTier(actor, code, field, parsed);
    await ctx.reply(
      ctx.t("settings.tier_changed", {
        tier: tierName(after, ctx.lang),
        code: after.code,
        field: ctx.t(`settings.tier_field.${fieldName}`),
        ...fromTo(ctx, kind, before?.[field] ?? null, after[field]),
      }),
    );
  } catch (error) {
    await replyDomainError(ctx, error);
  }
}
