// Every figure of a small shop's November 2026, worked out by hand. Moscow
// (UTC+3), defaults: margin 50 %, regular ≥ 3 purchases, adherent ≥ 6, active
// within 12 months. November is [2026-10-31T21:00Z, 2026-11-30T21:00Z).
//
//  id client   purchases (09:00Z unless said; minor units)                 in November
//  1  Анна     15 Jun, Jul, Aug, Sep, Oct 2026 30 000 each; 10 Nov 30 000   30 000 ×1
//  2  Дарья    20 and 25 Nov 2025, 10 000 each; referred Борис              —
//  3  Борис    5 and 20 Nov 2026, 30 000 each (referred by Дарья)           60 000 ×2
//  4  Вера     10 Jun 2025 5 000; 12 Nov 2026 50 000                        50 000 ×1
//  5  Глеб     31 Oct 2026 22:30Z 10 000 (1 Nov 01:30 in Moscow);           10 000 ×1
//              18 Nov 50 000 refunded in full (no purchase at all)
//  6  Евгений  10 Jan, 10 Apr 2026 8 000 each; 15 Nov 25 000, 5 000 back    20 000 ×1
//  7  Жанна    10 Jan, 10 Feb, 10 Mar 2024, 7 000 each                      —
//  8  Зоя      15 Nov 2025 12 000; forgotten since (her money still counts) —
//  9  Иван     nothing (referred by Зоя: no advocate for that)              —
//  10 Ирина    15th of Dec 2025 … Oct 2026 10 000 each (11); 15 Nov 20 000  20 000 ×1
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DAYS_PER_MONTH } from "../../core/reports/ltv.ts";
import { customPeriod } from "../../core/reports/period.ts";
import { ABC_CLASSES, XYZ_CLASSES, type Report } from "../../core/reports/types.ts";
import { reportShop, TZ, type ReportShop } from "../support/report-fixtures.ts";

const NOVEMBER = { from: new Date("2026-10-31T21:00:00Z"), to: new Date("2026-11-30T21:00:00Z") };
const DECEMBER = { from: new Date("2026-11-30T21:00:00Z"), to: new Date("2026-12-31T21:00:00Z") };

let shop: ReportShop;
let r: Report;

beforeAll(async () => {
  shop = await reportShop();
  const [anna, darya] = [await shop.client("Анна"), await shop.client("Дарья")];
  const boris = await shop.client("Борис", { referredById: darya });
  const [vera, gleb, evgeny, zhanna] = [await shop.client("Вера"), await shop.client("Глеб"), await shop.client("Евгений"), await shop.client("Жанна")];
  const zoya = await shop.client("Зоя", { forgotten: true });
  await shop.client("Иван", { referredById: zoya });
  const irina = await shop.client("Ирина");
  for (const m of ["06", "07", "08", "09", "10"]) await shop.buy(anna, `2026-${m}-15T09:00:00Z`, 30_000);
  await shop.buy(anna, "2026-11-10T09:00:00Z", 30_000);
  await shop.buy(darya, "2025-11-20T09:00:00Z", 10_000);
  await shop.buy(darya, "2025-11-25T09:00:00Z", 10_000);
  await shop.buy(boris, "2026-11-05T09:00:00Z", 30_000);
  await shop.buy(boris, "2026-11-20T09:00:00Z", 30_000);
  await shop.buy(vera, "2025-06-10T09:00:00Z", 5_000);
  await shop.buy(vera, "2026-11-12T09:00:00Z", 50_000);
  await shop.buy(gleb, "2026-10-31T22:30:00Z", 10_000);
  await shop.buy(gleb, "2026-11-18T09:00:00Z", 50_000, { refunded: 50_000 });
  await shop.buy(evgeny, "2026-01-10T09:00:00Z", 8_000);
  await shop.buy(evgeny, "2026-04-10T09:00:00Z", 8_000);
  await shop.buy(evgeny, "2026-11-15T09:00:00Z", 25_000, { refunded: 5_000 });
  for (const m of ["01", "02", "03"]) await shop.buy(zhanna, `2024-${m}-10T09:00:00Z`, 7_000);
  await shop.buy(zoya, "2025-11-15T09:00:00Z", 12_000);
  for (const m of ["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]) {
    await shop.buy(irina, `${m}-15T09:00:00Z`, 10_000);
  }
  await shop.buy(irina, "2026-11-15T09:00:00Z", 20_000);
  r = await shop.reports.build(NOVEMBER);
});

afterAll(() => shop.close());

describe("sales", () => {
  // 30 000 + 60 000 + 50 000 + 10 000 + 20 000 + 20 000 = 190 000 in 1 + 2 + 1 + 1 + 1 + 1 = 7
  // purchases (Глеб's refunded one is none, Евгений's counts 25 000 − 5 000); average
  // 27 142.86 → 27 143. New: Борис and Глеб (first purchase in November, Глеб's by Moscow's
  // clock) 60 000 + 10 000; returning: Анна, Вера, Евгений, Ирина 30 + 50 + 20 + 20 thousand.
  // Repeat rate: all buyers but Глеб (his second purchase was refunded) have ≥ 2 by the end: 5 / 6.
  test("When the month's purchases are summed, then refunds come off, a full refund is no purchase, and new and returning split the buyers", () => {
    expect(r).toMatchObject({
      empty: false,
      revenue: 190_000,
      purchases: 7,
      averageCheck: 27_143,
      buyers: 6,
      newClients: { clients: 2, revenue: 70_000 },
      returningClients: { clients: 4, revenue: 120_000 },
    });
    expect(r.repeatRate).toBeCloseTo(5 / 6, 12);
  });

  // Shop months Dec 2025 … Nov 2026; Глеб's 10 000 at 22:30Z on 31 October is November in Moscow.
  test("When revenue is bucketed by month, then months are the shop's: a purchase late on 31 October UTC is November's", () => {
    const bucket = (month: string, revenue: number, purchases: number) => ({ month, revenue, purchases, inPeriod: month === "2026-11" });
    expect(r.revenueByMonth).toEqual([
      bucket("2025-12", 10_000, 1), // Ирина
      bucket("2026-01", 18_000, 2), // Ирина, Евгений
      bucket("2026-02", 10_000, 1),
      bucket("2026-03", 10_000, 1),
      bucket("2026-04", 18_000, 2),
      bucket("2026-05", 10_000, 1),
      bucket("2026-06", 40_000, 2), // Ирина, Анна
      bucket("2026-07", 40_000, 2),
      bucket("2026-08", 40_000, 2),
      bucket("2026-09", 40_000, 2),
      bucket("2026-10", 40_000, 2), // not 50 000: Глеб's purchase is November's
      bucket("2026-11", 190_000, 7),
    ]);
  });
});

describe("retention, LTV and the ladder", () => {
  // Active base = a purchase in the 12 months before the instant.
  // S, at 1 Nov 2026 (since 1 Nov 2025): Анна, Дарья, Евгений, Зоя, Ирина = 5 (Вера's 2025-06 is too old,
  // Глеб's first purchase is already November's). E, at 1 Dec 2026 (since 1 Dec 2025): Анна, Борис,
  // Вера, Глеб, Евгений, Ирина = 6 (Дарья's and Зоя's November 2025 fell out). N = 2 (Борис, Глеб).
  // CRR = (6 − 2) / 5 × 100 = 80.
  test("When retention is measured, then CRR = (E − N) / S × 100 with the active bases at both ends", () => {
    expect(r.retention).toEqual({ start: 5, end: 6, acquired: 2, crr: 80 });
  });

  // Over the 9 clients who ever bought (not Иван): 32 purchases, 524 000 → S = 16 375.
  // Days from first to last: Анна 148, Борис 15 (→ 1 month), Вера 520, Глеб 0, Дарья 5,
  // Евгений 309, Жанна 60, Зоя 0, Ирина 335; months = max(1, days / 30.4375).
  // T = (4 + 1372 / 30.4375) / 9 = 5.45289; C = (6 + 30.4375 × (6/148 + 2/520 + 3/309 + 3/60 + 12/335)) / 9
  // = 1.13986 (Борис 2, Глеб 1, Дарья 2, Зоя 1 at one month each); P = 0.5.
  // LTV = 16 375 × 1.13986 × 0.5 × 5.45289 = 50 889.44 → 50 889.
  test("When LTV is computed, then it is S × C × P × T over everyone who bought by the end", () => {
    const d = DAYS_PER_MONTH;
    const T = (4 + 1372 / d) / 9;
    const C = (6 + d * (6 / 148 + 2 / 520 + 3 / 309 + 3 / 60 + 12 / 335)) / 9;
    expect(r.ltv.averageCheck).toBe(16_375);
    expect(r.ltv.margin).toBe(0.5);
    expect(r.ltv.monthsActive).toBeCloseTo(T, 9);
    expect(r.ltv.purchasesPerMonth).toBeCloseTo(C, 9);
    expect(r.ltv.monthsActive).toBeCloseTo(5.452886, 5);
    expect(r.ltv.purchasesPerMonth).toBeCloseTo(1.139856, 5);
    expect(r.ltv.value).toBe(50_889);
  });

  // Advocate: Дарья (Борис bought). Adherent: Анна (6, active), Ирина (12). Regular: Евгений (3,
  // active). Repeat: Борис, Вера (2 each), Жанна (3, but nothing since March 2024). Buyer: Глеб
  // (his second purchase refunded), Зоя (her referral Иван never bought). Иван is not on the ladder.
  test("When clients are put on the ladder, then each stands on the highest step, with recency for regulars and adherents", () => {
    expect(r.ladder).toEqual({ buyer: 2, repeat: 3, regular: 1, adherent: 2, advocate: 1 });
  });
});

describe("20/80, the curve and ABC × XYZ", () => {
  // By revenue: Борис 60, Вера 50, Анна 30, Евгений 20 (id 6), Ирина 20 (id 10), Глеб 10 (thousand);
  // cumulative 60, 110, 140, 160, 180, 190. Top ceil(0.2 × 6) = 2: Борис + Вера = 110 / 190.
  // By average check: Вера 50 000, then Анна and Борис tie at 30 000 and Анна (the lower id) is
  // second: Вера + Анна = 80 / 190 (Борис instead would have made 110 / 190).
  test("When the top 20% is taken by total and by average check, then a tie at the cut goes to the lower client id", () => {
    expect(r.byTotal.topClients).toBe(2);
    expect(r.byTotal.clients).toBe(6);
    expect(r.byTotal.revenueShare).toBeCloseTo(110 / 190, 12);
    expect(r.byAverageCheck.topClients).toBe(2);
    expect(r.byAverageCheck.revenueShare).toBeCloseTo(80 / 190, 12);
  });

  test("When there are fewer than 100 clients, then the curve has a point per client from {0, 0} to {1, 1}", () => {
    const expected = [0, 60, 110, 140, 160, 180, 190].map((cum, k) => ({ clientShare: k / 6, revenueShare: cum / 190 }));
    expect(r.pareto).toHaveLength(7);
    r.pareto.forEach((p, k) => {
      expect(p.clientShare).toBeCloseTo(expected[k]!.clientShare, 12);
      expect(p.revenueShare).toBeCloseTo(expected[k]!.revenueShare, 12);
    });
    expect(r.pareto.at(-1)).toEqual({ clientShare: 1, revenueShare: 1 });
  });

  // ABC by the share before each client: Борис 0 %, Вера 31.6 %, Анна 57.9 %, Евгений 73.7 % → A;
  // Ирина 84.2 %, Глеб 94.7 % → B. The Евгений / Ирина tie at 20 000 goes to Евгений (id 6).
  // XYZ over Dec 2025 … Nov 2026 (a one-month period looks at the year), CV² = q·12 / w² − 1:
  // Ирина 11 × 10 000 + 20 000: 12 × 1.5e9 / 1.3e5² − 1 = 0.065 → X. Анна 30 000 in 6 of 12 months:
  // CV² = 12 × 6 / 36 − 1 = 1, CV exactly 1.0 → Y. Борис, Вера, Глеб (one month each) and
  // Евгений (8 000, 8 000, 20 000: CV² = 3.89) → Z.
  test("When clients are classed ABC × XYZ, then all nine cells come back, with period revenue", () => {
    const filled: Record<string, [number, number]> = { AY: [1, 30_000], AZ: [3, 130_000], BX: [1, 20_000], BZ: [1, 10_000] };
    expect(r.abcXyz).toEqual(
      ABC_CLASSES.flatMap((abc) => XYZ_CLASSES.map((xyz) => ({ abc, xyz, clients: filled[abc + xyz]?.[0] ?? 0, revenue: filled[abc + xyz]?.[1] ?? 0 }))),
    );
  });
});

describe("other periods", () => {
  // December: nobody bought. S = November's E = 6; at 1 Jan 2027 (since 1 Jan 2026) the same six are active
  // (Евгений's 10 Jan 2026 just inside), N = 0: CRR = 100. The ladder is as at the end of November.
  test("When a month after the last purchase is asked for, then it is empty yet the ladder and retention still stand", async () => {
    const dec = await shop.reports.build(DECEMBER);
    expect(dec).toMatchObject({ empty: true, revenue: 0, purchases: 0, averageCheck: null, buyers: 0, repeatRate: null, pareto: [] });
    expect(dec.retention).toEqual({ start: 6, end: 6, acquired: 0, crr: 100 });
    expect(dec.ladder).toEqual(r.ladder);
    expect(dec.abcXyz.every((c) => c.clients === 0 && c.revenue === 0)).toBe(true);
  });

  test("When the period spans more than 12 months, then the chart shows exactly its months", async () => {
    const long = await shop.reports.build(customPeriod({ year: 2025, month: 1, day: 1 }, { year: 2026, month: 11, day: 30 }, TZ));
    expect(long.revenueByMonth).toHaveLength(23);
    expect(long.revenueByMonth[0]).toEqual({ month: "2025-01", revenue: 0, purchases: 0, inPeriod: true });
    expect(long.revenueByMonth.find((m) => m.month === "2025-06")).toMatchObject({ revenue: 5_000, purchases: 1 });
    // Nine buyers, all of history but Жанна's 2024: 524 000 − 21 000.
    expect(long.revenue).toBe(503_000);
  });
});
