// A few clients who buy on a rhythm, added to the demo history's files. The
// generator's buyers come at random, so over a year almost every one of them is
// "Z" (irregular) in the owner's ABC×XYZ matrix, which is true of a jewelry
// shop but leaves the X and Y columns empty. These six fill them, one per ABC
// class each: three buy every month (X), three in two months of every three
// (Y), at amounts that place them in A, B and C against the history (A above
// about 200,000 ₽ a year, C under about 80,000). Amounts vary a little, as
// real ones do, but far less than the rhythm would allow.
import { appendFile } from "node:fs/promises";
import { addMonths, DAY_MS } from "../core/clock.ts";

interface Steady {
  /** The generator's phone style for client number 900 + i: apart from the history's 250 and the sample's. */
  name: [given: string, patronymic: string, family: string];
  /** Rubles a purchase. */
  amount: number;
  /** Buys in this many months of every three. */
  monthsOfThree: 2 | 3;
  day: number;
  item: [description: string, stone: string, metal: string];
}

const STEADY: Steady[] = [
  { name: ["Тамара", "Ивановна", "Гусева"], amount: 40_000, monthsOfThree: 3, day: 5, item: ["Подвеска-шарм", "сапфир", "золото 585"] },
  { name: ["Виктор", "Павлович", "Зайцев"], amount: 12_000, monthsOfThree: 3, day: 12, item: ["Запонки", "", "серебро 925"] },
  { name: ["Лариса", "Олеговна", "Белова"], amount: 4_000, monthsOfThree: 3, day: 18, item: ["Шарм для браслета", "", "серебро 925"] },
  { name: ["Марина", "Сергеевна", "Крылова"], amount: 60_000, monthsOfThree: 2, day: 3, item: ["Серьги", "изумруд", "золото 750"] },
  { name: ["Олег", "Николаевич", "Фролов"], amount: 18_000, monthsOfThree: 2, day: 6, item: ["Кольцо", "аметист", "золото 585"] },
  { name: ["Вера", "Андреевна", "Соболева"], amount: 5_000, monthsOfThree: 2, day: 9, item: ["Подвеска", "жемчуг", "серебро 925"] },
];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const phoneOf = (i: number) => `+7 900 000-${pad(Math.floor((900 + i) / 100))}-${pad((900 + i) % 100)}`;
const rubles = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ");

/** Appends the steady clients and `months` months of their purchases, none after `lastDay` (UTC date). */
export async function appendSteadyClients(files: { clientsFile: string; purchasesFile: string }, lastDay: Date, months: number) {
  const clients = STEADY.map((s, i) => [phoneOf(i), ...s.name, "ru", "", "", "покупает регулярно"].join(";"));
  const purchases: string[] = [];
  STEADY.forEach((s, i) => {
    for (let m = months - 1; m >= 0; m--) {
      const month = addMonths(new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth(), 1)), -m);
      const date = new Date(month.getTime() + (s.day - 1) * DAY_MS);
      if (date > lastDay || (s.monthsOfThree === 2 && (month.getUTCFullYear() * 12 + month.getUTCMonth()) % 3 === 0)) continue;
      // ±15% around the amount, the same every time for the same month.
      const amount = Math.round((s.amount * (1 + 0.15 * Math.sin(m * 2.3 + i))) / 100) * 100;
      const day = `${pad(date.getUTCDate())}.${pad(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
      purchases.push([phoneOf(i), "", day, rubles(amount), ...s.item].join(";"));
    }
  });
  await appendFile(files.clientsFile, clients.map((l) => `${l}\r\n`).join(""));
  await appendFile(files.purchasesFile, purchases.map((l) => `${l}\r\n`).join(""));
  return { clients: clients.length, purchases: purchases.length };
}
