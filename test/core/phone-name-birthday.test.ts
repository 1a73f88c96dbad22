import { describe, expect, it } from "vitest";
import { parseBirthday } from "../../core/clients/birthday.ts";
import { parseName } from "../../core/clients/names.ts";
import { formatPhone, normalizeContactPhone, normalizePhone } from "../../core/clients/phone.ts";
import { codeOf } from "../support/errors.ts";


describe("phone numbers", () => {
  it.each([
    ["8 (900) 123-45-67", "+79001234567"],
    ["+7 900 123 45 67", "+79001234567"],
    ["79001234567", "+79001234567"],
    ["9001234567", "+79001234567"],
    ["+86 138 0013 8000", "+8613800138000"],
  ])("When %s is typed in a Russian shop, then it becomes %s", (input, e164) => {
    expect(normalizePhone(input, "RU")).toBe(e164);
  });

  it("When a Chinese shop gets a local mobile number, then it gets +86", () => {
    expect(normalizePhone("138 0013 8000", "CN")).toBe("+8613800138000");
  });

  it.each(["12345", "hello", "+7 900 12", "8 (900) 123-45-67-89-00", ""])("When %j is typed, then it is refused", (input) => {
    expect(codeOf(() => normalizePhone(input, "RU"))).toBe("phone_invalid");
  });

  it("When Telegram shares a contact without a plus, then it is read as international", () => {
    expect(normalizeContactPhone("8613800138000", "RU")).toBe("+8613800138000");
    expect(normalizeContactPhone("79001234567", "CN")).toBe("+79001234567");
  });

  it("When a number is shown to people, then it is grouped", () => {
    expect(formatPhone("+79001234567")).toBe("+7 900 123 45 67");
  });
});

describe("names", () => {
  it("When a Russian client writes name and patronymic, then both are kept", () => {
    expect(parseName("  анна   Ивановна ")).toEqual({ givenName: "Анна", patronymic: "Ивановна" });
  });
  it("When a Chinese client writes a name, then it is the given name", () => {
    expect(parseName("王芳")).toEqual({ givenName: "王芳", patronymic: null });
  });
  it.each(["", "123", "Анна <b>", "a".repeat(61), "/card"])("When the name is %j, then it is refused", (input) => {
    expect(codeOf(() => parseName(input))).toBe("name_invalid");
  });
});

describe("birthdays", () => {
  const today = new Date("2026-11-24T12:00:00Z");
  it.each([
    ["03.05.1990", "1990-05-03"],
    ["3.5.1990", "1990-05-03"],
    ["1990-05-03", "1990-05-03"],
    ["1990年5月3日", "1990-05-03"],
    ["29.02.2000", "2000-02-29"],
  ])("When %s is typed, then the date is %s", (input, iso) => {
    expect(parseBirthday(input, today).toISOString().slice(0, 10)).toBe(iso);
  });
  it.each(["31.02.1990", "29.02.2001", "00.01.1990", "13/13/1990", "завтра", "01.01.1800"])(
    "When %s is typed, then it is refused as impossible",
    (input) => {
      expect(codeOf(() => parseBirthday(input, today))).toBe("birthday_invalid");
    },
  );
  it("When the date is in the future, then it is refused", () => {
    expect(codeOf(() => parseBirthday("01.01.2030", today))).toBe("birthday_future");
  });
});
