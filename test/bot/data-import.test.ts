// The owner's import of a spreadsheet through the bot: the file sent as a
// document, the dry run in the owner's language, confirm, the run in the
// background and its result; what others send is not taken for an import.
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";
import { Api } from "grammy";
import { createDownload } from "../../bot/helpers/download.ts";
import { hasKey, LANGUAGES } from "../../bot/i18n.ts";
import { CLIENT_COLUMNS, FILE_PROBLEMS, PURCHASE_COLUMNS, ROW_PROBLEMS } from "../../core/data/rows.ts";
import { luhnCheckDigit } from "../../core/loyalty/card-number.ts";
import { startBotApiServer } from "../../sandbox/bot-api-server.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const zhOwner: Person = { id: 2, first_name: "丽", language_code: "zh" };
const seller: Person = { id: 50, first_name: "Игорь", language_code: "ru" };
const anna: Person = { id: 101, first_name: "Анна", language_code: "ru" };

const test = botTest({ ownerIds: [1, 2] });

const CLIENTS_CSV = [
  "Телефон;Имя;Фамилия;Дата рождения",
  "+7 900 111-22-33;Мария;Смирнова;03.05.1990",
  "8 900;Борис;Иванов;",
  "+7 900 111-22-44;Вера;Петрова;31.02.1990",
  "+7 900 111-22-55;Дарья;Орлова;",
].join("\n");

/** A person sends a file "as a file": the fake Telegram keeps its bytes for getFile. */
async function sendFile(h: Harness, from: Person, content: string | Uint8Array, fileName: string, mimeType = "text/csv") {
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
  const doc = h.telegram.receiveDocument(bytes, { file_name: fileName, mime_type: mimeType });
  await h.document(from, { fileId: doc.file_id, mimeType, fileName, size: bytes.length });
}

/** The background run has edited the progress message into its result. */
const waitForResult = (h: Harness, p: Person) =>
  vi.waitFor(() => expect(h.lastTextTo(p)).toMatch(/^(✅|❌)/), { timeout: 10_000, interval: 20 });

const importRows = (h: Harness) => h.services.db.dataImport.findMany();

describe("import texts", () => {
  it("When a row, a file or a column has a problem, then every code has its text in every language", () => {
    const keys = [...ROW_PROBLEMS.map((c) => `data.problem.${c}`), ...FILE_PROBLEMS.map((c) => `data.file_problem.${c}`), ...[...CLIENT_COLUMNS, ...PURCHASE_COLUMNS].map((c) => `data.column.${c}`)];
    for (const lang of LANGUAGES) expect(keys.filter((k) => !hasKey(k, lang)), lang).toEqual([]);
  });
});

describe("download", () => {
  it("When the sandbox's stand-in holds a file a person sent, then the bot reads its bytes from the API root, as from Telegram", async () => {
    const token = "123456:TEST-TOKEN-download";
    const server = await startBotApiServer({ token });
    try {
      const bytes = Buffer.from("Телефон;Имя\n+79001112233;Мария\n");
      const doc = server.telegram.receiveDocument(bytes, { file_name: "клиенты.csv", mime_type: "text/csv" });
      const read = await createDownload(token, { apiRoot: server.url })(new Api(token, { apiRoot: server.url }), doc.file_id);
      expect(Buffer.from(read).equals(bytes)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe("import by file", () => {
  test("When the owner sends a clients CSV with broken rows, then the dry run names each line and reason in Russian, and nothing is written yet", async ({ h }) => {
    await sendFile(h, owner, CLIENTS_CSV, "клиенты.csv");
    const text = h.lastTextTo(owner);
    expect(text).toContain("Файл «клиенты.csv»: клиенты.");
    expect(text).toContain("Строк: 4. Без ошибок: 2. С ошибками: 2.");
    expect(text).toContain("Новых клиентов: 2, уже есть в базе: 0.");
    expect(text).toContain("строка 3, телефон «8 900»: не номер телефона");
    expect(text).toMatch(/строка 4, день рождения «31\.02\.1990»: не дата рождения/);
    expect(h.buttonsOf(owner)).toEqual([expect.stringMatching(/^dataimp:go:\d+:valid_only$/), expect.stringMatching(/^dataimp:cancel:\d+$/)]);
    expect(h.telegram.lastCall("sendMessage")!.payload.reply_markup).toMatchObject({ inline_keyboard: [[{ text: "✅ Загрузить верные: 2 строки" }], [{ text: "✖️ Ничего не загружать" }]] });
    expect(await h.services.db.client.count()).toBe(0);
  });

  test("When a Chinese owner sends the same file, then the dry run is in Chinese", async ({ h }) => {
    await sendFile(h, zhOwner, CLIENTS_CSV, "clients.csv");
    const text = h.lastTextTo(zhOwner);
    expect(text).toContain("文件“clients.csv”：客户。");
    expect(text).toContain("共 4 行，无误 2 行，有错误 2 行。");
    expect(text).toContain("第 3 行，电话“8 900”：不是有效的电话号码");
    expect(text).not.toMatch(/[а-яё]{3,}/i);
  });

  test("When the owner imports the valid rows, then they are written, the message shows the counts, and a second tap imports nothing more", async ({ h }) => {
    await sendFile(h, owner, CLIENTS_CSV, "клиенты.csv");
    const [data] = h.buttonsOf(owner);
    await h.tap(owner, data!);
    expect(h.telegram.callsTo("editMessageText").map((c) => c.payload.text)).toContain("⏳ Импорт «клиенты.csv» начался…");
    await waitForResult(h, owner);
    expect(h.lastTextTo(owner)).toBe("✅ Импорт «клиенты.csv» завершён.\nНовых: 2. Обновлено: 0. Без изменений: 0.\nПропущено строк с ошибками: 2.");
    expect((await h.services.db.client.findMany({ orderBy: { phone: "asc" } })).map((c) => c.phone)).toEqual(["+79001112233", "+79001112255"]);

    await h.tapAgain(owner, data!);
    expect(h.lastAnswer()?.text).toBe("Этот файл уже загружен.");
    expect(await h.services.db.client.count()).toBe(2);
    expect((await importRows(h)).map((r) => [r.status, r.created])).toEqual([["done", 2]]);
  });

  test("When the import is running and the owner taps again, then the second tap is told it is already importing", async ({ h }) => {
    await sendFile(h, owner, CLIENTS_CSV, "клиенты.csv");
    const [data] = h.buttonsOf(owner);
    await h.tap(owner, data!);
    // The tap is answered at once; the run goes on in the background with the claim taken.
    expect((await importRows(h))[0]!.status).toBe("running");
    await h.tapAgain(owner, data!);
    expect(h.lastAnswer()?.text).toBe("Импорт уже идёт.");
    await waitForResult(h, owner);
    expect(await h.services.db.client.count()).toBe(2);
  });

  test("When every row is valid, then the owner is offered to import them all or cancel; cancel writes nothing", async ({ h }) => {
    await sendFile(h, owner, "phone;given_name\n+79001112233;Мария\n", "ok.csv");
    expect(h.lastTextTo(owner)).toContain("Ошибок нет.");
    expect(h.buttonsOf(owner)).toEqual([expect.stringMatching(/:all_or_nothing$/), expect.stringMatching(/^dataimp:cancel:/)]);
    await h.tap(owner, "dataimp:cancel:");
    expect(h.lastTextTo(owner)).toBe("Ничего не загружено.");
    expect(await h.services.db.client.count()).toBe(0);
    expect((await importRows(h)).map((r) => r.status)).toEqual(["cancelled"]);
  });

  test("When a purchases file names a card nobody holds, then the dry run reports the line as an unknown client", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна");
    const unknownCard = "12345678901" + luhnCheckDigit("12345678901");
    const csv = ["Телефон;Номер карты;Дата;Сумма", `+79001110001;;01.10.2026;12 345,50`, `;${unknownCard};02.10.2026;5 000`].join("\n");
    await sendFile(h, owner, csv, "покупки.csv");
    const text = h.lastTextTo(owner);
    expect(text).toContain("Файл «покупки.csv»: покупки.");
    expect(text).toContain(`строка 3, номер карты «${unknownCard}»: такого клиента нет в базе`);
    await h.tap(owner, "dataimp:go:");
    await waitForResult(h, owner);
    expect(h.lastTextTo(owner)).toContain("Баллы и уровни клиентов пересчитаны.");
    expect(await h.services.db.purchase.count()).toBe(1);
  });

  test("When more problems than the message holds are found, then the full list comes as a CSV", async ({ h }) => {
    const rows = Array.from({ length: 45 }, (_, i) => `12${i};Имя${i}`);
    await sendFile(h, owner, ["phone;given_name", "+79001112233;Мария", ...rows].join("\n"), "many.csv");
    const dryRun = plain(h.telegram.calls.filter((c) => c.method === "sendMessage").at(-1)!.payload.text as string);
    expect(dryRun.split("\n").filter((l) => l.startsWith("строка "))).toHaveLength(30);
    expect(dryRun).toContain("…и ещё 15 ошибок — полный список в файле ниже.");
    const sent = h.telegram.lastCall("sendDocument")!;
    expect(sent.payload.caption).toBe("Все ошибки: 45.");
    const csv = h.telegram.file((sent.result as { document: { file_id: string } }).document.file_id)!.data.toString("utf8");
    expect(csv.split("\n").filter(Boolean)).toHaveLength(46);
    expect(csv).toContain("47;телефон;1244;не номер телефона");
  });

  test("When the file is not UTF-8 or lacks a required column, then it is told why and offered nothing", async ({ h }) => {
    // Windows-1251 and UTF-16LE are read; UTF-16 big-endian no Excel writes.
    const utf16be = Buffer.from("\ufeffТелефон;Имя\n+79001112233;Мария\n", "utf16le").swap16();
    await sendFile(h, owner, utf16be, "old.csv");
    expect(h.lastTextTo(owner)).toContain("не в кодировке UTF-8");
    await sendFile(h, owner, "Имя;Фамилия\nМария;Смирнова\n", "no-phone.csv");
    expect(h.lastTextTo(owner)).toContain("не нашлось нужных столбцов: телефон.");
    expect(h.lastTextTo(owner)).toContain("Клиенты: телефон*, имя, отчество, фамилия");
    expect(h.buttonsOf(owner)).toEqual([]);
    expect(await importRows(h)).toEqual([]);
  });

  test("When the owner sends an Excel workbook, then it is read like a CSV", async ({ h }) => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Клиенты");
    sheet.addRows([["Телефон", "Имя"], ["+79001112233", "Мария"], ["8 900", "Борис"]]);
    const xlsx = new Uint8Array(await book.xlsx.writeBuffer());
    await sendFile(h, owner, xlsx, "база.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(h.lastTextTo(owner)).toContain("Строк: 2. Без ошибок: 1. С ошибками: 1.");
    expect(h.lastTextTo(owner)).toContain("строка 3, телефон «8 900»: не номер телефона");
  });

  test("When the owner types /import, then the bot says what to send and which columns it reads", async ({ h }) => {
    await h.text(owner, "/import");
    expect(h.lastTextTo(owner)).toContain("Пришлите таблицу клиентов или покупок файлом (.csv или .xlsx, до 20 МБ)");
    expect(h.lastTextTo(owner)).toContain("Покупки: телефон, номер карты, дата*, сумма*");
  });

  test("When the file is over 20 MB, then the owner is pointed to npm run import", async ({ h }) => {
    await h.document(owner, { fileId: "huge", mimeType: "text/csv", fileName: "all.csv", size: 21 * 1024 * 1024 });
    expect(h.lastTextTo(owner)).toContain("npm run import");
    expect(h.telegram.callsTo("getFile")).toEqual([]);
  });

  test("When a seller or a client sends a CSV, then nothing is imported and the client's file gets the usual answer", async ({ h }) => {
    await h.hire(seller);
    await h.join(anna, "+79001110001", "Анна");
    await sendFile(h, seller, CLIENTS_CSV, "клиенты.csv");
    await sendFile(h, anna, CLIENTS_CSV, "клиенты.csv");
    // Passed on to the features after this one: nobody took it, so both get the bot's usual pointer to /help.
    for (const p of [seller, anna]) expect(h.lastTextTo(p)).toBe("Не совсем понял вас. /help — что я умею.");
    expect(h.telegram.callsTo("getFile")).toEqual([]);
    expect(await importRows(h)).toEqual([]);
  });

  test("When a client asking for a service sends a photo as a file, then it goes to the ticket, not to an import", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна");
    await h.text(anna, "/service");
    await h.tap(anna, "ticket:kind:cleaning");
    await h.text(anna, "Кольцо с сапфиром, почистить");
    await sendFile(h, anna, "PNG", "ring.png", "image/png");
    expect(h.lastTextTo(anna)).toContain("(1)");
  });

  test("When someone else taps an owner's import button, then it is refused", async ({ h }) => {
    await sendFile(h, owner, CLIENTS_CSV, "клиенты.csv");
    const [data] = h.buttonsOf(owner);
    await h.join(anna, "+79001110001", "Анна");
    await h.tap(anna, data!);
    expect(h.lastAnswer()?.text).toBe("Эта команда только для владельца салона.");
    expect((await importRows(h)).map((r) => r.status)).toEqual(["checked"]);
  });
});
