// A client's way in: consent, phone, name, optional birthday. The step is read
// from the client's row, so a restart or a lost session never loses progress,
// and a client the shop already knew (by phone) is linked, not duplicated.
import { randomBytes } from "node:crypto";
import type { CountryCode } from "libphonenumber-js";
import { audit, SYSTEM } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { issueCard } from "../loyalty/cards.ts";
import { creditPoints } from "../loyalty/points.ts";
import { parseBirthday } from "./birthday.ts";
import { nameSearchOf, parseName } from "./names.ts";
import { normalizeContactPhone, normalizePhone } from "./phone.ts";

export type OnboardingStep = "consent" | "phone" | "name" | "birthday" | "done";
export type Language = "ru" | "zh";

interface ClientRow {
  consentAt: Date | null;
  phone: string | null;
  givenName: string | null;
  onboardedAt: Date | null;
}

export function stepOf(client: ClientRow | null): OnboardingStep {
  if (!client?.consentAt) return "consent";
  if (!client.phone) return "phone";
  if (!client.givenName) return "name";
  if (!client.onboardedAt) return "birthday";
  return "done";
}

export function newReferralCode(): string {
  return randomBytes(6).toString("base64url").replace(/[-_]/g, "x");
}

export function createOnboarding(db: Db, clock: Clock, phoneRegion: CountryCode) {
  const byTelegram = (telegramId: number) => db.client.findUnique({ where: { telegramId: BigInt(telegramId) } });

  return {
    findByTelegramId: byTelegram,

    async step(telegramId: number): Promise<OnboardingStep> {
      return stepOf(await byTelegram(telegramId));
    },

    /** Records consent; a referral code from the deep link is kept if it names another client. */
    async giveConsent(telegramId: number, language: Language, referralCode?: string) {
      const existing = await byTelegram(telegramId);
      if (existing?.consentAt) return existing;
      const referrer = referralCode ? await db.client.findUnique({ where: { referralCode } }) : null;
      const data = { consentAt: clock.now(), language, referredById: referrer?.id ?? null };
      if (existing) return db.client.update({ where: { id: existing.id }, data });
      return db.client.create({
        data: { ...data, telegramId: BigInt(telegramId), referralCode: newReferralCode(), source: "telegram" },
      });
    },

    /** Accepts a shared contact (`fromContact`) or a number typed in any format. */
    async setPhone(telegramId: number, raw: string, fromContact: boolean) {
      const phone = fromContact ? normalizeContactPhone(raw, phoneRegion) : normalizePhone(raw, phoneRegion);
      const draft = await byTelegram(telegramId);
      if (!draft?.consentAt) throw new DomainError("consent_required");
      const known = await db.client.findUnique({ where: { phone } });
      if (!known || known.id === draft.id) {
        return db.client.update({ where: { id: draft.id }, data: { phone } });
      }
      if (known.telegramId !== null) throw new DomainError("phone_taken");
      // The shop knew this person (counter or import): keep that row, with its
      // purchases and points, and attach this Telegram account to it.
      return db.$transaction(async (tx) => {
        await tx.client.delete({ where: { id: draft.id } });
        const linked = await tx.client.update({
          where: { id: known.id },
          data: {
            telegramId: draft.telegramId,
            consentAt: draft.consentAt,
            language: draft.language,
            referredById: known.referredById ?? draft.referredById,
          },
        });
        await audit(tx, SYSTEM, { action: "client.linked", entity: "client", entityId: known.id, details: { source: known.source } });
        return linked;
      });
    },

    async setName(telegramId: number, text: string) {
      const client = await byTelegram(telegramId);
      if (!client?.phone) throw new DomainError("consent_required");
      const { givenName, patronymic } = parseName(text);
      const nameSearch = nameSearchOf(givenName, patronymic, client.familyName);
      return db.client.update({ where: { id: client.id }, data: { givenName, patronymic, nameSearch } });
    },

    /** Saves the birthday (or skips it with `null`) and finishes onboarding. */
    async finish(telegramId: number, birthdayText: string | null) {
      const client = await byTelegram(telegramId);
      if (!client?.givenName) throw new DomainError("consent_required");
      if (client.onboardedAt) return { client, welcomeBonus: 0 };
      const now = clock.now();
      const birthday = birthdayText === null ? client.birthday : parseBirthday(birthdayText, now);
      return db.$transaction(async (tx) => {
        const settings = await tx.loyaltySettings.findUniqueOrThrow({ where: { id: 1 } });
        const entryTier = await tx.tier.findFirst({ orderBy: { threshold: "asc" } });
        // Guarded update: a double tap on "skip" finishes once.
        const { count } = await tx.client.updateMany({
          where: { id: client.id, onboardedAt: null },
          data: { birthday, onboardedAt: now, tierId: client.tierId ?? entryTier?.id ?? null },
        });
        if (count === 0) return { client, welcomeBonus: 0 };
        if (!(await tx.card.findUnique({ where: { clientId: client.id } }))) await issueCard(tx, client.id);
        const hadWelcome = await tx.pointsEntry.count({ where: { clientId: client.id, kind: "welcome" } });
        const welcomeBonus = hadWelcome ? 0 : settings.welcomeBonus;
        await creditPoints(tx, SYSTEM, {
          clientId: client.id,
          kind: "welcome",
          amount: welcomeBonus,
          now,
          lifetimeMonths: settings.pointsLifetimeMonths,
        });
        await audit(tx, SYSTEM, { action: "client.onboarded", entity: "client", entityId: client.id });
        const updated = await tx.client.findUniqueOrThrow({ where: { id: client.id } });
        return { client: updated, welcomeBonus };
      });
    },

    async setLanguage(telegramId: number, language: Language) {
      await db.client.updateMany({ where: { telegramId: BigInt(telegramId) }, data: { language } });
    },
  };
}

export type Onboarding = ReturnType<typeof createOnboarding>;
