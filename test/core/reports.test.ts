// The report's figures against a small shop whose every number is worked out
// by hand below. The shop is in Moscow (UTC+3); the period is November 2026,
// [2026-10-31T21:00Z, 2026-11-30T21:00Z); settings are the defaults: margin
// 50 %, regular from 3 purchases, adherent from 6, active within 12 months.
import { describe, expect, test } from "vitest";
import { ABC_CLASSES, XYZ_CLASSES, type Report } from "../../core/reports/types.ts";
import { reportShop } from "../support/report-fixtures.ts";

const NOVEMBER = { from: new Date("2026-10-31T21:00:00Z"), to: new Date("2026-11-30T21:00:00Z") };
/** Dec 2025 … Nov 2026: the chart's 12 months, and XYZ's window for a one-month period. */
const CHART = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"];

const cells = (filled: Record<string, [number, number]>) =>
  ABC_CLASSES.flatMap((abc) => XYZ_CLASSES.map((xyz) => ({ abc, xyz, clients: filled[abc + xyz]?.[0] ?? 0, revenue: filled[abc + xyz]?.[1] ?? 0 })));

describe("a shop with no purchases", () => {
  test("When nothing was ever bought, then the report is empty: zeros, nulls, nine empty cells and no curve", async () => {
    const shop = await reportShop();
    try {
      const r = await shop.reports.build(NOVEMBER);
      expect(r).toEqual({
        period: NOVEMBER,
        empty: true,
        revenue: 0,
        purchases: 0,
        averageCheck: null,
        buyers: 0,
        newClients: { clients: 0, revenue: 0 },
        returningClients: { clients: 0, revenue: 0 },
        repeatRate: null,
        retention: { start: 0, end: 0, acquired: 0, crr: null },
        ltv: { value: null, averageCheck: null, purchasesPerMonth: null, margin: 0.5, monthsActive: null },
        ladder: { buyer: 0, repeat: 0, regular: 0, adherent: 0, advocate: 0 },
        byTotal: { topClients: 0, clients: 0, revenueShare: null },
        byAverageCheck: { topClients: 0, clients: 0, revenueShare: null },
        pareto: [],
        abcXyz: cells({}),
        revenueByMonth: CHART.map((month) => ({ month, revenue: 0, purchases: 0, inPeriod: month === "2026-11" })),
        followUps: [],
        reach: { broadcasts: 0, planned: 0, delivered: 0, blocked: 0, failed: 0, skipped: 0, reachedClients: 0, reachableClients: 0 },
      } satisfies Report);
    } finally {
      await shop.close();
    }
  });
});

describe("a single client", () => {
  // Анна buys once, 10 000 on 5 November: she is new, a buyer, alone in class A-Z
  // (one month of twelve: CV² = 12 − 1), and her LTV is 10 000 × 1/month × 50 % × 1 month.
  test("When one client bought once in the period, then every figure is hers", async () => {
    const shop = await reportShop();
    try {
      const anna = await shop.client("Анна");
      await shop.buy(anna, "2026-11-05T09:00:00Z", 10_000);
      const r = await shop.reports.build(NOVEMBER);
      expect(r).toMatchObject({
        empty: false,
        revenue: 10_000,
        purchases: 1,
        averageCheck: 10_000,
        buyers: 1,
        newClients: { clients: 1, revenue: 10_000 },
        returningClients: { clients: 0, revenue: 0 },
        repeatRate: 0,
        retention: { start: 0, end: 1, acquired: 1, crr: null },
        ltv: { value: 5_000, averageCheck: 10_000, purchasesPerMonth: 1, margin: 0.5, monthsActive: 1 },
        ladder: { buyer: 1, repeat: 0, regular: 0, adherent: 0, advocate: 0 },
        byTotal: { topClients: 1, clients: 1, revenueShare: 1 },
        byAverageCheck: { topClients: 1, clients: 1, revenueShare: 1 },
        pareto: [
          { clientShare: 0, revenueShare: 0 },
          { clientShare: 1, revenueShare: 1 },
        ],
        abcXyz: cells({ AZ: [1, 10_000] }),
      });
    } finally {
      await shop.close();
    }
  });
});

describe("a shop with many buyers", () => {
  // 250 clients buy 1 000 each on 5 November. The curve picks rank ceil(p × 250 / 100) for
  // p = 1..100 (3, 5, 8, 10, …, 250: all different), so 101 points with the origin; with equal
  // revenue each point lies on the diagonal. Top 20 %: 50 clients, 20 % of revenue. ABC by the
  // share before a client, (rank − 1) / 250: A while under 80 % (ranks 1–200), B under 95 %
  // (201–238), C the last 12; all Z (one month of the twelve).
  test("When more than 100 clients bought, then the curve has one point per percentile and ABC splits at 80 % and 95 %", async () => {
    const shop = await reportShop();
    try {
      await shop.db.client.createMany({ data: Array.from({ length: 250 }, (_, i) => ({ givenName: `К${i}`, referralCode: `M${i}` })) });
      const ids = (await shop.db.client.findMany({ select: { id: true } })).map((c) => c.id);
      await shop.db.purchase.createMany({
        data: ids.map((clientId) => ({ clientId, amount: 1_000, paid: 1_000, currency: "RUB", createdAt: new Date("2026-11-05T09:00:00Z") })),
      });
      const r = await shop.reports.build(NOVEMBER);
      expect(r.pareto).toHaveLength(101);
      expect(r.pareto[1]!.clientShare).toBeCloseTo(3 / 250, 12);
      expect(r.pareto[2]!.clientShare).toBeCloseTo(5 / 250, 12);
      r.pareto.forEach((p) => expect(p.revenueShare).toBeCloseTo(p.clientShare, 12));
      expect(r.pareto.at(-1)).toEqual({ clientShare: 1, revenueShare: 1 });
      expect(r.byTotal).toEqual({ topClients: 50, clients: 250, revenueShare: 0.2 });
      expect(r.abcXyz).toEqual(cells({ AZ: [200, 200_000], BZ: [38, 38_000], CZ: [12, 12_000] }));
    } finally {
      await shop.close();
    }
  });
});
