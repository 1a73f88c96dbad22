// The sandbox's imported history, seeded the way the sandbox does it (after
// the rest of the demo): the owner's report for the year has revenue in
// several months, every step of the client ladder, a Pareto curve, a filled
// ABC×XYZ matrix and the demo seller's calls this month; the history's clients
// belong to a seller of their own, so the demo seller's call list is not
// flooded by them; a second start adds nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createReports } from "../../core/reports/reports.ts";
import { LADDER_STAGES } from "../../core/reports/types.ts";
import { createServices, type Services } from "../../core/services.ts";
import { seedDemo } from "../../sandbox/demo-data.ts";
import { HISTORY_FILES, HISTORY_MANAGER } from "../../sandbox/demo-history.ts";
import { HISTORY_SHOP } from "../../sandbox/samples.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const CONFIG = { OWNER_IDS: [9001], SHOP_CURRENCY: "RUB" as const, STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow", SHOP_NAME: "Jewelry" };
/** Late in November: most of the year lies behind, and the month has days for the seller's calls. */
const NOW = new Date("2026-11-24T06:30:00Z");
const SELLER = 2001;

let t: TestDb;
let s: Services;
beforeEach(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  s = createServices(t.db, CONFIG, fixedClock(NOW));
});
afterEach(() => t.close());

const counts = async () => ({
  clients: await t.db.client.count(),
  purchases: await t.db.purchase.count(),
  points: await t.db.pointsEntry.count(),
  followUps: await t.db.followUp.count(),
  contacts: await t.db.contactLog.count(),
  imports: await t.db.dataImport.count(),
  referred: await t.db.client.count({ where: { referredById: { not: null } } }),
});

describe("the demo history", () => {
  it("When the sandbox seeds its demo, then the year's report has revenue by month, every ladder step, a Pareto curve, an ABC×XYZ matrix and the seller's calls", async () => {
    expect(await seedDemo(s, CONFIG)).toBe(true);
    const imports = await t.db.dataImport.findMany({ orderBy: { id: "asc" } });
    expect(imports.map((i) => [i.fileName, i.status, i.badRows])).toEqual([
      [HISTORY_FILES.clients, "done", 0],
      [HISTORY_FILES.purchases, "done", 0],
    ]);
    // The generator's shop and the few steady buyers added to it.
    expect(imports[0]!.created).toBeGreaterThan(HISTORY_SHOP.clients);
    expect(imports[1]!.created).toBeGreaterThan(HISTORY_SHOP.purchases);
    // Nothing the history wrote lies after the sandbox's now.
    expect(await t.db.purchase.count({ where: { createdAt: { gt: NOW } } })).toBe(0);

    const reports = createReports(t.db, s.clock, CONFIG.SHOP_TIMEZONE);
    const year = await reports.build(reports.year());
    expect(year.empty).toBe(false);
    expect(year.revenue).toBeGreaterThan(0);
    for (const stage of LADDER_STAGES) expect(year.ladder[stage], stage).toBeGreaterThan(0);
    expect(year.revenueByMonth.filter((m) => m.inPeriod && m.revenue > 0).length).toBeGreaterThanOrEqual(10);
    // A real curve: the top fifth of the clients bring well over a fifth of the revenue, but not all of it.
    expect(year.pareto.length).toBeGreaterThan(10);
    expect(year.byTotal.revenueShare).toBeGreaterThan(0.3);
    expect(year.byTotal.revenueShare).toBeLessThan(1);
    // Every cell: the steady buyers fill the X and Y columns the random ones leave empty.
    expect(year.abcXyz.filter((c) => c.clients === 0)).toEqual([]);

    const month = await reports.build(reports.month());
    expect(month.empty).toBe(false);
    const seller = month.followUps.find((f) => f.telegramId === SELLER);
    expect(seller).toMatchObject({ name: "Игорь (демо)" });
    expect(seller!.reached).toBeGreaterThanOrEqual(6);
    // The calls closed their reasons: none of them waits in the seller's list.
    expect(await t.db.followUp.count({ where: { status: "open", client: { source: "import", phone: { startsWith: "+7900000" } } } })).toBe(0);
  }, 30_000);

  it("When the morning lists the calls, then the history's clients are their own seller's, and the demo seller's list keeps the demo's clients", async () => {
    await seedDemo(s, CONFIG);
    const history = await t.db.client.findMany({ where: { source: "import", phone: { startsWith: "+7900000" } }, select: { id: true, manager: { select: { telegramId: true } } } });
    expect(history.length).toBeGreaterThan(HISTORY_SHOP.clients * 0.8);
    expect(new Set(history.map((c) => Number(c.manager?.telegramId)))).toEqual(new Set([HISTORY_MANAGER.telegramId]));
    const scheduled = await s.followUps.schedule();
    expect(scheduled.quiet).toBeGreaterThan(10); // the imported regulars gone quiet are on a list…
    const seller = await t.db.staff.findUniqueOrThrow({ where: { telegramId: BigInt(SELLER) } });
    const list = await s.followUps.list({ kind: "staff", staffId: seller.id }, 0, 100);
    const ids = new Set(history.map((c) => c.id));
    // …but not on his: his first page is the demo's stories.
    expect(list.items.filter((i) => ids.has(i.clientId))).toEqual([]);
    expect(list.total).toBeLessThanOrEqual(8);
  }, 30_000);

  it("When the sandbox starts again on the same database, then nothing is added", async () => {
    await seedDemo(s, CONFIG);
    const first = await counts();
    expect(first.referred).toBeGreaterThan(0);
    expect(await seedDemo(s, CONFIG)).toBe(false);
    expect(await counts()).toEqual(first);
  }, 30_000);
});
