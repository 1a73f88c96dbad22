// /settings and /set (owners only): the loyalty program at a glance, and one
// rule or one tier changed per command. The core validates and audit-logs each
// change; here we only parse what the owner typed and say what changed.
import { Composer } from "grammy";
import { days, DomainError, isDomainError, money, months, percent, points, type Quantity } from "../../core/errors.ts";
import { SETTING_LIMITS, settingLimits, type SettingName, type TierField, type TierSettingName } from "../../core/loyalty/settings.ts";
import { parseMoney, parsePercent, parsePoints } from "../../core/money.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { showQuantity } from "../i18n.ts";
import { isOwner, refuse } from "../middlewares/roles.ts";
import { tierName } from "../notices/people.ts";

/** The names an owner types, in the order /settings lists them; each rule's unit comes from core. */
const RULES = {
  period: "tierPeriodMonths",
  redeem: "maxRedeemBp",
  lifetime: "pointsLifetimeMonths",
  welcome: "welcomeBonus",
  birthday: "birthdayBonus",
  referral_inviter: "referralBonusInviter",
  referral_friend: "referralBonusFriend",
  event: "eventBonus",
  ceiling: "maxPurchaseAmount",
  follow1: "followUpFirstDays",
  follow2: "followUpSecondDays",
  dates_ahead: "datesLeadDays",
  points_ahead: "pointsExpiryLeadDays",
  tier_ahead: "tierDropLeadDays",
  regular: "regularMinPurchases",
  quiet: "quietMonths",
  best_share: "bestClientShareBp",
  best_months: "bestClientMonths",
  feedback: "feedbackAfterDays",
  margin: "marginBp",
  ladder_regular: "ladderRegularPurchases",
  ladder_adherent: "ladderAdherentPurchases",
  ladder_months: "ladderActiveMonths",
} as const satisfies Record<string, SettingName>;
type RuleName = keyof typeof RULES;
const RULE_NAMES = Object.keys(RULES) as RuleName[];
const isRuleName = (s: string): s is RuleName => Object.hasOwn(RULES, s);

type Unit = Quantity["unit"];
const TIER_FIELDS = {
  threshold: { field: "threshold", unit: "money" },
  discount: { field: "discountBp", unit: "percent" },
  cashback: { field: "cashbackBp", unit: "percent" },
} as const satisfies Record<string, { field: TierField; unit: Unit }>;
type TierFieldName = keyof typeof TIER_FIELDS;
const isTierFieldName = (s: string): s is TierFieldName => Object.hasOwn(TIER_FIELDS, s);

const QUANTITY: Record<Unit, (value: number) => Quantity> = { money, percent, months, points, days, number: (value) => ({ unit: "number", value }) };
const asQuantity = (unit: Unit, value: number): Quantity => QUANTITY[unit](value);

/** A value with its unit; null is only ever the "lifetime" tier period. */
function show(ctx: Context, unit: Unit, value: number | null): string {
  return value === null ? ctx.t("settings.all_time") : showQuantity(ctx.t, ctx.fmt, asQuantity(unit, value));
}

/** "500 → 700 баллов": a word unit is said once, after the new value. */
function fromTo(ctx: Context, unit: Unit, from: number | null, to: number | null) {
  const wordUnit = (unit === "months" || unit === "points" || unit === "days") && from !== null && to !== null;
  return { from: wordUnit ? ctx.fmt.number(from) : show(ctx, unit, from), to: show(ctx, unit, to) };
}

/** Whole numbers are typed as points are ("1 500"); money and percents have their own parsers. */
function parseValue(unit: Unit, text: string): number {
  if (unit === "money") return parseMoney(text);
  if (unit === "percent") return parsePercent(text);
  return parsePoints(text);
}

/**
 * Settings that name a tier (issue 10): free cleaning from a tier, or for
 * nobody; private viewings from a tier, or for everyone. Typed as a tier's
 * code, or the word for the empty choice.
 */
const SERVICE_TIERS = {
  free_cleaning: { setting: "freeCleaningTierId", none: "none", noneLabel: "nobody" },
  viewing: { setting: "viewingTierId", none: "all", noneLabel: "everyone" },
} as const satisfies Record<string, { setting: TierSettingName; none: string; noneLabel: "nobody" | "everyone" }>;
type ServiceTierName = keyof typeof SERVICE_TIERS;
const SERVICE_TIER_NAMES = Object.keys(SERVICE_TIERS) as ServiceTierName[];
const isServiceTierName = (s: string): s is ServiceTierName => Object.hasOwn(SERVICE_TIERS, s);

function serviceTierText(ctx: Context, what: ServiceTierName, tier: { nameRu: string; nameZh: string } | undefined): string {
  return tier ? ctx.t("settings.services.from_tier", { tier: tierName(tier, ctx.lang) }) : ctx.t(`settings.services.${SERVICE_TIERS[what].noneLabel}`);
}

/** /set free_cleaning <code|none>, /set viewing <code|all> */
async function setServiceTier(ctx: Context, what: ServiceTierName, args: string[]): Promise<void> {
  const word = args[0]?.toLowerCase();
  if (!word || args.length > 1) return void (await ctx.reply(ctx.t("settings.services.usage")));
  const { setting, none } = SERVICE_TIERS[what];
  try {
    const [before, tiers] = await Promise.all([ctx.services.loyalty.settings(), ctx.services.loyalty.tiers()]);
    // An unknown code is refused by the core with tier_invalid.
    const after = await ctx.services.loyalty.updateTierSetting({ telegramId: ctx.from!.id, role: "owner" }, setting, word === none ? null : word);
    const show = (id: number | null) => serviceTierText(ctx, what, tiers.find((t) => t.id === id));
    await ctx.reply(ctx.t("settings.services.changed", { label: ctx.t(`settings.services.${what}`), from: show(before[setting]), to: show(after[setting]) }));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
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
  for (const name of RULE_NAMES) {
    const setting = RULES[name];
    lines.push(ctx.t("settings.rule_line", { label: ctx.t(`settings.rule.${name}`), value: show(ctx, SETTING_LIMITS[setting].unit, settings[setting]) }));
  }
  lines.push("", ctx.t("settings.services.title"));
  for (const what of SERVICE_TIER_NAMES) {
    const { setting } = SERVICE_TIERS[what];
    lines.push(ctx.t("settings.rule_line", { label: ctx.t(`settings.services.${what}`), value: serviceTierText(ctx, what, tiers.find((t) => t.id === settings[setting])) }));
  }
  lines.push("", ctx.t("settings.usage"), ctx.t("settings.services.usage"));
  await ctx.reply(lines.join("\n"));
});

owners.command("set", async (ctx) => {
  const [name = "", ...rest] = ctx.match.trim().split(/\s+/);
  const what = name.toLowerCase();
  if (what === "tier") return setTier(ctx, rest);
  if (isServiceTierName(what)) return setServiceTier(ctx, what, rest);
  const value = rest.join(" ");
  if (!isRuleName(what) || !value) return void (await ctx.reply(ctx.t("settings.usage")));

  const setting = RULES[what];
  const { unit } = SETTING_LIMITS[setting];
  const actor = { telegramId: ctx.from.id, role: "owner" as const };
  try {
    const before = await ctx.services.loyalty.settings();
    const after = await ctx.services.loyalty.updateSetting(actor, setting, parseValue(unit, value));
    const change = fromTo(ctx, unit, before[setting], after[setting]);
    await ctx.reply(ctx.t("settings.changed", { label: ctx.t(`settings.rule.${what}`), ...change }));
  } catch (error) {
    // A value that does not parse is answered with the rule's range, like one out of range.
    const unreadable = isDomainError(error) && error.code !== "setting_invalid";
    await replyDomainError(ctx, unreadable ? new DomainError("setting_invalid", settingLimits(setting)) : error);
  }
});

/** /set tier <code> <threshold|discount|cashback> <value> */
async function setTier(ctx: Context, args: string[]): Promise<void> {
  const [code = "", fieldName = "", ...rest] = args.map((a, i) => (i < 2 ? a.toLowerCase() : a));
  const value = rest.join(" ");
  if (!code || !isTierFieldName(fieldName) || !value) return void (await ctx.reply(ctx.t("settings.usage")));

  const { field, unit } = TIER_FIELDS[fieldName];
  const actor = { telegramId: ctx.from!.id, role: "owner" as const };
  try {
    const parsed = parseValue(unit, value);
    const before = (await ctx.services.loyalty.tiers()).find((t) => t.code === code);
    // An unknown code is refused by the core with tier_invalid, like a value out of order.
    const after = await ctx.services.loyalty.updateTier(actor, code, field, parsed);
    await ctx.reply(
      ctx.t("settings.tier_changed", {
        tier: tierName(after, ctx.lang),
        code: after.code,
        field: ctx.t(`settings.tier_field.${fieldName}`),
        ...fromTo(ctx, unit, before?.[field] ?? null, after[field]),
      }),
    );
  } catch (error) {
    await replyDomainError(ctx, error);
  }
}
