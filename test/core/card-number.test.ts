import { describe, expect, it } from "vitest";
import {
  CARD_NUMBER_LENGTH,
  formatCardNumber,
  generateCardNumber,
  isValidCardNumber,
  luhnCheckDigit,
  parseCardNumber,
} from "../../core/loyalty/card-number.ts";

describe("card numbers", () => {
  it("When the Luhn digit is computed, then it matches the textbook example", () => {
    expect(luhnCheckDigit("7992739871")).toBe(3);
  });

  it("When numbers are generated, then each has 12 digits and a valid check digit", () => {
    for (let i = 0; i < 500; i++) {
      const n = generateCardNumber();
      expect(n).toMatch(new RegExp(`^[1-9]\\d{${CARD_NUMBER_LENGTH - 1}}$`));
      expect(isValidCardNumber(n)).toBe(true);
    }
  });

  it("When any single digit is mistyped, then the check digit catches it", () => {
    const n = generateCardNumber();
    for (let pos = 0; pos < n.length; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === n[pos]) continue;
        const typo = n.slice(0, pos) + d + n.slice(pos + 1);
        expect(isValidCardNumber(typo)).toBe(false);
      }
    }
  });

  it("When a number is typed with spaces, then it is accepted; with a typo or wrong length, refused", () => {
    const n = generateCardNumber();
    expect(parseCardNumber(formatCardNumber(n))).toBe(n);
    const typo = n.slice(0, -1) + ((Number(n.at(-1)) + 1) % 10);
    expect(() => parseCardNumber(typo)).toThrow("card_check_digit");
    expect(() => parseCardNumber("1234")).toThrow("card_number_invalid");
  });
});
