import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../core/audit/audit.ts";
import { fixedClock } from "../../core/clock.ts";
import { parseFamilyDate, parseRingSize } from "../../core/clients/profile.ts";
import { isDomainError } from "../../core/errors.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));
const SELLER: Actor = { telegramId: 900, role: "staff" };
let t: TestDb;
let s: Services;
let anna: { id: number; telegramId: number; actor: Actor };

beforeEach(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  s = createServices(t.db, { OWNER_IDS: [1], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 }, clock);
  await s.onboarding.giveConsent(100, "ru");
  await s.onboarding.setPhone(100, "+79001000000", false);
  await s.onboarding.setName(100, "Анна Ивановна");
  const { client } = await s.onboarding.finish(100, null);
  anna = { id: client.id, telegramId: 100, actor: { telegramId: 100, role: "client" } };
});
afterEach(() => t.close());

/** The code of the DomainError a call throws. */
async function codeOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error("expected a DomainError");
}

const INVISIBLE = "\u200b\u200d\u2060\u3164";

describe("the client's profile", () => {
  it("When an onboarded client asks for their profile, then it holds their name, referral code and both referral bonuses", async () => {
    const id = await s.profile.clientIdOf(anna.telegramId);
    const profile = await s.profile.get(id);
    expect(profile).toMatchObject({ clientId: anna.id, givenName: "Анна", patronymic: "Ивановна", gender: null, birthday: null, familyDates: [] });
    expect(profile.referral).toMatchObject({ inviterBonus: 1000, friendBonus: 500, invited: 0 });
    expect(profile.referral.code).toMatch(/^[A-Za-z0-9]{8}$/);
  });

  it("When someone has not finished onboarding, then their profile is refused with onboarding_required", async () => {
    await s.onboarding.giveConsent(101, "ru");
    expect(await codeOf(() => s.profile.clientIdOf(101))).toBe("onboarding_required");
    expect(await codeOf(() => s.profile.clientIdOf(999))).toBe("onboarding_required");
  });

  it("When the name is changed, then given name, patronymic and the search name change together", async () => {
    const p = await s.profile.setName(anna.actor, anna.id, "  мария   петровна ");
    expect(p).toMatchObject({ givenName: "Мария", patronymic: "Петровна" });
    expect((await t.db.client.findUniqueOrThrow({ where: { id: anna.id } })).nameSearch).toBe("мария петровна");
    expect(await codeOf(() => s.profile.setName(anna.actor, anna.id, INVISIBLE))).toBe("name_invalid");
    expect(await codeOf(() => s.profile.setName(anna.actor, anna.id, "Анна123"))).toBe("name_invalid");
  });

  it("When the form of address is set and cleared, then only female, male or nothing is accepted", async () => {
    expect((await s.profile.setGender(anna.actor, anna.id, "female")).gender).toBe("female");
    expect((await s.profile.setGender(anna.actor, anna.id, null)).gender).toBeNull();
    expect(await codeOf(() => s.profile.setGender(anna.actor, anna.id, "queen"))).toBe("choice_invalid");
  });

  it("When the birthday is set, refused and cleared, then the stored date follows", async () => {
    const p = await s.profile.setBirthday(anna.actor, anna.id, "03.05.1990");
    expect(p.birthday?.toISOString().slice(0, 10)).toBe("1990-05-03");
    expect(await codeOf(() => s.profile.setBirthday(anna.actor, anna.id, "31.02.1990"))).toBe("birthday_invalid");
    expect(await codeOf(() => s.profile.setBirthday(anna.actor, anna.id, "01.01.2030"))).toBe("birthday_future");
    expect((await s.profile.get(anna.id)).birthday?.toISOString().slice(0, 10)).toBe("1990-05-03");
    expect((await s.profile.setBirthday(anna.actor, anna.id, null)).birthday).toBeNull();
  });

  it("When family dates are added and one removed, then the profile lists what is left in calendar order", async () => {
    await s.profile.addFamilyDate(anna.actor, anna.id, "child_birthday", "01.09.2015 Маша");
    await s.profile.addFamilyDate(anna.actor, anna.id, "anniversary", "14.02");
    const p = await s.profile.addFamilyDate(anna.actor, anna.id, "spouse_birthday", "1980年7月20日 丈夫");
    expect(p.familyDates.map(({ kind, label, month, day, year }) => ({ kind, label, month, day, year }))).toEqual([
      { kind: "anniversary", label: null, month: 2, day: 14, year: null },
      { kind: "spouse_birthday", label: "丈夫", month: 7, day: 20, year: 1980 },
      { kind: "child_birthday", label: "Маша", month: 9, day: 1, year: 2015 },
    ]);
    const after = await s.profile.removeFamilyDate(anna.actor, anna.id, p.familyDates[0]!.id);
    expect(after.familyDates.map((d) => d.kind)).toEqual(["spouse_birthday", "child_birthday"]);
    expect(await codeOf(() => s.profile.removeFamilyDate(anna.actor, anna.id, p.familyDates[0]!.id))).toBe("family_date_not_found");
  });

  it("When another client's date id is given, then it is not removed", async () => {
    const other = await s.clients.createAtCounter(SELLER, { phone: "+79002000000", name: "Ольга" });
    const theirs = await s.profile.addFamilyDate(SELLER, other.client.id, "anniversary", "10.10");
    expect(await codeOf(() => s.profile.removeFamilyDate(anna.actor, anna.id, theirs.familyDates[0]!.id))).toBe("family_date_not_found");
    expect(await t.db.familyDate.count({ where: { clientId: other.client.id } })).toBe(1);
  });

  it("When a family date is impossible, in the future, of an unknown kind or with an invisible label, then it is refused", async () => {
    expect(await codeOf(() => s.profile.addFamilyDate(anna.actor, anna.id, "anniversary", "30.02"))).toBe("family_date_invalid");
    expect(await codeOf(() => s.profile.addFamilyDate(anna.actor, anna.id, "anniversary", "01.01.2030"))).toBe("family_date_invalid");
    expect(await codeOf(() => s.profile.addFamilyDate(anna.actor, anna.id, "anniversary", INVISIBLE))).toBe("family_date_invalid");
    expect(await codeOf(() => s.profile.addFamilyDate(anna.actor, anna.id, "anniversary", `14.02 ${INVISIBLE}`))).toBe("family_label_invalid");
    expect(await codeOf(() => s.profile.addFamilyDate(anna.actor, anna.id, "anniversary", `14.02 ${"Очень длинная подпись ".repeat(3)}`))).toBe("family_label_invalid");
    expect(await codeOf(() => s.profile.addFamilyDate(anna.actor, anna.id, "wedding", "14.02"))).toBe("choice_invalid");
    expect(await t.db.familyDate.count()).toBe(0);
  });

  it("When 20 dates are kept, then a 21st is refused with the limit", async () => {
    for (let day = 1; day <= 20; day++) await s.profile.addFamilyDate(anna.actor, anna.id, "other", `${day}.03`);
    const error = await s.profile.addFamilyDate(anna.actor, anna.id, "other", "21.03").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "family_dates_limit", params: { max: { unit: "number", value: 20 } } });
  });

  it("When preferences are set and cleared, then each goes to its own column", async () => {
    await s.profile.setPreference(anna.actor, anna.id, "stones", "танзанит,   изумруд");
    await s.profile.setPreference(anna.actor, anna.id, "metals", "белое золото");
    await s.profile.setPreference(anna.actor, anna.id, "ringSize", "17,5");
    const p = await s.profile.setPreference(anna.actor, anna.id, "notes", "Классика,\nбез жёлтого золота");
    expect(p.preferences).toEqual({ stones: "танзанит, изумруд", metals: "белое золото", ringSize: "17.5", notes: "Классика,\nбез жёлтого золота" });
    expect((await s.profile.setPreference(anna.actor, anna.id, "stones", null)).preferences.stones).toBeNull();
  });

  it("When a preference is invisible, too long, or a ring size is not a size, then it is refused and nothing changes", async () => {
    await s.profile.setPreference(anna.actor, anna.id, "stones", "жемчуг");
    expect(await codeOf(() => s.profile.setPreference(anna.actor, anna.id, "stones", INVISIBLE))).toBe("preference_invalid");
    expect(await codeOf(() => s.profile.setPreference(anna.actor, anna.id, "notes", "а".repeat(501)))).toBe("preference_invalid");
    expect(await codeOf(() => s.profile.setPreference(anna.actor, anna.id, "ringSize", "большой"))).toBe("ring_size_invalid");
    expect(await codeOf(() => s.profile.setPreference(anna.actor, anna.id, "ringSize", "0"))).toBe("ring_size_invalid");
    expect((await s.profile.get(anna.id)).preferences).toMatchObject({ stones: "жемчуг", ringSize: null });
  });

  it("When contact preference and time are chosen, then only the known values are kept", async () => {
    await s.profile.setContactPreference(anna.actor, anna.id, "call");
    const p = await s.profile.setContactTime(anna.actor, anna.id, "evening");
    expect(p).toMatchObject({ contactPreference: "call", contactTime: "evening" });
    expect((await s.profile.setContactTime(anna.actor, anna.id, null)).contactTime).toBeNull();
    expect(await codeOf(() => s.profile.setContactPreference(anna.actor, anna.id, "pigeon"))).toBe("choice_invalid");
    expect(await codeOf(() => s.profile.setContactTime(anna.actor, anna.id, "night"))).toBe("choice_invalid");
  });

  it("When staff change a client's profile, then the audit log says who changed which part, without the value", async () => {
    await s.profile.setPreference(SELLER, anna.id, "ringSize", "18");
    await s.profile.addFamilyDate(SELLER, anna.id, "anniversary", "14.02");
    const rows = await t.db.auditLog.findMany({ where: { entity: "client", entityId: String(anna.id), action: { startsWith: "profile." } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.action, r.actorRole, Number(r.actorTelegramId), r.details])).toEqual([
      ["profile.changed", "staff", 900, '{"field":"ringSize"}'],
      ["profile.family_date_added", "staff", 900, '{"kind":"anniversary"}'],
    ]);
  });

  it("When the client was forgotten, then changing their profile is refused", async () => {
    await s.clients.forget(anna.telegramId, anna.actor);
    expect(await codeOf(() => s.profile.setPreference(SELLER, anna.id, "stones", "рубин"))).toBe("client_not_found");
    expect(await codeOf(() => s.profile.get(anna.id))).toBe("client_not_found");
  });
});

describe("profile parsers", () => {
  const today = clock.now();
  it.each([
    ["14.02", { month: 2, day: 14, year: null, label: null }],
    ["29.02", { month: 2, day: 29, year: null, label: null }],
    ["1.9.2015 — Маша", { month: 9, day: 1, year: 2015, label: "Маша" }],
    ["2015-09-01 сын", { month: 9, day: 1, year: 2015, label: "сын" }],
    ["9月1日儿子", { month: 9, day: 1, year: null, label: "儿子" }],
  ])("When a family date is typed as %s, then it is read", (text, expected) => {
    expect(parseFamilyDate(text, today)).toEqual(expected);
  });

  it.each([
    ["17", "17"],
    ["17,5", "17.5"],
    ["#12", "12"],
    ["12号", "12"],
  ])("When a ring size is typed as %s, then it is stored as %s", (text, expected) => {
    expect(parseRingSize(text)).toBe(expected);
  });
});
