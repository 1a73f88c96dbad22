// A row of a purchases file: who bought (by phone or by card), on which day,
// for how much, and what. Whether that client exists is the importer's check
// against the database; here only what the row itself says is judged.
import type { CountryCode } from "libphonenumber-js";
import { compareDates, type CivilDate } from "../calendar.ts";
import { parseAmountCell, parseDateCell } from "./cells.ts";
import { addProblem, cellReader, createPhoneReader, readCard, readText } from "./parse-common.ts";
import type { PurchaseRow, RowProblem } from "./rows.ts";

const DESCRIPTION_MAX = 200;
const STONE_METAL_MAX = 100;

/** `maxAmount` is in minor units, as LoyaltySettings.maxPurchaseAmount is. */
export function createPurchaseRowParser(header: string[], opts: { region: CountryCode; today: CivilDate; maxAmount: number }): (row: { line: number; cells: string[] }) => PurchaseRow | RowProblem[] {
  const cell = cellReader(header);
  const phoneOf = createPhoneReader(opts.region);

  return ({ line, cells }) => {
    const problems: RowProblem[] = [];

    const rawPhone = cell(cells, "phone").trim();
    const phone = rawPhone === "" ? null : phoneOf(rawPhone);
    if (rawPhone !== "" && phone === null) addProblem(problems, line, "phone", "phone_invalid", rawPhone);
    const rawCard = cell(cells, "card_number");
    const card = rawCard.trim() === "" ? null : readCard(rawCard);
    if (card?.problem) addProblem(problems, line, "card_number", card.problem, rawCard);
    // Nothing names the client, and no bad cell already says why.
    if (rawPhone === "" && card === null) addProblem(problems, line, null, "client_missing");

    const rawDate = cell(cells, "date");
    const date = parseDateCell(rawDate);
    if (date === null) addProblem(problems, line, "date", "date_missing");
    else if (date === "invalid") addProblem(problems, line, "date", "date_invalid", rawDate);
    else if (compareDates(date, opts.today) > 0) addProblem(problems, line, "date", "date_future", rawDate);

    const rawAmount = cell(cells, "amount");
    const amount = parseAmountCell(rawAmount);
    if (amount === null) addProblem(problems, line, "amount", "amount_missing");
    else if (typeof amount === "string") addProblem(problems, line, "amount", amount, rawAmount);
    else if (amount > opts.maxAmount) addProblem(problems, line, "amount", "amount_too_large", rawAmount);

    const description = readText(problems, line, cell(cells, "description"), "description", DESCRIPTION_MAX);
    const stone = readText(problems, line, cell(cells, "stone"), "stone", STONE_METAL_MAX);
    const metal = readText(problems, line, cell(cells, "metal"), "metal", STONE_METAL_MAX);

    if (problems.length) return problems;
    return { line, phone, cardNumber: card?.card ?? null, date: date as CivilDate, amount: amount as number, description, stone, metal };
  };
}
