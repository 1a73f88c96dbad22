// /export and /backup through the bot, and the daily backup job: the files the
// owner receives open again (Excel, CSV) and hold the shop's data; nobody
// else gets them.
import { readdirSync } from "node:fs";
import ExcelJS from "exceljs";
import pino from "pino";
import { describe, expect } from "vitest";
import { dailyBackup, scheduleJobs } from "../../bot/jobs.ts";
import { botTest, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const seller: Person = { id: 50, first_name: "Игорь", language_code: "ru" };
const anna: Person = { id: 101, first_name: "Анна", language_code: "ru" };

const test = botTest();

/** The bytes of the last document the bot sent, as the fake Telegram keeps them. */
function lastDocument(h: Harness) {
  const call = h.telegram.lastCall("sendDocument")!;
  const document = (call.result as { document: { file_id: string; file_name: string } }).document;
  return { name: document.file_name, caption: call.payload.caption as string, data: h.telegram.file(document.file_id)!.data };
}

async function exportAs(h: Harness, dataset: string, format: string) {
  await h.text(owner, "/export");
  await h.tap(owner, `dataexp:dataset:${dataset}`);
  await h.tap(owner, `dataexp:format:${dataset}:${format}`);
}

describe("/export", () => {
  test("When the owner exports clients as Excel, then the workbook opens and holds the client's name", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна Смирнова");
    await exportAs(h, "clients", "xlsx");
    const doc = lastDocument(h);
    expect(doc.name).toBe("clients-2026-11-24.xlsx");
    expect(doc.caption).toBe("👥 Клиенты: 1 строка.");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(doc.data as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
    expect(cells).toContain("+79001110001");
    expect(cells.some((c) => c.includes("Анна"))).toBe(true);
    expect(h.lastTextTo(owner)).toBe("✅ Отправлено: clients-2026-11-24.xlsx");
  });

  test("When the owner exports clients as CSV, then the text holds the client's name; a double tap sends one file", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна Смирнова");
    await exportAs(h, "clients", "csv");
    await h.tapAgain(owner, "dataexp:format:clients:csv");
    expect(h.telegram.callsTo("sendDocument")).toHaveLength(1);
    expect(h.lastAnswer()?.text).toBe("Этот файл уже отправлен.");
    const doc = lastDocument(h);
    expect(doc.name).toBe("clients-2026-11-24.csv");
    const text = doc.data.toString("utf8");
    expect(text.split(/\r?\n/)[0]).toMatch(/phone/);
    expect(text).toContain("Анна");
  });

  test("When staff or a client ask for /export or /backup, then they are refused and get no file", async ({ h }) => {
    await h.hire(seller);
    await h.join(anna, "+79001110001", "Анна");
    for (const p of [seller, anna]) {
      await h.text(p, "/export");
      expect(h.lastTextTo(p)).toBe("Эта команда только для владельца салона.");
      await h.text(p, "/backup");
      expect(h.lastTextTo(p)).toBe("Эта команда только для владельца салона.");
    }
    expect(h.telegram.callsTo("sendDocument")).toEqual([]);
  });
});

describe("/backup and the daily job", () => {
  test("When the owner asks for a backup, then a copy appears in BACKUP_DIR and is sent; a second /backup right away makes no other", async ({ h }) => {
    await h.join(anna, "+79001110001", "Анна");
    await h.text(owner, "/backup");
    const files = readdirSync(h.backupDir);
    expect(files).toHaveLength(1);
    const text = h.textsTo(owner).find((t) => t.startsWith("✅"))!;
    expect(text).toContain(`Резервная копия готова: ${files[0]}`);
    expect(text).toContain("Проверка целостности: ok.");
    expect(text).toContain("Копий на сервере: 1 (храню не больше 7).");
    expect(lastDocument(h).name).toBe(files[0]);

    await h.text(owner, "/backup");
    expect(h.lastTextTo(owner)).toContain("Копия сделана только что");
    expect(h.telegram.callsTo("sendDocument")).toHaveLength(1);
    expect(readdirSync(h.backupDir)).toHaveLength(1);
  });

  test("When the daily job runs, then a checked copy is written; with BACKUP_TIME off no backup job is scheduled", async ({ h }) => {
    const result = await dailyBackup(h.services);
    expect(result.integrity).toBe("ok");
    expect(readdirSync(h.backupDir)).toHaveLength(1);

    const config = { OWNER_IDS: [1], SHOP_NAME: "Аметист", SHOP_CURRENCY: "RUB" as const, SHOP_TIMEZONE: "Europe/Moscow", STAFF_INVITE_HOURS: 24, DIGEST_TIME: "10:00" };
    /** The backup task's cron pattern, or undefined when none is scheduled. */
    const backupPattern = async (BACKUP_TIME: string) => {
      const tasks = scheduleJobs({ services: h.services, config: { ...config, BACKUP_TIME }, languageOf: () => Promise.resolve("ru") }, pino({ level: "silent" }));
      const pattern = tasks.find((t) => t.name === "backup")?.getPattern();
      for (const t of tasks) await t.stop();
      return pattern;
    };
    expect(await backupPattern("03:30")).toBe("30 3 * * *");
    expect(await backupPattern("off")).toBeUndefined();
  });
});
