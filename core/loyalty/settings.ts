// The program's rules, editable by an owner: each change is validated and
// audit-logged with the old and the new value.
import { audit, type Actor } from "../audit/audit.ts";
import type { Db, Prisma } from "../db/client.ts";
import { days, DomainError, money, months, percent, points, type Quantity } from "../errors.ts";

type Reader = Db | Prisma.TransactionClient;

/** Which settings an owner may change, with the unit and the range each accepts. */
export const SETTING_LIMITS = {
  tierPeriodMonths: { unit: "months", min: 0, max: 120 },
  maxRedeemBp: { unit: "percent", min: 0, max: 10_000 },
  pointsLifetimeMonths: { unit: "months", min: 1, max: 120 },
  welcomeBonus: { unit: "points", min: 0, max: 1_000_000 },
  birthdayBonus: { unit: "points", min: 0, max: 1_000_000 },
  referralBonusInviter: { unit: "points", min: 0, max: 1_000_000 },
  referralBonusFriend: { unit: "points", min: 0, max: 1_000_000 },
  eventBonus: { unit: "points", min: 0, max: 1_000_000 },
  maxPurchaseAmount: { unit: "money", min: 100, max: 100_000_000_000 },
  followUpFirstDays: { unit: "days", min: 1, max: 60 },
  followUpSecondDays: { unit: "days", min: 2, max: 365 },
  datesLeadDays: { unit: "days", min: 0, max: 30 },
  pointsExpiryLeadDays: { unit: "days", min: 0, max: 90 },
  tierDropLeadDays: { unit: "days", min: 0, max: 90 },
  regularMinPurchases: { unit: "number", min: 2, max: 50 },
  quietMonths: { unit: "months", min: 1, max: 36 },
  bestClientShareBp: { unit: "percent", min: 100, max: 10_000 },
  bestClientMonths: { unit: "months", min: 1, max: 60 },
  feedbackAfterDays: { unit: "days", min: 1, max: 60 },
  marginBp: { unit: "percent", min: 0, max: 10_000 },
  ladderRegularPurchases: { unit: "number", min: 2, max: 100 },
  ladderAdherentPurchases: { unit: "number", min: 3, max: 200 },
  ladderActiveMonths: { unit: "months", min: 1, max: 60 },
} as const satisfies Record<string, { unit: Quantity["unit"]; min: number; max: number }>;

export type SettingName = keyof typeof SETTING_LIMITS;

const QUANTITY = { months, percent, points, money, days, number: (value: number): Quantity => ({ unit: "number", value }) } as const;

/** A setting's range as figures in its own unit, for "from 0 to 1 000 000 points". */
export function settingLimits(name: SettingName): { min: Quantity; max: Quantity } {
  const { unit, min, max } = SETTING_LIMITS[name];
  return { min: QUANTITY[unit](min), max: QUANTITY[unit](max) };
}
export const isSettingName = (s: string): s is SettingName => s in SETTING_LIMITS;

export const TIER_FIELDS = ["threshold", "discountBp", "cashbackBp"] as const;
export type TierField = (typeof TIER_FIELDS)[number];

export async function getSettings(db: Reader) {
  return db.loyaltySettings.findUniqueOrThrow({ where: { id: 1 } });
}

type Program = { settings: Awaited<ReturnType<typeof getSettings>>; tiers: Awaited<ReturnType<Db["tier"]["findMany"]>> };
const programs = new WeakMap<Db, Promise<Program>>();

/**
 * The rules and tiers for read-only screens (/card), kept in memory: they
 * change only through updateSetting/updateTier here, which drop the copy.
 * Writes (purchases, refunds) always read them fresh inside their transaction.
 */
export function cachedProgram(db: Db): Promise<Program> {
  let program = programs.get(db);
  if (!program) {
    program = Promise.all([getSettings(db), db.tier.findMany({ orderBy: { threshold: "asc" } })]).then(([settings, tiers]) => ({ settings, tiers }));
    program.catch(() => programs.delete(db));
    programs.set(db, program);
  }
  return program;
}

/** tierPeriodMonths 0 means "lifetime" and is stored as null. */
export async function updateSetting(db: Db, actor: Actor, name: SettingName, value: number) {
  const { min, max } = SETTING_LIMITS[name];
  if (!Number.isInteger(value) || value < min || value > max) throw new DomainError("setting_invalid", settingLimits(name));
  return db.$transaction(async (tx) => {
    const before = await getSettings(tx);
    const stored = name === "tierPeriodMonths" && value === 0 ? null : value;
    const after = await tx.loyaltySettings.update({
      where: { id: 1 },
      data: { [name]: stored, updatedByTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId) },
    });
    await audit(tx, actor, { action: "settings.updated", entity: "settings", entityId: 1, details: { name, from: before[name], to: stored } });
    return after;
  }).finally(() => programs.delete(db));
}

/** Changes one tier; thresholds must keep the tiers in order and the entry tier at 0. */
export async function updateTier(db: Db, actor: Actor, code: string, field: TierField, value: number) {
  if (!Number.isInteger(value) || value < 0) throw new DomainError("tier_invalid");
  if (field !== "threshold" && value > 10_000) throw new DomainError("tier_invalid");
  return db.$transaction(async (tx) => {
    const tiers = await tx.tier.findMany({ orderBy: { threshold: "asc" } });
    const index = tiers.findIndex((t) => t.code === code);
    const tier = tiers[index];
    if (!tier) throw new DomainError("tier_invalid");
    if (field === "threshold") {
      const below = tiers[index - 1];
      const above = tiers[index + 1];
      const fits = index === 0 ? value === 0 : value > below!.threshold && (!above || value < above.threshold);
      if (!fits) throw new DomainError("tier_invalid");
    }
    const updated = await tx.tier.update({ where: { id: tier.id }, data: { [field]: value } });
    await audit(tx, actor, { action: "tier.updated", entity: "tier", entityId: tier.id, details: { code, field, from: tier[field], to: value } });
    return updated;
  }).finally(() => programs.delete(db));
}

/** Settings that name a tier: free cleaning from it (null: for nobody), private viewings from it (null: for everyone). */
export const TIER_SETTINGS = ["freeCleaningTierId", "viewingTierId"] as const;
export type TierSettingName = (typeof TIER_SETTINGS)[number];

/** Sets a tier setting by the tier's code, or null; audit-logged with the codes before and after. */
export async function updateTierSetting(db: Db, actor: Actor, name: TierSettingName, code: string | null) {
  return db.$transaction(async (tx) => {
    const tier = code === null ? null : await tx.tier.findUnique({ where: { code } });
    if (code !== null && !tier) throw new DomainError("tier_invalid");
    const before = await getSettings(tx);
    const from = before[name] === null ? null : ((await tx.tier.findUnique({ where: { id: before[name] } }))?.code ?? null);
    const after = await tx.loyaltySettings.update({
      where: { id: 1 },
      data: { [name]: tier?.id ?? null, updatedByTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId) },
    });
    await audit(tx, actor, { action: "settings.updated", entity: "settings", entityId: 1, details: { name, from, to: tier?.code ?? null } });
    return after;
  }).finally(() => programs.delete(db));
}
