// The client's profile as the client and staff edit it: name and form of
// address, birthday, important dates, preferences, how and when to call, and
// what inviting a friend brings. Each change validates what a person typed,
// writes one part, is audit-logged (who changed which part, never the value:
// the log outlives /forget) and returns the profile as it now stands.
import { audit, type Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError, type Quantity } from "../errors.ts";
import { getSettings } from "../loyalty/settings.ts";
import { cleanText, meaningfulText } from "../text.ts";
import { parseBirthday } from "./birthday.ts";
import { GENDERS, type Gender } from "./gender.ts";
import { FAMILY_DATE_KINDS, type FamilyDateKind } from "./client-file.ts";
import { nameSearchOf, parseName } from "./names.ts";

export const CONTACT_PREFERENCES = ["call", "telegram", "any"] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];
export const CONTACT_TIMES = ["morning", "afternoon", "evening"] as const;
export type ContactTime = (typeof CONTACT_TIMES)[number];

/** The free-text preferences and the longest answer each takes; the ring size has its own parser. */
export const PREFERENCE_LIMITS = { stones: 200, metals: 200, notes: 500 } as const;
export type PreferenceField = keyof typeof PREFERENCE_LIMITS | "ringSize";
const PREFERENCE_COLUMN = { stones: "preferredStones", metals: "preferredMetals", ringSize: "ringSize", notes: "preferenceNotes" } as const;

export const MAX_FAMILY_DATES = 20;
export const MAX_FAMILY_LABEL = 40;

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | null => (list as readonly string[]).includes(v ?? "") ? (v as T) : null;
const count = (value: number): Quantity => ({ unit: "number", value });

export interface FamilyDateView {
  id: number;
  kind: FamilyDateKind;
  label: string | null;
  month: number;
  day: number;
  year: number | null;
}

export interface Profile {
  clientId: number;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  gender: Gender | null;
  birthday: Date | null;
  familyDates: FamilyDateView[];
  preferences: { stones: string | null; metals: string | null; ringSize: string | null; notes: string | null };
  contactPreference: ContactPreference | null;
  contactTime: ContactTime | null;
  /** For the personal invitation link, and what it brings: points to each side after the friend's first purchase. */
  referral: { code: string; inviterBonus: number; friendBonus: number; invited: number };
}

type Reader = Db | Prisma.TransactionClient;

async function readProfile(db: Reader, clientId: number): Promise<Profile> {
  const c = await db.client.findFirst({
    where: { id: clientId, forgottenAt: null },
    include: { familyDates: { orderBy: [{ month: "asc" }, { day: "asc" }, { id: "asc" }] } },
  });
  if (!c) throw new DomainError("client_not_found");
  const [settings, invited] = await Promise.all([getSettings(db), db.client.count({ where: { referredById: c.id, forgottenAt: null } })]);
  return {
    clientId: c.id,
    givenName: c.givenName,
    patronymic: c.patronymic,
    familyName: c.familyName,
    gender: oneOf(GENDERS, c.gender),
    birthday: c.birthday,
    familyDates: c.familyDates.map((d) => ({ id: d.id, kind: oneOf(FAMILY_DATE_KINDS, d.kind) ?? "other", label: d.label, month: d.month, day: d.day, year: d.year })),
    preferences: { stones: c.preferredStones, metals: c.preferredMetals, ringSize: c.ringSize, notes: c.preferenceNotes },
    contactPreference: oneOf(CONTACT_PREFERENCES, c.contactPreference),
    contactTime: oneOf(CONTACT_TIMES, c.contactTime),
    referral: { code: c.referralCode, inviterBonus: settings.referralBonusInviter, friendBonus: settings.referralBonusFriend, invited },
  };
}

/** A real day of a month; without a year, 29 February counts (a leap year's date). */
function realDate(year: number | null, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year ?? 2000, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const FAMILY_DATE_PATTERNS: { re: RegExp; ymd: (m: RegExpExecArray) => [string | undefined, string, string] }[] = [
  { re: /^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}))?(?=\s|[,;:—–]|$)/u, ymd: (m) => [m[3], m[2]!, m[1]!] },
  { re: /^(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?=\s|[,;:—–]|$)/u, ymd: (m) => [m[1], m[2]!, m[3]!] },
  { re: /^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/u, ymd: (m) => [m[1], m[2]!, m[3]!] },
];

/**
 * "14.02", "01.09.2015 Маша", "2015-09-01", "9月1日 儿子": a day and a month,
 * an optional year (not in the future) and an optional label after them.
 */
export function parseFamilyDate(input: string, today: Date): { month: number; day: number; year: number | null; label: string | null } {
  const text = cleanText(input);
  for (const { re, ymd } of FAMILY_DATE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const [y, mo, d] = ymd(m);
    const [year, month, day] = [y === undefined ? null : Number(y), Number(mo), Number(d)];
    if (!realDate(year, month, day)) throw new DomainError("family_date_invalid");
    if (year !== null && (year < 1900 || year > today.getUTCFullYear())) throw new DomainError("family_date_invalid");
    const rest = text.slice(m[0].length).replace(/^[\s,;:—–-]+/u, "");
    if (!rest) return { month, day, year, label: null };
    const label = meaningfulText(rest)?.replace(/\s+/g, " ") ?? "";
    if (label.length === 0 || label.length > MAX_FAMILY_LABEL) throw new DomainError("family_label_invalid", { max: count(MAX_FAMILY_LABEL) });
    return { month, day, year, label };
  }
  throw new DomainError("family_date_invalid");
}

/** "17", "17,5", "#12", "12号": one number from 1 to 80 (Russian, US, Chinese and European scales). */
export function parseRingSize(input: string): string {
  const m = /^#?\s*(\d{1,2}(?:[.,]\d{1,2})?)\s*号?$/u.exec(cleanText(input));
  const size = m ? Number(m[1]!.replace(",", ".")) : NaN;
  if (!(size >= 1 && size <= 80)) throw new DomainError("ring_size_invalid");
  return String(size);
}

/** Stones, metals or notes as the person wrote them; invisible-only or too long is refused. */
export function parsePreference(field: keyof typeof PREFERENCE_LIMITS, input: string): string {
  const max = PREFERENCE_LIMITS[field];
  const text = meaningfulText(input);
  const value = field === "notes" ? text : text?.replace(/\s+/g, " ");
  if (!value || value.length > max) throw new DomainError("preference_invalid", { max: count(max) });
  return value;
}

function choice<T extends string>(list: readonly T[], value: string | null, nullable: boolean): T | null {
  if (value === null && nullable) return null;
  const known = oneOf(list, value);
  if (known === null) throw new DomainError("choice_invalid");
  return known;
}

export function createProfile(db: Db, clock: Clock) {
  /** Validation happens before this: a bad answer never opens a transaction. */
  async function change(actor: Actor, clientId: number, action: string, write: (tx: Prisma.TransactionClient) => Promise<unknown>, details?: Record<string, unknown>) {
    await db.$transaction(async (tx) => {
      if (!(await tx.client.findFirst({ where: { id: clientId, forgottenAt: null }, select: { id: true } }))) throw new DomainError("client_not_found");
      await write(tx);
      await audit(tx, actor, { action, entity: "client", entityId: clientId, ...(details ? { details } : {}) });
    });
    return readProfile(db, clientId);
  }
  const update = (actor: Actor, clientId: number, field: string, data: Prisma.ClientUpdateInput) =>
    change(actor, clientId, "profile.changed", (tx) => tx.client.update({ where: { id: clientId }, data }), { field });

  return {
    /** The client behind a Telegram account, once onboarding is finished (their profile is theirs only then). */
    async clientIdOf(telegramId: number): Promise<number> {
      const c = await db.client.findUnique({ where: { telegramId: BigInt(telegramId) }, select: { id: true, onboardedAt: true, forgottenAt: true } });
      if (!c?.onboardedAt || c.forgottenAt) throw new DomainError("onboarding_required");
      return c.id;
    },

    get: (clientId: number) => readProfile(db, clientId),

    async setName(actor: Actor, clientId: number, text: string) {
      const { givenName, patronymic } = parseName(text);
      const current = await db.client.findFirst({ where: { id: clientId, forgottenAt: null }, select: { familyName: true } });
      if (!current) throw new DomainError("client_not_found");
      return update(actor, clientId, "name", { givenName, patronymic, nameSearch: nameSearchOf(givenName, patronymic, current.familyName) });
    },

    /** "Уважаемая" or "Уважаемый" in invitations; null: not stated. */
    setGender: (actor: Actor, clientId: number, gender: string | null) => update(actor, clientId, "gender", { gender: choice(GENDERS, gender, true) }),

    /** A birthday typed by hand, or null to clear it. */
    setBirthday: (actor: Actor, clientId: number, text: string | null) =>
      update(actor, clientId, "birthday", { birthday: text === null ? null : parseBirthday(text, clock.now()) }),

    async addFamilyDate(actor: Actor, clientId: number, kind: string, text: string) {
      const dateKind = choice(FAMILY_DATE_KINDS, kind, false)!;
      const date = parseFamilyDate(text, clock.now());
      return change(actor, clientId, "profile.family_date_added", async (tx) => {
        if ((await tx.familyDate.count({ where: { clientId } })) >= MAX_FAMILY_DATES) throw new DomainError("family_dates_limit", { max: count(MAX_FAMILY_DATES) });
        await tx.familyDate.create({ data: { clientId, kind: dateKind, ...date } });
      }, { kind: dateKind });
    },

    /** Only a date of this client: an id of someone else's date finds nothing. */
    removeFamilyDate: (actor: Actor, clientId: number, dateId: number) =>
      change(actor, clientId, "profile.family_date_removed", async (tx) => {
        const { count: removed } = await tx.familyDate.deleteMany({ where: { id: dateId, clientId } });
        if (removed === 0) throw new DomainError("family_date_not_found");
      }),

    /** One preference typed by hand, or null to clear it. */
    setPreference(actor: Actor, clientId: number, field: PreferenceField, text: string | null) {
      let value: string | null = null;
      if (text !== null) value = field === "ringSize" ? parseRingSize(text) : parsePreference(field, text);
      return update(actor, clientId, field, { [PREFERENCE_COLUMN[field]]: value });
    },

    setContactPreference: (actor: Actor, clientId: number, value: string) =>
      update(actor, clientId, "contactPreference", { contactPreference: choice(CONTACT_PREFERENCES, value, false) }),

    /** Morning, afternoon or evening; null: any time. */
    setContactTime: (actor: Actor, clientId: number, value: string | null) =>
      update(actor, clientId, "contactTime", { contactTime: choice(CONTACT_TIMES, value, true) }),
  };
}

export type ProfileService = ReturnType<typeof createProfile>;
