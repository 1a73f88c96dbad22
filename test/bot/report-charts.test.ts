// The report's charts drawn from a hand-made Report in both languages: each is
// a real PNG of the expected size, and one broken chart does not lose the rest.
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatter, translator, type Language } from "../../bot/i18n.ts";
import { shareAt } from "../../bot/reports/chart-options.ts";
import { CHART_HEIGHT, CHART_WIDTH, CHARTS, renderCharts, type ChartName } from "../../bot/reports/charts.ts";
import { chartLabels } from "../../bot/reports/labels.ts";
import type { Report } from "../../core/reports/types.ts";

function sampleReport(): Report {
  const months = ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"];
  return {
    period: { from: new Date("2026-08-31T21:00:00Z"), to: new Date("2026-11-30T21:00:00Z") },
    empty: false,
    revenue: 412_500_00,
    purchases: 37,
    averageCheck: 1_114_865,
    buyers: 21,
    newClients: { clients: 8, revenue: 98_000_00 },
    returningClients: { clients: 13, revenue: 314_500_00 },
    repeatRate: 0.571,
    retention: { start: 40, end: 44, acquired: 8, crr: 90 },
    ltv: { value: 2_675_676_00, averageCheck: 1_114_865, purchasesPerMonth: 0.5, margin: 0.4, monthsActive: 12 },
    ladder: { buyer: 18, repeat: 11, regular: 7, adherent: 4, advocate: 2 },
    byTotal: { topClients: 5, clients: 21, revenueShare: 0.63 },
    byAverageCheck: { topClients: 5, clients: 21, revenueShare: 0.48 },
    pareto: [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1].map((clientShare, i) => ({ clientShare, revenueShare: [0.22, 0.38, 0.61, 0.74, 0.88, 0.96, 1][i]! })),
    abcXyz: [
      { abc: "A", xyz: "X", clients: 3, revenue: 180_000_00 },
      { abc: "A", xyz: "Y", clients: 2, revenue: 80_000_00 },
      { abc: "B", xyz: "Y", clients: 4, revenue: 70_000_00 },
      { abc: "B", xyz: "Z", clients: 3, revenue: 30_000_00 },
      { abc: "C", xyz: "Z", clients: 9, revenue: 52_500_00 },
    ],
    revenueByMonth: months.map((month, i) => ({ month, revenue: (60 + ((i * 37) % 90)) * 1_000_00, purchases: 4 + (i % 5), inPeriod: i >= 9 })),
    followUps: [{ telegramId: 201, name: "Мария", done: 14, reached: 9, noAnswer: 3, callLater: 1, notInterested: 1 }],
    reach: { broadcasts: 2, planned: 80, delivered: 74, blocked: 3, failed: 1, skipped: 2, reachedClients: 40, reachableClients: 52 },
  };
}

const labelsIn = (lang: Language) => chartLabels({ t: translator(lang), fmt: formatter(lang, "RUB", "Europe/Moscow"), lang });

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

// Drawing is CPU-bound (about 200 ms a chart): a busy machine needs more than the default time.
describe("report charts", { timeout: 60_000 }, () => {
  describe.each(["ru", "zh"] as const)("in %s", (lang) => {
    it.each(Object.keys(CHARTS) as ChartName[])("When the %s chart is drawn, then it is a PNG of the chart's size", async (name) => {
      const png = await CHARTS[name](sampleReport(), labelsIn(lang));
      expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
      // Written for a look with an image viewer: the labels must show Cyrillic and Chinese, not boxes.
      writeFileSync(`/tmp/report-${name}-${lang}.png`, png);
    });
  });

  it("When one chart throws, then the others are still drawn and the failure is reported", async () => {
    const failed: ChartName[] = [];
    const broken = { ...CHARTS, ladder: () => { throw new Error("boom"); } };
    const charts = await renderCharts(sampleReport(), labelsIn("ru"), (name) => failed.push(name), broken);
    expect(charts.map((c) => c.name)).toEqual(["revenue", "matrix", "pareto"]);
    expect(failed).toEqual(["ladder"]);
  });

  it("When a period has a single buyer, then every chart still draws", async () => {
    const one: Report = { ...sampleReport(), ladder: { buyer: 1, repeat: 0, regular: 0, adherent: 0, advocate: 0 }, pareto: [{ clientShare: 1, revenueShare: 1 }], abcXyz: [{ abc: "A", xyz: "Z", clients: 1, revenue: 50_000_00 }] };
    const charts = await renderCharts(one, labelsIn("zh"), (name, error) => { throw new Error(`${name}: ${String(error)}`); });
    expect(charts).toHaveLength(4);
  });

  it("When the curve is read at 20 % of clients, then it interpolates between its points", () => {
    expect(shareAt([{ clientShare: 0.1, revenueShare: 0.4 }, { clientShare: 0.3, revenueShare: 0.8 }], 0.2)).toBeCloseTo(0.6);
    expect(shareAt([{ clientShare: 1, revenueShare: 1 }], 0.2)).toBeCloseTo(0.2);
    expect(shareAt([], 0.2)).toBeNull();
  });
});
