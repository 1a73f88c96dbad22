// Checking the rows of an imported spreadsheet: each cell parser on its own,
// then the clients' and the purchases' rows with every problem they can have.
import { describe, expect, it } from "vitest";
import { parseAmountCell, parseDateCell, parseLanguageCell } from "../../core/data/cells.ts";
import { checkHeader, detectKind } from "../../core/data/columns.ts";
import { createClientRowParser } from "../../core/data/parse-clients.ts";
import { createPurchaseRowParser } from "../../core/data/parse-purchases.ts";
import { openTable } from "../../core/data/read-table.ts";
import type { RowProblem } from "../../core/data/rows.ts";
import { formatCardNumber, luhnCheckDigit } from "../../core/loyalty/card-number.ts";

const today = { year: 2025, month: 12, day: 31 };
const card = (payload: string) => payload + luhnCheckDigit(payload);
const CARD = card("27345678901");
const OTHER_CARD = card("31415926535");
const BAD_CHECK = CARD.slice(0, -1) + ((Number(CARD.at(-1)) + 1) % 10);
const codes = (result: unknown) => (Array.isArray(result) ? (result as RowProblem[]).map((p) => `${p.column}:${p.problem}`) : result);

describe("cells", () => {
  it("When an amount is written with spaces, commas, a currency or a sign, then it becomes exact minor units", () => {
    const cases: [string, ReturnType<typeof parseAmountCell>][] = [
      ["12 345,50", 1234550],
      ["12345.5", 1234550],
      ["12 345", 1234500],
      ["12\u00a0345,5", 1234550],
      ["12\u202f345", 1234500],
      ["1 234,56 ₽", 123456],
      ["1234 руб.", 123400],
      ["99 р.", 9900],
      ["¥12,800", 1280000],
      ["￥12,800.10", 1280010],
      ["12800元", 1280000],
      ["RUB 100", 10000],
      ["100 CNY", 10000],
      ["0,01", 1],
      ["", null],
      ["   ", null],
      ["12345.678", "amount_invalid"],
      ["12,3456", "amount_invalid"],
      ["abc", "amount_invalid"],
      ["12 345 руб 50", "amount_invalid"],
      ["0", "amount_invalid"],
      ["0,00", "amount_invalid"],
      ["-100", "amount_negative"],
      ["−1 500,50 ₽", "amount_negative"],
      ["(1 234,56)", "amount_negative"],
      ["-abc", "amount_invalid"],
      ["12345678901234", "amount_too_large"],
    ];
    for (const [cell, expected] of cases) expect([cell, parseAmountCell(cell)]).toEqual([cell, expected]);
  });

  it("When a date is written as Excel or an owner would, then it is that calendar day; 31.02 is invalid", () => {
    const d = (year: number, month: number, day: number) => ({ year, month, day });
    expect(parseDateCell("31.12.2025")).toEqual(d(2025, 12, 31));
    expect(parseDateCell("1.2.2025")).toEqual(d(2025, 2, 1));
    expect(parseDateCell("2025-12-31")).toEqual(d(2025, 12, 31));
    expect(parseDateCell("31/12/2025")).toEqual(d(2025, 12, 31));
    expect(parseDateCell("2025/1/5")).toEqual(d(2025, 1, 5));
    expect(parseDateCell(" 31.12.2025 14:30 ")).toEqual(d(2025, 12, 31));
    expect(parseDateCell("2025-12-31T14:30:00")).toEqual(d(2025, 12, 31));
    expect(parseDateCell("1990年5月3日")).toEqual(d(1990, 5, 3));
    expect(parseDateCell("29.02.2024")).toEqual(d(2024, 2, 29));
    expect(parseDateCell("")).toBeNull();
    for (const bad of ["31.02.1990", "29.02.2025", "13/13/2025", "1899-12-31", "завтра", "31.12.25", "31.12.2025 лето"]) expect([bad, parseDateCell(bad)]).toEqual([bad, "invalid"]);
  });

  it("When a language is written in Russian, Chinese or English, then it is ru or zh", () => {
    for (const ru of ["ru", "RU", "русский", "Russian", "рус."]) expect(parseLanguageCell(ru)).toBe("ru");
    for (const zh of ["zh", "cn", "中文", "Китайский", "chinese"]) expect(parseLanguageCell(zh)).toBe("zh");
    expect(parseLanguageCell(" ")).toBeNull();
    expect(parseLanguageCell("english")).toBe("invalid");
  });
});

describe("client rows", () => {
  const header = ["phone", "given_name", "patronymic", "family_name", "language", "birthday", "card_number", "notes", "цвет"];
  const parser = () => createClientRowParser(header, { region: "RU", today });
  const row = (line: number, over: Partial<Record<(typeof header)[number], string>>) => ({
    line,
    cells: header.map((c) => over[c] ?? ({ phone: "+7 900 123-45-67", given_name: " Мария ", birthday: "03.05.1990" } as Record<string, string>)[c] ?? ""),
  });

  it("When a row is sound, then it becomes a client with an E.164 phone, a UTC-midnight birthday and blanks as null", () => {
    expect(parser()(row(2, { language: "русский", card_number: formatCardNumber(CARD), notes: "любит жемчуг", цвет: "ignored" }))).toEqual({
      line: 2,
      phone: "+79001234567",
      givenName: "Мария",
      patronymic: null,
      familyName: null,
      language: "ru",
      birthday: new Date(Date.UTC(1990, 4, 3)),
      cardNumber: CARD,
      notes: "любит жемчуг",
    });
  });

  it("When a phone is written '8 900 …' or without '+', then the region decides it", () => {
    expect(parser()(row(2, { phone: "8 (900) 123-45-67" }))).toMatchObject({ phone: "+79001234567" });
    const cn = createClientRowParser(header, { region: "CN", today });
    expect(cn(row(2, { phone: "138 0013 8000" }))).toMatchObject({ phone: "+8613800138000" });
    expect(cn(row(3, { phone: "8613900139000" }))).toMatchObject({ phone: "+8613900139000" });
  });

  it("When cells are wrong, then the row gets one problem per cell, naming the column and the cell cut to 40 characters", () => {
    const long = "Я".repeat(101);
    const result = parser()(row(7, { phone: "12345", given_name: long, language: "english", birthday: "31.02.1990", card_number: "1234", notes: "x".repeat(1001) }));
    expect(codes(result)).toEqual(["phone:phone_invalid", "given_name:text_too_long", "language:language_invalid", "birthday:birthday_invalid", "card_number:card_number_invalid", "notes:text_too_long"]);
    expect((result as RowProblem[])[1]).toEqual({ line: 7, column: "given_name", problem: "text_too_long", value: "Я".repeat(40) });
  });

  it("When the phone is blank, the birthday is in the future or before 1900, or the card's check digit is wrong, then each is named", () => {
    const parse = parser();
    expect(codes(parse(row(2, { phone: " " })))).toEqual(["phone:phone_missing"]);
    expect(codes(parse(row(3, { phone: "+79001110001", birthday: "01.01.2026" })))).toEqual(["birthday:birthday_invalid"]);
    expect(codes(parse(row(4, { phone: "+79001110002", birthday: "31.12.1899" })))).toEqual(["birthday:birthday_invalid"]);
    expect(codes(parse(row(5, { phone: "+79001110003", card_number: BAD_CHECK })))).toEqual(["card_number:card_check_digit"]);
    expect(parse(row(6, { phone: "+79001110004", birthday: "2025-12-31" }))).toMatchObject({ birthday: new Date(Date.UTC(2025, 11, 31)) });
  });

  it("When the same phone (in any format) or card comes again, then the later rows are duplicates", () => {
    const parse = parser();
    expect(parse(row(2, { card_number: CARD }))).toMatchObject({ phone: "+79001234567" });
    expect(codes(parse(row(3, { phone: "89001234567", card_number: OTHER_CARD })))).toEqual(["phone:duplicate_phone"]);
    expect(codes(parse(row(4, { phone: "+79001234568", card_number: formatCardNumber(CARD) })))).toEqual(["card_number:duplicate_card"]);
    expect(codes(parse(row(5, { phone: "+7 900 123 45 67" })))).toEqual(["phone:duplicate_phone"]);
    expect(parser()(row(2, {}))).toMatchObject({ phone: "+79001234567" }); // the next file starts afresh
  });
});

describe("purchase rows", () => {
  const header = ["phone", "card_number", "date", "amount", "description", "stone", "metal"];
  const parser = createPurchaseRowParser(header, { region: "RU", today, maxAmount: 10_000_000 });
  const row = (line: number, over: Partial<Record<string, string>>) => ({
    line,
    cells: header.map((c) => over[c] ?? ({ phone: "89001234567", date: "31.12.2025 14:30", amount: "1 234,56 ₽" } as Record<string, string>)[c] ?? ""),
  });

  it("When a row is sound, then it becomes a purchase: the day, minor units, blanks as null", () => {
    expect(parser(row(2, { description: " Кольцо «Аврора» ", stone: "бриллиант", metal: "Au 585" }))).toEqual({
      line: 2,
      phone: "+79001234567",
      cardNumber: null,
      date: { year: 2025, month: 12, day: 31 },
      amount: 123456,
      description: "Кольцо «Аврора»",
      stone: "бриллиант",
      metal: "Au 585",
    });
    expect(parser(row(3, { phone: "", card_number: CARD }))).toMatchObject({ phone: null, cardNumber: CARD });
  });

  it("When nothing names the client, then client_missing; a bad phone or card is named instead", () => {
    expect(parser(row(2, { phone: "" }))).toEqual([{ line: 2, column: null, problem: "client_missing", value: "" }]);
    expect(codes(parser(row(3, { phone: "8 900" })))).toEqual(["phone:phone_invalid"]);
    expect(codes(parser(row(4, { phone: "", card_number: BAD_CHECK })))).toEqual(["card_number:card_check_digit"]);
    expect(codes(parser(row(5, { phone: "", card_number: "12-34" })))).toEqual(["card_number:card_number_invalid"]);
  });

  it("When the date is blank, impossible or after today, then date_missing, date_invalid or date_future", () => {
    expect(codes(parser(row(2, { date: "" })))).toEqual(["date:date_missing"]);
    expect(codes(parser(row(3, { date: "31.02.2025" })))).toEqual(["date:date_invalid"]);
    expect(codes(parser(row(4, { date: "01.01.2026" })))).toEqual(["date:date_future"]);
  });

  it("When the amount is blank, garbage, zero, negative or above the maximum, then each is named with the cell", () => {
    expect(codes(parser(row(2, { amount: "" })))).toEqual(["amount:amount_missing"]);
    expect(codes(parser(row(3, { amount: "много" })))).toEqual(["amount:amount_invalid"]);
    expect(codes(parser(row(4, { amount: "0" })))).toEqual(["amount:amount_invalid"]);
    expect(parser(row(5, { amount: "-5 000" }))).toEqual([{ line: 5, column: "amount", problem: "amount_negative", value: "-5 000" }]);
    expect(codes(parser(row(6, { amount: "100 000,01" })))).toEqual(["amount:amount_too_large"]);
    expect(parser(row(7, { amount: "100 000,00" }))).toMatchObject({ amount: 10_000_000 });
  });

  it("When a description passes 200 characters or a stone or metal 100, then text_too_long", () => {
    expect(codes(parser(row(2, { description: "d".repeat(201), stone: "s".repeat(101), metal: "m".repeat(100) })))).toEqual(["description:text_too_long", "stone:text_too_long"]);
    expect(parser(row(3, { description: "描".repeat(200) }))).toMatchObject({ description: "描".repeat(200) });
  });
});

describe("a file from header to rows", () => {
  it("When a Chinese-headed purchases CSV is opened and parsed, then its kind, rows and problems line up with its lines", async () => {
    const text = `手机,会员卡号,日期,金额,商品\n13800138000,,2025/12/01,"12,800元",翡翠手镯\n,,2025/12/02,500,\n\n,${CARD},2025/12/03,"(500)",耳环\n`;
    const table = await openTable({ bytes: new TextEncoder().encode(text) }, "purchases.csv");
    expect(detectKind(table.header)).toBe("purchases");
    expect(checkHeader("purchases", table.header)).toBeNull();
    const parse = createPurchaseRowParser(table.header, { region: "CN", today, maxAmount: 10_000_000 });
    const results = [];
    for await (const row of table.rows()) results.push(parse(row));
    expect(results[0]).toMatchObject({ line: 2, phone: "+8613800138000", amount: 1_280_000, description: "翡翠手镯" });
    expect(results.slice(1)).toEqual([
      [{ line: 3, column: null, problem: "client_missing", value: "" }],
      [{ line: 5, column: "amount", problem: "amount_negative", value: "(500)" }],
    ]);
  });
});
