import { describe, expect, it } from "vitest";
import { parseName } from "../../core/clients/names.ts";
import { validateItem } from "../../core/loyalty/purchases.ts";
import { cleanText, meaningfulText } from "../../core/text.ts";
import { codeOf } from "../support/errors.ts";

describe("text that carries meaning", () => {
  it.each([
    ["\u200b", "a zero-width space"],
    ["\u200b\u200c\u200d\u2060\ufeff", "zero-width spaces, joiners and a BOM"],
    ["\u3164\u115f", "Hangul fillers"],
    [" \u00a0\u2003\t\n", "spaces and line breaks"],
    ["\u202e\u202d", "bidi overrides alone"],
  ])("When a text is only %j (%s), then it counts as empty", (input) => {
    expect(meaningfulText(input)).toBeNull();
  });

  it("When a text carries a right-to-left override, then the control characters are stripped and the words kept", () => {
    expect(cleanText("Кольцо \u202e585 олот\u202c")).toBe("Кольцо 585 олот");
    expect(cleanText("\u2067ring\u2069 \u200fsapphire\u200e")).toBe("ring sapphire");
  });

  it("When an emoji sequence uses joiners, then it is kept as it is", () => {
    expect(meaningfulText("Подарок для 👨‍👩‍👧")).toBe("Подарок для 👨‍👩‍👧");
  });

  it("When an item description or a name is only invisible characters, then it is refused like an empty one", () => {
    expect(codeOf(() => validateItem({ description: "\u200b\u200b\u200b" }))).toBe("item_invalid");
    expect(codeOf(() => parseName("\u200b\u200d"))).toBe("name_invalid");
    expect(validateItem({ description: "Серьги", stone: "\u200b", metal: "\u202eзолото" })).toEqual({ description: "Серьги", stone: null, metal: "золото", size: null });
    expect(parseName("\u202eАнна Ивановна")).toEqual({ givenName: "Анна", patronymic: "Ивановна" });
  });
});
