// The spreadsheets a shop moving to the bot would bring: a clients file and a
// purchases file as a Russian Excel saves them (UTF-8 with a BOM, ";" between
// cells, "12 345,50" amounts, dd.mm.yyyy dates), generated from a seed so the
// same options always give the same bytes. The sandbox imports a small shop's
// years of history from them and offers a sample with broken rows; the data
// benchmark writes 100,000 clients and 1,000,000 purchases the same way.
// Rows are written as they are made, so a million of them take no memory.
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { DAY_MS } from "../core/clock.ts";
import { luhnCheckDigit } from "../core/loyalty/card-number.ts";

export interface SpreadsheetOptions {
  clients: number;
  purchases: number;
  /** Purchases fall in the `years` before `now`, more of them in December and before 8 March. */
  now: Date;
  years: number;
  seed?: number;
  /** A few rows a real file would have wrong: a short phone, 31.02, a negative amount, an unknown card… */
  broken?: boolean;
}

export interface WrittenSpreadsheets {
  clientsFile: string;
  purchasesFile: string;
  /** Lines (as a spreadsheet numbers them) of the rows written wrong on purpose. */
  brokenClientLines: number[];
  brokenPurchaseLines: number[];
}

const RU_GIVEN_F = ["Анна", "Мария", "Елена", "Ольга", "Ирина", "Светлана", "Наталья", "Татьяна", "Екатерина", "Юлия"];
const RU_GIVEN_M = ["Иван", "Дмитрий", "Сергей", "Алексей", "Андрей", "Михаил", "Павел", "Николай"];
const RU_PATRONYMIC_F = ["Ивановна", "Сергеевна", "Петровна", "Андреевна", "Алексеевна", "Николаевна"];
const RU_PATRONYMIC_M = ["Иванович", "Сергеевич", "Петрович", "Андреевич", "Алексеевич", "Николаевич"];
const RU_FAMILY = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Морозов", "Волков", "Новиков", "Орлов"];
const ZH_FAMILY = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"];
const ZH_GIVEN = ["芳", "伟", "静", "丽", "婷", "敏", "军", "洋"];
const ITEMS = ["Кольцо", "Серьги", "Подвеска", "Браслет", "Колье", "Брошь", "Обручальное кольцо", "Запонки"];
const STONES = ["бриллиант", "сапфир", "изумруд", "рубин", "танзанит", "жемчуг", "аметист", "", ""];
const METALS = ["золото 585", "золото 750", "белое золото 585", "серебро 925", "платина 950"];

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const ddmmyyyy = (d: Date) => `${pad(d.getUTCDate(), 2)}.${pad(d.getUTCMonth() + 1, 2)}.${d.getUTCFullYear()}`;
/** "12 345,50" as Excel shows money in a Russian locale (whole amounts without kopecks). */
const rubles = (minor: number) => {
  const whole = String(Math.floor(minor / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return minor % 100 === 0 ? whole : `${whole},${pad(minor % 100, 2)}`;
};
const csvCell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The client's phone as people type it, in one of several formats; distinct for every index. */
function phoneOf(i: number, chinese: boolean, style: number): string {
  if (chinese) return `+86 138 ${pad(Math.floor(i / 10_000) % 10_000, 4)} ${pad(i % 10_000, 4)}`;
  const n = pad(i, 7);
  const local = `9${pad(Math.floor(i / 10_000_000), 2)}`;
  if (style === 0) return `+7 ${local} ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`;
  if (style === 1) return `8 (${local}) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`;
  return `7${local}${n}`;
}

/** A valid 12-digit card number, distinct for every index (the importer checks the Luhn digit). */
export function cardOf(i: number): string {
  const payload = `5${pad(i, 10)}`;
  return payload + luhnCheckDigit(payload);
}

class Sheet {
  private readonly out: WriteStream;
  line = 1;
  constructor(file: string, header: string[]) {
    this.out = createWriteStream(file);
    this.out.write(`\ufeff${header.join(";")}\r\n`);
  }
  async row(cells: string[]) {
    this.line++;
    if (!this.out.write(`${cells.map(csvCell).join(";")}\r\n`)) await once(this.out, "drain");
  }
  async close() {
    this.out.end();
    await once(this.out, "finish");
  }
}

/** Writes clients.csv and purchases.csv into `dir`. */
export async function writeShopSpreadsheets(dir: string, opts: SpreadsheetOptions): Promise<WrittenSpreadsheets> {
  const random = prng(opts.seed ?? 11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const clientsFile = `${dir}/clients.csv`;
  const purchasesFile = `${dir}/purchases.csv`;
  const brokenClientLines: number[] = [];
  const brokenPurchaseLines: number[] = [];
  const isChinese = (i: number) => i % 7 === 3;
  const hasCard = (i: number) => i % 5 !== 0;

  const clients = new Sheet(clientsFile, ["phone", "given_name", "patronymic", "family_name", "language", "birthday", "card_number", "notes"]);
  for (let i = 0; i < opts.clients; i++) {
    const chinese = isChinese(i);
    const female = random() < 0.7;
    const born = new Date(Date.UTC(1950 + Math.floor(random() * 50), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
    const cells = chinese
      ? [phoneOf(i, true, 0), pick(ZH_GIVEN), "", pick(ZH_FAMILY), "zh", random() < 0.6 ? ddmmyyyy(born) : "", hasCard(i) ? cardOf(i) : "", ""]
      : [
          phoneOf(i, false, i % 3),
          female ? pick(RU_GIVEN_F) : pick(RU_GIVEN_M),
          female ? pick(RU_PATRONYMIC_F) : pick(RU_PATRONYMIC_M),
          pick(RU_FAMILY) + (female ? "а" : ""),
          "ru",
          random() < 0.7 ? ddmmyyyy(born) : "",
          hasCard(i) ? cardOf(i) : "",
          random() < 0.05 ? "любит классику; размер кольца 17" : "",
        ];
    await clients.row(cells);
  }
  if (opts.broken) {
    for (const cells of [
      ["8 900 12", "Вера", "", "Короткова", "ru", "", "", "телефон записан не полностью"],
      ["+7 901 555-12-34", "Галина", "Петровна", "Фёдорова", "ru", "31.02.1985", "", ""],
      ["+7 902 555-12-35", "Роман", "", "Ершов", "ru", "", "2734 5678 9013", "опечатка в номере карты"],
      [phoneOf(0, false, 0), "Анна", "", "Дубликат", "ru", "", "", "тот же телефон, что в строке 2"],
    ]) {
      await clients.row(cells);
      brokenClientLines.push(clients.line);
    }
  }
  await clients.close();

  const purchases = new Sheet(purchasesFile, ["phone", "card_number", "date", "amount", "description", "stone", "metal"]);
  const span = opts.years * 365;
  for (let k = 0; k < opts.purchases; k++) {
    // Low indices buy far more often: a few clients bring most of the revenue, as in a real shop.
    const i = Math.min(opts.clients - 1, Math.floor(opts.clients * random() ** 2.2));
    let date = new Date(opts.now.getTime() - Math.floor(random() * span) * DAY_MS);
    // Gifts: a share of purchases falls in the ten days before New Year or 8 March.
    if (random() < 0.15) {
      const year = date.getUTCFullYear();
      const holiday = random() < 0.6 ? Date.UTC(year, 11, 31) : Date.UTC(year, 2, 8);
      const candidate = holiday - Math.floor(random() * 10) * DAY_MS;
      if (candidate <= opts.now.getTime() && candidate > opts.now.getTime() - span * DAY_MS) date = new Date(candidate);
    }
    const amount = Math.round((3_000 + 200_000 * random() ** 3) * (i < opts.clients * 0.05 ? 2 : 1)) * 100 + (random() < 0.2 ? Math.floor(random() * 100) : 0);
    const byCard = hasCard(i) && random() < 0.3;
    await purchases.row([byCard ? "" : phoneOf(i, isChinese(i), k % 3), byCard ? cardOf(i) : "", ddmmyyyy(date), rubles(amount), pick(ITEMS), pick(STONES), pick(METALS)]);
  }
  if (opts.broken) {
    for (const cells of [
      [phoneOf(1, false, 0), "", "31.02.2026", "15 000", "Кольцо", "сапфир", "золото 585"],
      [phoneOf(2, false, 0), "", ddmmyyyy(opts.now), "-5 000", "Возврат серёг", "", "серебро 925"],
      ["", cardOf(opts.clients + 7), ddmmyyyy(opts.now), "42 000", "Подвеска", "танзанит", "белое золото 585"],
      [phoneOf(3, false, 0), "", ddmmyyyy(opts.now), "", "Браслет", "", "золото 585"],
    ]) {
      await purchases.row(cells);
      brokenPurchaseLines.push(purchases.line);
    }
  }
  await purchases.close();
  return { clientsFile, purchasesFile, brokenClientLines, brokenPurchaseLines };
}
