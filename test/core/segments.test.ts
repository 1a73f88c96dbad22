// Who a broadcast reaches, against a real database: each segment selects
// exactly the clients it names, and the audience says who is left out and why
// (opted out of the topic, blocked the bot, over the weekly cap).
import { describe, expect, test as base } from "vitest";
import { addresseeOf, fillGreeting } from "../../core/broadcasts/greeting.ts";
import { isQuiet, parseQuietHours } from "../../core/broadcasts/quiet-hours.ts";
import { Prisma, sqlTime } from "../../core/db/client.ts";
import { segmentSql, segmentWord, type Segment } from "../../core/broadcasts/segments.ts";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb } from "../support/db.ts";

const NOW = new Date("2026-11-24T09:00:00Z");
const monthsAgo = (n: number) => new Date(Date.UTC(2026, 10 - n, 24, 9));

interface Env {
  s: Services;
  /** A client who finished onboarding in the bot. */
  client(name: string, opts?: { language?: "ru" | "zh"; tier?: string; tags?: string; stones?: string; telegram?: boolean }): Promise<number>;
  buy(clientId: number, paid: number, at?: Date, stone?: string): Promise<void>;
  /** Names of the clients a segment selects, sorted. */
  select(segment: Segment): Promise<string[]>;
}

const test = base.extend<{ env: Env }>({
  env: async ({}, use) => { // eslint-disable-line no-empty-pattern -- vitest reads a fixture's dependencies from this destructuring
    const t = await createTestDb();
    await ensureLoyaltyDefaults(t.db, "RUB");
    const s = createServices(t.db, { OWNER_IDS: [1], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow" }, fixedClock(NOW));
    let n = 0;
    const env: Env = {
      s,
      async client(name, opts = {}) {
        n++;
        const tier = opts.tier ? await t.db.tier.findUniqueOrThrow({ where: { code: opts.tier } }) : null;
        const c = await t.db.client.create({
          data: {
            telegramId: opts.telegram === false ? null : BigInt(1000 + n),
            phone: `+7900000${String(n).padStart(4, "0")}`,
            givenName: name,
            language: opts.language ?? "ru",
            onboardedAt: NOW,
            consentAt: NOW,
            referralCode: `R${n}`,
            tierId: tier?.id ?? null,
            tags: opts.tags ?? null,
            preferredStones: opts.stones ?? null,
          },
        });
        return c.id;
      },
      async buy(clientId, paid, at = monthsAgo(1), stone) {
        await t.db.purchase.create({
          data: { clientId, amount: paid, paid, currency: "RUB", createdAt: at, ...(stone ? { items: { create: [{ description: "Кольцо", stone }] } } : {}) },
        });
      },
      async select(segment) {
        const rows = await t.db.$queryRaw<{ name: string }[]>(
          Prisma.sql`SELECT c."givenName" AS name FROM "Client" c WHERE ${segmentSql(segment, NOW)} ORDER BY c."givenName"`,
        );
        return rows.map((r) => r.name);
      },
    };
    try {
      await use(env);
    } finally {
      await t.close();
    }
  },
});

describe("segments", () => {
  test("When the owner picks tiers or a language, then exactly those clients are selected", async ({ env }) => {
    const tiers = await env.s.loyalty.tiers();
    const [entry, , top] = [tiers[0]!.code, tiers[1]!.code, tiers.at(-1)!.code];
    await env.client("Анна", { tier: top });
    await env.client("Борис", { tier: entry });
    await env.client("王芳", { language: "zh", tier: top });
    await env.client("Вера");
    expect(await env.select({ kind: "tier", tiers: [top] })).toEqual(["Анна", "王芳"]);
    expect(await env.select({ kind: "tier", tiers: [top, entry] })).toEqual(["Анна", "Борис", "王芳"]);
    expect(await env.select({ kind: "language", language: "zh" })).toEqual(["王芳"]);
    expect(await env.select({ kind: "all" })).toHaveLength(4);
  });

  test("When the owner picks the top 20%, then the best fifth of buyers by revenue net of returns is selected", async ({ env }) => {
    const names = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"];
    for (const [i, name] of names.entries()) await env.buy(await env.client(name), (i + 1) * 10_000);
    await env.client("Никогда не покупал");
    expect(await env.select({ kind: "top", percent: 20 })).toEqual(["I", "J"]);
    // J returned most of it: revenue is what stayed paid.
    const j = await env.s.db.client.findFirstOrThrow({ where: { givenName: "J" } });
    await env.s.db.purchase.updateMany({ where: { clientId: j.id }, data: { refundedAmount: 95_000 } });
    expect(await env.select({ kind: "top", percent: 20 })).toEqual(["H", "I"]);
    // 20% of 3 buyers rounds up to one client, never to nobody.
    expect(await env.select({ kind: "top", percent: 1 })).toEqual(["I"]);
  });

  test("When the owner picks clients gone quiet, then those who bought before and not since are selected", async ({ env }) => {
    await env.buy(await env.client("Давно"), 10_000, monthsAgo(8));
    const back = await env.client("Вернулась");
    await env.buy(back, 10_000, monthsAgo(8));
    await env.buy(back, 10_000, monthsAgo(1));
    await env.buy(await env.client("Недавно"), 10_000, monthsAgo(2));
    await env.client("Без покупок");
    expect(await env.select({ kind: "quiet", months: 6 })).toEqual(["Давно"]);
    // A purchase exactly a month ago is within the last month.
    expect(await env.select({ kind: "quiet", months: 1 })).toEqual(["Давно", "Недавно"]);
  });

  test("When the owner picks a stone, then clients who like it or bought it are selected, in any letter case", async ({ env }) => {
    await env.client("Любит", { stones: "Изумруд, сапфир" });
    await env.buy(await env.client("Купила"), 50_000, monthsAgo(3), "изумруд");
    await env.client("Рубин", { stones: "рубин" });
    expect(await env.select({ kind: "preference", stone: segmentWord("  изумруд ") })).toEqual(["Купила", "Любит"]);
    expect(await env.select({ kind: "preference", stone: "ИЗУМРУД" })).toEqual(["Купила", "Любит"]);
    expect(await env.select({ kind: "preference", stone: "50%" })).toEqual([]);
  });

  test("When the owner picks a tag, then only clients with that whole tag are selected", async ({ env }) => {
    await env.client("Анна", { tags: "vip-presentation, friends" });
    await env.client("Борис", { tags: "vip" });
    await env.client("Вера", { tags: "friends,vip-presentation" });
    expect(await env.select({ kind: "tag", tag: "vip-presentation" })).toEqual(["Анна", "Вера"]);
    expect(await env.select({ kind: "tag", tag: "vip" })).toEqual(["Борис"]);
    expect(() => segmentWord("a,b")).toThrow("segment_word_invalid");
  });

  test("When the audience is counted, then clients without Telegram are out and opt-out, blocked and capped ones are counted apart", async ({ env }) => {
    const a = await env.client("Анна");
    const b = await env.client("Борис");
    const c = await env.client("Вера");
    await env.client("Глеб", { language: "zh" });
    await env.client("Без Telegram", { telegram: false });
    await env.s.topics.set(a, "stones", false);
    await env.s.db.client.update({ where: { id: b }, data: { blockedAt: NOW } });
    for (const id of [900, 901]) {
      await env.s.db.broadcast.create({ data: { id, createdByTelegramId: 1n, segment: "{}", topic: "sales", textRu: "x", textZh: "x", status: "done" } });
      await env.s.db.outbox.create({ data: { clientId: c, chatId: 1003n, broadcastId: id, kind: "broadcast", payload: "{}", status: "sent", createdAt: new Date(NOW.getTime() - 86_400_000) } });
    }
    const audience = await env.s.broadcasts.audience({ topic: "stones", segment: { kind: "all" } });
    expect(audience).toMatchObject({ total: 4, send: 1, optOut: 1, unreachable: 1, cap: 1, ru: 0, zh: 1 });
    // The opt-out is per topic.
    expect((await env.s.broadcasts.audience({ topic: "sales", segment: { kind: "all" } })).optOut).toBe(0);
    expect(sqlTime(NOW)).toBe("2026-11-24T09:00:00.000+00:00");
  });
});

describe("greeting and quiet hours", () => {
  test("When a client is greeted, then the form follows their language, name and gender, and is neutral when unknown", () => {
    const none = { familyName: null, gender: null };
    expect(addresseeOf({ givenName: "Анна", patronymic: "Ивановна", ...none }, "ru")).toEqual({ form: "female", name: "Анна Ивановна" });
    expect(addresseeOf({ givenName: "Иван", patronymic: "Петрович", ...none }, "ru")).toEqual({ form: "male", name: "Иван Петрович" });
    expect(addresseeOf({ givenName: "Саша", patronymic: null, ...none }, "ru")).toEqual({ form: "neutral", name: "Саша" });
    expect(addresseeOf({ givenName: "王芳", patronymic: null, familyName: null, gender: "female" }, "zh")).toEqual({ form: "female", name: "王" });
    expect(addresseeOf({ givenName: "芳", patronymic: null, familyName: "王", gender: null }, "zh")).toEqual({ form: "neutral", name: "王芳" });
    expect(addresseeOf({ givenName: null, patronymic: null, ...none }, "zh")).toEqual({ form: "neutral", name: null });
    expect(fillGreeting("{обращение}! Ждём { Обращение }. {称呼}", "X")).toBe("X! Ждём X. X");
  });

  test("When quiet hours span midnight or sit inside a day, then the shop's local time decides", () => {
    const night = parseQuietHours("21:00-10:00");
    const at = (utc: string) => new Date(utc);
    expect(isQuiet(at("2026-11-24T17:59:00Z"), "Europe/Moscow", night)).toBe(false); // 20:59
    expect(isQuiet(at("2026-11-24T18:00:00Z"), "Europe/Moscow", night)).toBe(true); // 21:00
    expect(isQuiet(at("2026-11-25T06:59:00Z"), "Europe/Moscow", night)).toBe(true); // 09:59
    expect(isQuiet(at("2026-11-25T07:00:00Z"), "Europe/Moscow", night)).toBe(false); // 10:00
    expect(isQuiet(at("2026-11-25T07:00:00Z"), "Asia/Shanghai", night)).toBe(false); // 15:00 in Shanghai
    expect(isQuiet(at("2026-11-25T05:30:00Z"), "Europe/Moscow", parseQuietHours("08:00-09:00"))).toBe(true);
    expect(isQuiet(at("2026-11-25T05:30:00Z"), "Europe/Moscow", parseQuietHours("10:00-10:00"))).toBe(false);
  });
});
