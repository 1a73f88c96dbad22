import { describe, expect, it } from "vitest";
import { parseMoney, parsePercent, parsePoints } from "../../core/money.ts";
import { codeOf } from "../support/errors.ts";


describe("amounts typed by sellers", () => {
  it.each([
    ["150000", 150_000_00],
    ["150 000", 150_000_00],
    ["15 000,50", 15_000_50],
    ["15000.5", 15_000_50],
    ["15,000.50", 15_000_50],
    ["15.000,50", 15_000_50],
    ["150 000 ₽", 150_000_00],
    ["¥12,800", 12_800_00],
    ["1,5", 1_50],
    ["15,000", 15_000_00],
    ["0,01", 1],
  ])("When %j is typed, then it is %i minor units", (input, minor) => {
    expect(parseMoney(input)).toBe(minor);
  });

  it.each(["", "0", "0,00", "-500", "abc", "15 000,505", "1.2.3", "12,34,56", "1e5", "15 000 руб 50"])(
    "When %j is typed, then it is refused",
    (input) => {
      expect(codeOf(() => parseMoney(input))).toBe("amount_invalid");
    },
  );

  it("When an absurd number of digits is typed, then it is refused as too long to be an amount", () => {
    expect(codeOf(() => parseMoney("99999999999999999"))).toBe("amount_too_long");
  });

  it("When points and percentages are typed, then they are read or refused", () => {
    expect(parsePoints("1 500")).toBe(1500);
    expect(parsePoints("-300", true)).toBe(-300);
    expect(codeOf(() => parsePoints("-300"))).toBe("points_invalid");
    expect(codeOf(() => parsePoints("1.5"))).toBe("points_invalid");
    expect(parsePercent("7,5")).toBe(750);
    expect(parsePercent("20%")).toBe(2000);
    expect(codeOf(() => parsePercent("120"))).toBe("setting_invalid");
  });
});
