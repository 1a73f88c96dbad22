// Report periods in the shop's time zone and what an owner may type for one.
// Moscow is UTC+3 all year, so its midnight is 21:00Z the day before; Berlin
// changes its clock, so its March is 31 days less an hour.
import { describe, expect, test } from "vitest";
import { parsePeriod } from "../../core/reports/parse-period.ts";
import { customPeriod, monthPeriod, monthsBefore, monthsOf, quarterPeriod, yearPeriod } from "../../core/reports/period.ts";

const TZ = "Europe/Moscow";
const NOW = new Date("2026-11-24T09:00:00Z");
const at = (iso: string) => new Date(iso);
const span = (from: string, to: string) => ({ from: at(from), to: at(to) });

describe("periods", () => {
  test("When the owner asks for this or last month, then it runs from shop midnight to shop midnight", () => {
    expect(monthPeriod(NOW, TZ)).toEqual(span("2026-10-31T21:00:00Z", "2026-11-30T21:00:00Z"));
    expect(monthPeriod(NOW, TZ, -1)).toEqual(span("2026-09-30T21:00:00Z", "2026-10-31T21:00:00Z"));
    // 01:00 on 1 December in Moscow is still 30 November in UTC: it is December.
    expect(monthPeriod(at("2026-11-30T22:00:00Z"), TZ)).toEqual(span("2026-11-30T21:00:00Z", "2026-12-31T21:00:00Z"));
    // Last month from January is last year's December.
    expect(monthPeriod(at("2027-01-10T09:00:00Z"), TZ, -1)).toEqual(span("2026-11-30T21:00:00Z", "2026-12-31T21:00:00Z"));
  });

  test("When the owner asks for a quarter or a year, then they are calendar quarters and years", () => {
    expect(quarterPeriod(NOW, TZ)).toEqual(span("2026-09-30T21:00:00Z", "2026-12-31T21:00:00Z"));
    expect(quarterPeriod(NOW, TZ, -1)).toEqual(span("2026-06-30T21:00:00Z", "2026-09-30T21:00:00Z"));
    expect(quarterPeriod(at("2026-02-01T09:00:00Z"), TZ, -1)).toEqual(span("2025-09-30T21:00:00Z", "2025-12-31T21:00:00Z"));
    expect(yearPeriod(NOW, TZ)).toEqual(span("2025-12-31T21:00:00Z", "2026-12-31T21:00:00Z"));
    expect(yearPeriod(NOW, TZ, -1)).toEqual(span("2024-12-31T21:00:00Z", "2025-12-31T21:00:00Z"));
  });

  test("When the shop's clock changes in the month, then its boundaries follow the local midnight", () => {
    // Berlin: UTC+1 until 29 March 2026, UTC+2 after.
    expect(monthPeriod(at("2026-03-15T12:00:00Z"), "Europe/Berlin")).toEqual(span("2026-02-28T23:00:00Z", "2026-03-31T22:00:00Z"));
  });

  test("When a period's months are listed, then each is a whole shop month, the edges included", () => {
    const months = monthsOf(customPeriod({ year: 2026, month: 9, day: 15 }, { year: 2026, month: 12, day: 14 }, TZ), TZ);
    expect(months.map((m) => m.month)).toEqual(["2026-09", "2026-10", "2026-11", "2026-12"]);
    expect(months[2]).toEqual({ month: "2026-11", ...span("2026-10-31T21:00:00Z", "2026-11-30T21:00:00Z") });
    expect(monthsOf(monthPeriod(NOW, TZ), TZ).map((m) => m.month)).toEqual(["2026-11"]);
    expect(monthsOf(yearPeriod(NOW, TZ), TZ)).toHaveLength(12);
  });

  test("When a window reaches months back, then a month-end day falls on the shorter month's last day", () => {
    expect(monthsBefore(at("2026-11-30T21:00:00Z"), 12, TZ)).toEqual(at("2025-11-30T21:00:00Z"));
    // 31 March 2026 00:00 in Moscow, a month earlier: 28 February.
    expect(monthsBefore(at("2026-03-30T21:00:00Z"), 1, TZ)).toEqual(at("2026-02-27T21:00:00Z"));
  });
});

describe("a period typed by the owner", () => {
  const SEP_NOV = span("2026-08-31T21:00:00Z", "2026-11-30T21:00:00Z");

  test.each([
    "01.09.2026-30.11.2026",
    "1.9.2026 – 30.11.2026",
    "01.09.2026—30.11.2026",
    "2026-09-01..2026-11-30",
    "2026-09-01 - 2026-11-30",
    "  1.09.2026 .. 30.11.2026  ",
    "1.9-30.11",
  ])("When the owner types %j, then it is 1 September to 30 November inclusive", (text) => {
    expect(parsePeriod(text, NOW, TZ)).toEqual(SEP_NOV);
  });

  test("When both days are the same, then the period is that one day", () => {
    expect(parsePeriod("05.11.2026-05.11.2026", NOW, TZ)).toEqual(span("2026-11-04T21:00:00Z", "2026-11-05T21:00:00Z"));
  });

  test("When the span is ten years to the day, then it is accepted, and a day more is refused", () => {
    expect(parsePeriod("01.01.2016-31.12.2025", NOW, TZ)).toEqual(span("2015-12-31T21:00:00Z", "2025-12-31T21:00:00Z"));
    expect(parsePeriod("01.01.2016-01.01.2026", NOW, TZ)).toBeNull();
  });

  test.each([
    "",
    "ноябрь",
    "01.09.2026",
    "01.09.2026 30.11.2026",
    "30.11.2026-01.09.2026",
    "31.02.2026-01.03.2026",
    "2026-13-01..2026-12-01",
    "01.09.26-30.11.26",
    "01/09/2026-30/11/2026",
    "01.09.2026-30.11.2026-31.12.2026",
  ])("When the owner types %j, then it is no period", (text) => {
    expect(parsePeriod(text, NOW, TZ)).toBeNull();
  });
});
