// The follow-up engine against a real (throw-away) database with a fixed
// clock in the shop's time zone (Moscow, UTC+3): each rule fires on its day,
// reasons merge into one item per client, outcomes reschedule, nothing due
// disappears by itself, and running the morning twice schedules nobody twice.
import { describe, expect, test as base } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { ensureGreetingDays } from "../../core/follow-ups/greetings.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb } from "../support/db.ts";

const SELLER = { telegramId: 50, role: "staff" as const };
const OWNER = { telegramId: 1, role: "owner" as const };

interface Env {
  s: Services;
  clock: ReturnType<typeof fixedClock>;
  /** Moves the clock to a wall-clock time in Moscow: at("2026-11-28 00:30"). */
  at(local: string): void;
  client(phone: string, opts?: { name?: string; birthday?: string; language?: "ru" | "zh"; gender?: "female" | "male" }): Promise<number>;
  buy(clientId: number, amount: number): Promise<number>;
  reasons(clientId: number): Promise<string[]>;
}

const test = base.extend<{ env: Env }>({
  env: async ({}, use) => { // eslint-disable-line no-empty-pattern -- vitest reads a fixture's dependencies from this destructuring
    const t = await createTestDb();
    await ensureLoyaltyDefaults(t.db, "RUB");
    await ensureGreetingDays(t.db);
    const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));
    const s = createServices(t.db, { OWNER_IDS: [1], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow" }, clock);
    let key = 0;
    const env: Env = {
      s,
      clock,
      at: (local) => clock.set(new Date(`${local.replace(" ", "T")}:00+03:00`)),
      async client(phone, opts = {}) {
        const { client } = await s.clients.createAtCounter(SELLER, { phone, name: opts.name ?? "Анна Ивановна" });
        await t.db.client.update({
          where: { id: client.id },
          data: { birthday: opts.birthday ? new Date(`${opts.birthday}T00:00:00Z`) : null, language: opts.language ?? "ru", gender: opts.gender ?? null },
        });
        return client.id;
      },
      async buy(clientId, amount) {
        const r = await s.purchases.log({ clientId, amount, items: [{ description: "Кольцо", stone: "сапфир" }], redeem: 0, idempotencyKey: `k${++key}` }, SELLER);
        return r.purchase.id;
      },
      async reasons(clientId) {
        const card = await s.followUps.card(clientId);
        return card?.reasons.map((r) => r.reason).sort() ?? [];
      },
    };
    await use(env);
    await t.close();
  },
});

describe("birthdays and family dates", () => {
  test("When a birthday is three days ahead in Moscow, then the client is due from the first minute of that day, not before", async ({ env }) => {
    const anna = await env.client("+79001234567", { birthday: "1990-12-01" });
    env.at("2026-11-27 23:59");
    await env.s.followUps.schedule();
    expect(await env.reasons(anna)).toEqual([]);
    env.at("2026-11-28 00:01"); // 27 November, 21:01 UTC
    await env.s.followUps.schedule();
    expect(await env.reasons(anna)).toEqual(["birthday"]);
    const card = await env.s.followUps.card(anna);
    expect(card?.reasons[0]?.context).toEqual({ date: "2026-12-01" });
  });

  test("When a birthday is on 29 February and the year has none, then it is kept on 28 February", async ({ env }) => {
    const leapling = await env.client("+79001234568", { birthday: "1992-02-29" });
    env.at("2027-02-25 10:00");
    await env.s.followUps.schedule();
    expect(await env.reasons(leapling)).toEqual(["birthday"]);
    expect((await env.s.followUps.card(leapling))?.reasons[0]?.context).toEqual({ date: "2027-02-28" });
  });

  test("When an anniversary is three days ahead, then it is due with its kind and label", async ({ env }) => {
    const anna = await env.client("+79001234567");
    await env.s.db.familyDate.create({ data: { clientId: anna, kind: "anniversary", label: "свадьба", month: 12, day: 1 } });
    env.at("2026-11-28 09:00");
    await env.s.followUps.schedule();
    expect((await env.s.followUps.card(anna))?.reasons.map((r) => r.context)).toEqual([{ date: "2026-12-01", kind: "anniversary", label: "свадьба" }]);
  });
});

describe("points, tiers, quiet regulars and the best clients", () => {
  test("When points expire within 14 days, then the client is due once for that expiry, with the sum", async ({ env }) => {
    const anna = await env.client("+79001234567");
    const soon = new Date("2026-12-05T12:00:00Z");
    await env.s.db.pointsEntry.createMany({
      data: [
        { clientId: anna, kind: "earn", amount: 300, remaining: 300, expiresAt: soon },
        { clientId: anna, kind: "earn", amount: 200, remaining: 200, expiresAt: new Date("2026-12-06T12:00:00Z") },
        { clientId: anna, kind: "earn", amount: 900, remaining: 900, expiresAt: new Date("2027-03-01T12:00:00Z") },
      ],
    });
    env.at("2026-11-24 10:00");
    await env.s.followUps.schedule();
    await env.s.followUps.schedule();
    const card = await env.s.followUps.card(anna);
    expect(card?.reasons.map((r) => [r.reason, r.context.points])).toEqual([["points_expiring", 500]]);
  });

  test("When tiers count 12 months and old purchases are about to leave the window, then the client is due before the tier drops", async ({ env }) => {
    await env.s.loyalty.updateSetting(OWNER, "tierPeriodMonths", 12);
    const anna = await env.client("+79001234567");
    env.at("2025-12-01 12:00");
    await env.buy(anna, 150_000_00); // Silver from 100 000 ₽
    env.at("2026-11-10 10:00");
    await env.s.followUps.schedule();
    expect(await env.reasons(anna)).not.toContain("tier_drop");
    env.at("2026-11-20 10:00"); // 14 days before the purchase leaves the window
    await env.s.followUps.schedule();
    expect((await env.s.followUps.card(anna))?.reasons.find((r) => r.reason === "tier_drop")?.context).toEqual({ tier: "silver", date: "2026-12-04" });
  });

  test("When the night comes after the purchase has left the 12-month window, then the tier goes down, audit-logged; without a period it stays", async ({ env }) => {
    const anna = await env.client("+79001234567");
    env.at("2025-11-20 12:00");
    await env.buy(anna, 150_000_00);
    const tierOf = async () => (await env.s.db.client.findUniqueOrThrow({ where: { id: anna }, include: { tier: true } })).tier?.code;
    expect(await tierOf()).toBe("silver");
    env.at("2026-11-24 03:05");
    expect(await env.s.points.dropTiers()).toBe(0); // lifetime tiers by default
    await env.s.loyalty.updateSetting(OWNER, "tierPeriodMonths", 12);
    expect(await env.s.points.dropTiers()).toBe(1);
    expect(await tierOf()).toBe("classic");
    expect(await env.s.db.auditLog.findFirst({ where: { action: "tier.changed", entityId: String(anna) }, orderBy: { id: "desc" } })).toMatchObject({ actorRole: "system" });
    expect(await env.s.points.dropTiers()).toBe(0);
  });

  test("When a regular has not bought for six months, then they are due once for that quiet spell; a one-time buyer is not", async ({ env }) => {
    const regular = await env.client("+79001234567");
    const once = await env.client("+79001234568");
    env.at("2026-01-10 12:00");
    await env.buy(regular, 10_000_00);
    await env.buy(once, 10_000_00);
    env.at("2026-04-10 12:00");
    await env.buy(regular, 20_000_00);
    env.at("2026-10-09 12:00");
    await env.s.followUps.schedule();
    expect(await env.reasons(regular)).not.toContain("quiet");
    env.at("2026-10-11 12:00");
    await env.s.followUps.schedule();
    expect(await env.reasons(regular)).toContain("quiet");
    expect(await env.reasons(once)).not.toContain("quiet");
    await env.s.followUps.log(SELLER, regular, { outcome: "reached" });
    env.at("2026-10-12 12:00");
    await env.s.followUps.schedule();
    expect(await env.reasons(regular)).toEqual([]);
  });

  test("When ten clients bought this year, then the top 20% by revenue are due as best clients until someone reaches them this month", async ({ env }) => {
    env.at("2026-11-01 12:00");
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) {
      const id = await env.client(`+7900123450${i}`);
      await env.buy(id, (i + 1) * 10_000_00);
      ids.push(id);
    }
    await env.s.db.followUp.deleteMany({}); // only this rule
    env.at("2026-11-24 10:00");
    await env.s.followUps.schedule();
    const best = (await env.s.followUps.list({ kind: "all" })).items.filter((i) => i.reasons.some((r) => r.reason === "best_client")).map((i) => i.clientId);
    expect(best.sort()).toEqual([ids[8], ids[9]].sort());
    // A call that did not get through is not the monthly touch; a conversation is.
    await env.s.followUps.log(SELLER, ids[9]!, { outcome: "no_answer" });
    expect(await env.reasons(ids[9]!)).toEqual([]);
    env.at("2026-11-25 10:00");
    expect(await env.reasons(ids[9]!)).toEqual(["best_client"]);
    await env.s.followUps.log(SELLER, ids[9]!, { outcome: "reached" });
    await env.s.followUps.schedule();
    expect(await env.reasons(ids[9]!)).toEqual([]);
    env.at("2026-12-01 10:00");
    await env.s.followUps.schedule();
    expect(await env.reasons(ids[9]!)).toEqual(["best_client"]);
  });
});

describe("greetings", () => {
  test("When it is 8 March, then Russian-speaking women are due, those of unknown gender are listed for staff to decide, men and Chinese-speaking clients are not", async ({ env }) => {
    const stated = await env.client("+79001234561", { name: "Ольга", gender: "female" });
    const byPatronymic = await env.client("+79001234562", { name: "Анна Ивановна" });
    const man = await env.client("+79001234563", { name: "Иван Петрович" });
    const unknown = await env.client("+79001234564", { name: "Саша" });
    const zh = await env.client("+8613800138000", { name: "王芳", language: "zh", gender: "female" });
    env.at("2027-03-08 09:00");
    await env.s.followUps.schedule();
    const holiday = async (id: number) => (await env.s.followUps.card(id))?.reasons.find((r) => r.reason === "holiday")?.context;
    expect(await holiday(stated)).toEqual({ greeting: "womens_day", date: "2027-03-08", genderUnknown: false });
    expect(await holiday(byPatronymic)).toMatchObject({ greeting: "womens_day", genderUnknown: false });
    expect(await holiday(man)).toBeUndefined();
    expect(await holiday(unknown)).toMatchObject({ greeting: "womens_day", genderUnknown: true });
    expect(await holiday(zh)).toBeUndefined();
  });

  test("When it is the Spring Festival of 2027 (6 February by the lunar calendar), then Chinese-speaking clients are due, Russian-speaking ones are not", async ({ env }) => {
    const zh = await env.client("+8613800138000", { name: "王芳", language: "zh" });
    const ru = await env.client("+79001234567");
    env.at("2027-02-05 23:59");
    await env.s.followUps.schedule();
    expect(await env.reasons(zh)).toEqual([]);
    env.at("2027-02-06 00:00");
    await env.s.followUps.schedule();
    expect((await env.s.followUps.card(zh))?.reasons.map((r) => r.context.greeting)).toEqual(["spring_festival"]);
    expect(await env.reasons(ru)).toEqual([]);
  });

  test("When the owner adds a greeting day, then clients are due on it; a removed one no longer schedules", async ({ env }) => {
    const anna = await env.client("+79001234567");
    const day = await env.s.followUps.greetings.add({ calendar: "solar", month: 2, day: 14, language: null, gender: null, name: "Валентинов день" });
    await expect(env.s.followUps.greetings.add({ calendar: "solar", month: 2, day: 30, language: null, gender: null, name: "Нет такого дня" })).rejects.toThrow("greeting_invalid");
    env.at("2027-02-14 09:00");
    await env.s.followUps.schedule();
    expect((await env.s.followUps.card(anna))?.reasons.map((r) => r.context.greeting)).toEqual([day.code]);
    await env.s.followUps.greetings.remove(day.id);
    expect((await env.s.followUps.greetings.list()).map((g) => g.code)).not.toContain(day.code);
  });
});

describe("one queue, outcomes and assignees", () => {
  test("When a purchase's follow-up and a birthday fall on the same day, then the client is one item with both reasons", async ({ env }) => {
    const anna = await env.client("+79001234567", { birthday: "1990-12-01" });
    env.at("2026-11-25 12:00");
    await env.buy(anna, 50_000_00); // "is the jewelry all right?" on 28 November
    env.at("2026-11-28 10:00");
    await env.s.followUps.schedule();
    const list = await env.s.followUps.list({ kind: "all" });
    expect(list.total).toBe(1);
    // She is also the shop's only buyer, so its best client.
    expect(list.items[0]?.reasons.map((r) => r.reason).sort()).toEqual(["after_purchase", "best_client", "birthday"]);
  });

  test("When nobody answers, then the client is due tomorrow; after three misses in three days; a reason not handled stays due", async ({ env }) => {
    const anna = await env.client("+79001234567", { birthday: "1990-12-01" });
    env.at("2026-11-28 10:00");
    await env.s.followUps.schedule();
    expect((await env.s.followUps.log(SELLER, anna, { outcome: "no_answer" })).nextDue).toEqual({ year: 2026, month: 11, day: 29 });
    await expect(env.s.followUps.log(SELLER, anna, { outcome: "no_answer" })).rejects.toThrow("follow_up_handled");
    env.at("2026-11-29 10:00");
    await env.s.followUps.log(SELLER, anna, { outcome: "no_answer" });
    env.at("2026-11-30 10:00");
    const third = await env.s.followUps.log(SELLER, anna, { outcome: "no_answer" });
    expect(third.nextDue).toEqual({ year: 2026, month: 12, day: 3 });
    env.at("2026-12-02 10:00");
    expect(await env.reasons(anna)).toEqual([]);
    env.at("2026-12-03 10:00");
    expect((await env.s.followUps.card(anna))?.misses).toBe(3);
    // Not handled on the 3rd: still there on the 4th and the 10th.
    env.at("2026-12-10 10:00");
    expect(await env.reasons(anna)).toEqual(["birthday"]);
    expect((await env.s.db.contactLog.findMany({ where: { clientId: anna } })).map((c) => c.outcome)).toEqual(["no_answer", "no_answer", "no_answer"]);
  });

  test("When the seller is asked to call later, then the client comes back on that day; not interested closes the reasons; reached closes them with the note", async ({ env }) => {
    const a = await env.client("+79001234561", { birthday: "1990-12-01" });
    const b = await env.client("+79001234562", { birthday: "1990-12-01" });
    const c = await env.client("+79001234563", { birthday: "1990-12-01" });
    env.at("2026-11-28 10:00");
    await env.s.followUps.schedule();
    await expect(env.s.followUps.log(SELLER, a, { outcome: "call_later", until: { year: 2026, month: 11, day: 28 } })).rejects.toThrow("follow_up_date_invalid");
    await env.s.followUps.log(SELLER, a, { outcome: "call_later", until: { year: 2026, month: 12, day: 5 } });
    await env.s.followUps.log(SELLER, b, { outcome: "not_interested" });
    const reached = await env.s.followUps.log(SELLER, c, { outcome: "reached" });
    await env.s.followUps.noteCall(SELLER, reached.contactId, "Рада звонку, придёт за серьгами");
    await expect(env.s.followUps.noteCall({ telegramId: 51, role: "staff" }, reached.contactId, "чужая")).rejects.toThrow("follow_up_handled");
    expect((await env.s.followUps.list({ kind: "all" })).total).toBe(0);
    env.at("2026-12-05 09:00");
    expect((await env.s.followUps.list({ kind: "all" })).items.map((i) => i.clientId)).toEqual([a]);
    const file = await env.s.clients.file(c);
    expect(file.contacts[0]).toMatchObject({ channel: "call", outcome: "reached", note: "Рада звонку, придёт за серьгами" });
  });

  test("When an owner gives a client a personal manager, then the client is on that seller's list only; the pool is on every seller's", async ({ env }) => {
    const [igor, maria] = [{ id: 601, name: "Игорь" }, { id: 602, name: "Мария" }];
    for (const p of [igor, maria]) {
      const { token } = await env.s.staff.createInvite(OWNER);
      await env.s.staff.redeemInvite(token, { telegramId: p.id, name: p.name, language: "ru" });
    }
    const [igorRow, mariaRow] = [(await env.s.staff.member(igor.id))!, (await env.s.staff.member(maria.id))!];
    const vip = await env.client("+79001234561", { birthday: "1990-12-01" });
    const pool = await env.client("+79001234562", { birthday: "1990-12-01" });
    await env.s.followUps.assignManager(OWNER, vip, igorRow.id);
    env.at("2026-11-28 10:00");
    await env.s.followUps.schedule();
    const ids = async (scope: Parameters<Services["followUps"]["list"]>[0]) => (await env.s.followUps.list(scope)).items.map((i) => i.clientId).sort();
    expect(await ids({ kind: "staff", staffId: igorRow.id })).toEqual([vip, pool].sort());
    expect(await ids({ kind: "staff", staffId: mariaRow.id })).toEqual([pool]);
    expect(await ids({ kind: "pool" })).toEqual([pool]);
    expect(await ids({ kind: "all" })).toEqual([vip, pool].sort());
    // The morning push cuts every list from one grouping: the same people, the same totals.
    const scopes = [{ kind: "staff", staffId: igorRow.id }, { kind: "staff", staffId: mariaRow.id }, { kind: "pool" }, { kind: "all" }] as const;
    const together = await env.s.followUps.firstPages([...scopes]);
    const oneByOne = await Promise.all(scopes.map((scope) => env.s.followUps.list(scope)));
    expect(together.map((p) => [p.total, p.items.map((i) => i.clientId)])).toEqual(oneByOne.map((p) => [p.total, p.items.map((i) => i.clientId)]));
    await expect(env.s.followUps.assignManager(OWNER, vip, 9999)).rejects.toThrow("staff_not_found");
  });

  test("When the morning job runs twice, then the second run schedules nothing", async ({ env }) => {
    await env.client("+79001234567", { birthday: "1990-12-01" });
    env.at("2026-11-28 10:00");
    const first = await env.s.followUps.schedule();
    const second = await env.s.followUps.schedule();
    expect(first.birthday).toBe(1);
    expect(Object.values(second).every((n) => n === 0)).toBe(true);
  });

  test("When a long list is paged, then every client is on exactly one page, oldest due first", async ({ env }) => {
    env.at("2026-11-28 10:00");
    for (let i = 0; i < 19; i++) await env.client(`+790012345${String(i).padStart(2, "0")}`, { birthday: "1990-12-01" });
    await env.s.followUps.schedule();
    const pages = await Promise.all([0, 1, 2].map((p) => env.s.followUps.list({ kind: "all" }, p)));
    expect(pages.map((p) => p.items.length)).toEqual([8, 8, 3]);
    expect(new Set(pages.flatMap((p) => p.items.map((i) => i.clientId))).size).toBe(19);
    expect(pages[0]!.pages).toBe(3);
    // With more than a page under a manager and in the pool, the push's merged first pages still match the lists.
    const { token } = await env.s.staff.createInvite(OWNER);
    const { member } = await env.s.staff.redeemInvite(token, { telegramId: 601, name: "Игорь", language: "ru" });
    const all = pages.flatMap((p) => p.items.map((i) => i.clientId));
    for (const id of all.filter((_, i) => i % 2 === 0)) await env.s.followUps.assignManager(OWNER, id, member.id);
    const scopes = [{ kind: "staff", staffId: member.id }, { kind: "pool" }, { kind: "all" }] as const;
    const together = await env.s.followUps.firstPages([...scopes]);
    const oneByOne = await Promise.all(scopes.map((scope) => env.s.followUps.list(scope)));
    expect(together.map((p) => [p.total, p.pages, p.items.map((i) => i.clientId)])).toEqual(oneByOne.map((p) => [p.total, p.pages, p.items.map((i) => i.clientId)]));
    expect(together.map((p) => p.total)).toEqual([19, 9, 19]);
  });
});
