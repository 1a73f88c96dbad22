import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_MS, fixedClock } from "../../core/clock.ts";
import { sqliteFileFromUrl } from "../../core/db/client.ts";
import { createDataImport, type ImportCheck, type ImportMode } from "../../core/data/import.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createCounterClient } from "../../core/clients/counter.ts";
import { card, clientsCsv } from "../support/data-files.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const OWNER = 1;
const SELLER = { telegramId: 50, role: "staff" as const };
const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));
let t: TestDb;
let imports: ReturnType<typeof createDataImport>;

beforeEach(async () => {
  t = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  imports = createDataImport(t.db, clock, { timeZone: "Europe/Moscow", region: "RU", currency: "RUB", chunkRows: 2, progressEveryMs: 0 });
});
afterEach(() => t.close());

const BAD_FILE = clientsCsv([
  { phone: "+7 900 111-22-33", given_name: "Анна", patronymic: "Ивановна", family_name: "Смирнова", birthday: "03.05.1990", card_number: card(1), notes: "любит сапфиры" },
  { phone: "8 900", given_name: "Вера" }, // line 3: not a phone
  { phone: "+7 900 111-22-34", given_name: "Галина", birthday: "31.02.1985" }, // line 4: no such day
  { phone: "8 (900) 111-22-33", given_name: "Дубликат" }, // line 5: Анна's phone again
  { phone: "+7 900 111-22-35", given_name: "Олег", language: "zh" },
]);

async function checked(bytes: Uint8Array, name = "clients.csv"): Promise<ImportCheck> {
  const check = await imports.check({ bytes }, name);
  if ("fileProblem" in check) throw new Error(`file problem ${check.fileProblem.problem}`);
  return check;
}

async function importFile(bytes: Uint8Array, mode: ImportMode = "valid_only") {
  const check = await checked(bytes);
  const id = await imports.save(check, { fileName: "clients.csv", actorTelegramId: OWNER });
  expect(await imports.claim(id, mode)).toBe(true);
  return imports.run(id, { bytes });
}

/** The scratch copies of checked files beside the database. */
const stages = () => readdirSync(join(dirname(sqliteFileFromUrl(t.url)), "import-stage"));

const tableCounts = async () => ({
  clients: await t.db.client.count(),
  cards: await t.db.card.count(),
  notes: await t.db.note.count(),
  purchases: await t.db.purchase.count(),
  items: await t.db.purchaseItem.count(),
  points: await t.db.pointsEntry.count(),
});

describe("the dry run of a clients file", () => {
  it("When a file has a bad phone, a 31.02 birthday and a duplicate, then each line is named with its reason and nothing is written", async () => {
    const before = await tableCounts();
    const check = await checked(BAD_FILE);
    expect(check).toMatchObject({ kind: "clients", total: 5, valid: 2, problemCount: 3, newClients: 2, knownClients: 0 });
    expect(check.problems).toEqual([
      { line: 3, column: "phone", problem: "phone_invalid", value: "8 900" },
      { line: 4, column: "birthday", problem: "birthday_invalid", value: "31.02.1985" },
      { line: 5, column: "phone", problem: "duplicate_phone", value: "8 (900) 111-22-33" },
    ]);
    expect(await tableCounts()).toEqual(before);
    expect(await t.db.dataImport.count()).toBe(0);
  });

  it("When the header names neither clients nor purchases, then the file is refused without a kind", async () => {
    const refused = await imports.check({ bytes: new TextEncoder().encode("foo,bar\n1,2\n") }, "x.csv");
    expect(refused).toEqual({ fileProblem: { problem: "header_missing" }, kind: null });
  });

  it("When the text turns out not to be UTF-8 far into the file, then the file is refused as an encoding problem of a clients file", async () => {
    const good = clientsCsv(Array.from({ length: 20_000 }, (_, i) => ({ phone: `+7900${String(i).padStart(7, "0")}`, given_name: "Анна" })));
    const bytes = Buffer.concat([good, Buffer.from("+79001112233,\xff\xfe\n", "latin1")]);
    expect(await imports.check({ bytes }, "clients.csv")).toEqual({ fileProblem: { problem: "encoding" }, kind: "clients" });
    expect(stages()).toEqual([]);
  });

  it("When a card number in the file is another client's, then that row is card_taken", async () => {
    const other = await createCounterClient(t.db, SELLER, "RU", { phone: "+79005550000" });
    const taken = (await t.db.card.findUniqueOrThrow({ where: { clientId: other.client.id } })).number;
    const check = await checked(clientsCsv([{ phone: "+79001112233", given_name: "Анна", card_number: taken }]));
    expect(check).toMatchObject({ valid: 0, problemCount: 1, problems: [{ line: 2, column: "card_number", problem: "card_taken", value: taken }] });
  });
});

describe("importing clients", () => {
  it("When valid_only is chosen, then the good rows become clients with cards and notes, and one audit entry", async () => {
    const run = await importFile(BAD_FILE);
    expect(run).toMatchObject({ status: "done", mode: "valid_only", created: 2, updated: 0, unchanged: 0 });
    const anna = await t.db.client.findUniqueOrThrow({ where: { phone: "+79001112233" }, include: { card: true, notes: true, tier: true } });
    expect(anna).toMatchObject({ givenName: "Анна", patronymic: "Ивановна", familyName: "Смирнова", source: "import", language: "ru", nameSearch: "анна ивановна смирнова" });
    expect(anna.birthday?.toISOString()).toBe("1990-05-03T00:00:00.000Z");
    expect(anna.card?.number).toBe(card(1));
    expect(anna.notes.map((n) => [n.text, n.authorTelegramId])).toEqual([["любит сапфиры", BigInt(OWNER)]]);
    expect(anna.tier?.code).toBe("classic");
    const oleg = await t.db.client.findUniqueOrThrow({ where: { phone: "+79001112235" }, include: { card: true } });
    expect(oleg.language).toBe("zh");
    expect(oleg.card?.number).toMatch(/^\d{12}$/);
    expect(oleg.referralCode).not.toBe(anna.referralCode);
    const audit = await t.db.auditLog.findMany({ where: { action: "data.import" } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details!)).toMatchObject({ kind: "clients", fileName: "clients.csv", created: 2, skipped: 3 });
  });

  it("When all_or_nothing is chosen and a row is bad, then nothing is imported and the import failed with has_problems", async () => {
    const run = await importFile(BAD_FILE, "all_or_nothing");
    expect(run).toMatchObject({ status: "failed", error: "has_problems", created: 0 });
    expect(await t.db.client.count()).toBe(0);
  });

  it("When the same file is imported twice, then the second run changes nothing", async () => {
    await importFile(BAD_FILE);
    const after = await tableCounts();
    const again = await importFile(BAD_FILE);
    expect(again).toMatchObject({ status: "done", created: 0, updated: 0, unchanged: 2 });
    expect(await tableCounts()).toEqual(after);
  });

  it("When a known client is in the file, then only their empty fields are filled and the note is added once", async () => {
    const known = (await createCounterClient(t.db, SELLER, "RU", { phone: "+79001112233", name: "Аня" })).client;
    await t.db.client.update({ where: { id: known.id }, data: { language: "zh" } });
    const cardBefore = await t.db.card.findUniqueOrThrow({ where: { clientId: known.id } });
    const run = await importFile(clientsCsv([{ phone: "+79001112233", given_name: "Анна", patronymic: "Ивановна", family_name: "Смирнова", language: "ru", birthday: "03.05.1990", card_number: card(9), notes: "любит сапфиры" }]));
    expect(run).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const after = await t.db.client.findUniqueOrThrow({ where: { id: known.id }, include: { card: true, notes: true } });
    // Her own "Аня" and language stay; the family name, patronymic and birthday were empty and are filled.
    expect(after).toMatchObject({ givenName: "Аня", patronymic: "Ивановна", familyName: "Смирнова", language: "zh", source: "counter", nameSearch: "аня ивановна смирнова" });
    expect(after.birthday?.toISOString()).toBe("1990-05-03T00:00:00.000Z");
    expect(after.card?.number).toBe(cardBefore.number);
    expect(after.notes.map((n) => n.text)).toEqual(["любит сапфиры"]);
  });

  it("When the bot writes while a file is imported, then its writes get through between the import's chunks", async () => {
    const file = clientsCsv(Array.from({ length: 40 }, (_, i) => ({ phone: `+7900555${String(i).padStart(4, "0")}`, given_name: "Клиент" })));
    let chunks = 0;
    let running = true;
    const botWritesAt: number[] = [];
    // A bot waits on Telegram between updates: each write comes on a new turn of the event loop.
    const bot = (async () => {
      while (running) {
        await new Promise((resolve) => setImmediate(resolve));
        await t.db.auditLog.create({ data: { actorRole: "staff", action: "bot.was.here", entity: "test" } });
        botWritesAt.push(chunks);
      }
    })();
    const id = await imports.save(await checked(file), { fileName: "clients.csv", actorTelegramId: OWNER });
    await imports.claim(id, "valid_only");
    await imports.run(id, { bytes: file }, (p) => {
      if (p.phase === "writing") chunks++;
    });
    running = false;
    await bot;
    expect(chunks).toBe(20);
    // Writes finished while the import was between its first and its last chunk.
    expect(botWritesAt.filter((c) => c > 0 && c < 20).length).toBeGreaterThan(0);
  });

  it("When claim is tapped twice, then only the first starts a run; a cancelled check cannot be claimed", async () => {
    const check = await checked(BAD_FILE);
    const id = await imports.save(check, { fileName: "clients.csv", actorTelegramId: OWNER, chatId: 77, language: "zh" });
    expect(await imports.get(id)).toMatchObject({ status: "checked", totalRows: 5, validRows: 2, badRows: 3, chatId: 77n, language: "zh" });
    expect(await Promise.all([imports.claim(id, "valid_only"), imports.claim(id, "valid_only")])).toEqual([true, false]);
    expect(await imports.cancel(id)).toBe(false);
    const other = await imports.save(check, { fileName: "clients.csv", actorTelegramId: OWNER });
    expect(await imports.cancel(other)).toBe(true);
    expect(await imports.claim(other, "valid_only")).toBe(false);
  });

  it("When the run comes the next day, then it reads the file again (its check's stage no longer fits) and imports the same", async () => {
    const id = await imports.save(await checked(BAD_FILE), { fileName: "clients.csv", actorTelegramId: OWNER });
    await imports.claim(id, "valid_only");
    clock.advance(DAY_MS);
    try {
      const seen: unknown[] = [];
      expect(await imports.run(id, { bytes: BAD_FILE }, (p) => void seen.push(p))).toMatchObject({ status: "done", created: 2, validRows: 2, badRows: 3 });
      expect(seen[0]).toEqual({ phase: "reading", done: 5, total: 5 });
      // Yesterday's stage was judged with yesterday's date: left alone (and removed a day later).
      expect(stages()).toHaveLength(1);
    } finally {
      clock.advance(-DAY_MS);
    }
  });

  it("When an import is done or a check cancelled, then no staged copy of a file is left beside the database", async () => {
    await importFile(BAD_FILE);
    expect(stages()).toEqual([]);
    const id = await imports.save(await checked(BAD_FILE), { fileName: "clients.csv", actorTelegramId: OWNER });
    expect(stages()).toHaveLength(1);
    await imports.cancel(id);
    expect(stages()).toEqual([]);
  });

  it("When the file given to the run is not the one checked, then nothing is imported (file_changed)", async () => {
    const id = await imports.save(await checked(BAD_FILE), { fileName: "clients.csv", actorTelegramId: OWNER });
    await imports.claim(id, "valid_only");
    const run = await imports.run(id, { bytes: clientsCsv([{ phone: "+79001112233", given_name: "Анна" }]) });
    expect(run).toMatchObject({ status: "failed", error: "file_changed" });
    expect(await t.db.client.count()).toBe(0);
  });
});
