// A row of a clients file, checked the way the bot checks what a client types
// in onboarding, so an imported client is as sound as one who signed up.
import type { CountryCode } from "libphonenumber-js";
import { compareDates, storedDate, type CivilDate } from "../calendar.ts";
import { parseDateCell, parseLanguageCell } from "./cells.ts";
import { addProblem, cellReader, createPhoneReader, readCard, readText } from "./parse-common.ts";
import type { ClientRow, RowProblem } from "./rows.ts";

const NAME_MAX = 100;
const NOTES_MAX = 1000;
const OLDEST: CivilDate = { year: 1900, month: 1, day: 1 };

/**
 * A parser for one file: it remembers the phones and cards of the rows before,
 * so the second row with the same phone (or card) is refused as a duplicate.
 * A phone counts as taken by its first row even when that row has other
 * problems: once the owner fixes that row, the later one is still a duplicate.
 */
export function createClientRowParser(header: string[], opts: { region: CountryCode; today: CivilDate }): (row: { line: number; cells: string[] }) => ClientRow | RowProblem[] {
  const cell = cellReader(header);
  const phoneOf = createPhoneReader(opts.region);
  // E.164 digits and card numbers fit a double exactly; numbers take far less room than strings.
  const phones = new Set<number>();
  const cards = new Set<number>();

  return ({ line, cells }) => {
    const problems: RowProblem[] = [];

    const rawPhone = cell(cells, "phone").trim();
    const phone = rawPhone === "" ? null : phoneOf(rawPhone);
    if (rawPhone === "") addProblem(problems, line, "phone", "phone_missing");
    else if (phone === null) addProblem(problems, line, "phone", "phone_invalid", rawPhone);
    else if (phones.has(Number(phone.slice(1)))) addProblem(problems, line, "phone", "duplicate_phone", rawPhone);
    else phones.add(Number(phone.slice(1)));

    const givenName = readText(problems, line, cell(cells, "given_name"), "given_name", NAME_MAX);
    const patronymic = readText(problems, line, cell(cells, "patronymic"), "patronymic", NAME_MAX);
    const familyName = readText(problems, line, cell(cells, "family_name"), "family_name", NAME_MAX);

    const rawLanguage = cell(cells, "language");
    const language = parseLanguageCell(rawLanguage);
    if (language === "invalid") addProblem(problems, line, "language", "language_invalid", rawLanguage);

    const rawBirthday = cell(cells, "birthday");
    const birthday = parseDateCell(rawBirthday);
    const birthdayOk = birthday !== "invalid" && (birthday === null || (compareDates(birthday, opts.today) <= 0 && compareDates(birthday, OLDEST) >= 0));
    if (!birthdayOk) addProblem(problems, line, "birthday", "birthday_invalid", rawBirthday);

    const rawCard = cell(cells, "card_number");
    const card = rawCard.trim() === "" ? null : readCard(rawCard);
    if (card?.problem) addProblem(problems, line, "card_number", card.problem, rawCard);
    else if (card && cards.has(Number(card.card))) addProblem(problems, line, "card_number", "duplicate_card", rawCard);
    else if (card) cards.add(Number(card.card));

    const notes = readText(problems, line, cell(cells, "notes"), "notes", NOTES_MAX);

    if (problems.length) return problems;
    return {
      line,
      phone: phone!,
      givenName,
      patronymic,
      familyName,
      language: language as ClientRow["language"],
      birthday: birthday && birthday !== "invalid" ? storedDate(birthday) : null,
      cardNumber: card?.card ?? null,
      notes,
    };
  };
}
