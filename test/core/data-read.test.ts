// Reading the spreadsheets a shop imports: every file is generated here, the
// way Excel on a Russian or Chinese Windows would have written it.
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { crc32 } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it, vi } from "vitest";
import { checkHeader, detectKind } from "../../core/data/columns.ts";
import { createPurchaseRowParser } from "../../core/data/parse-purchases.ts";
import { FileProblemError, openTable, type TableSource } from "../../core/data/read-table.ts";

const dir = mkdtempSync(join(tmpdir(), "data-read-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const utf8 = (text: string, bom = false) => new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...new TextEncoder().encode(text)]);
/** Windows-1251 as a Russian Excel saves "CSV": А..я are 0xC0..0xFF, Ё 0xA8, ё 0xB8. */
const cp1251 = (text: string) =>
  new Uint8Array(
    Array.from(text, (ch) => {
      const c = ch.charCodeAt(0);
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      if (c === 0x401) return 0xa8;
      if (c === 0x451) return 0xb8;
      throw new Error(`no 1251 byte for ${ch}`);
    }),
  );
const utf16le = (text: string, bom = true) => {
  const bytes = bom ? [0xff, 0xfe] : [];
  for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8);
  return new Uint8Array(bytes);
};
/** A real one-file ZIP (stored, not compressed): a .docx or an archive renamed .csv looks like this. */
function zipOf(name: string, content: string): Uint8Array {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const localSize = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(localSize, 16);
  return new Uint8Array(Buffer.concat([local, fileName, data, central, fileName, end]));
}

async function read(source: TableSource | Uint8Array, name = "clients.csv") {
  const table = await openTable(source instanceof Uint8Array ? { bytes: source } : source, name);
  const rows: { line: number; cells: string[] }[] = [];
  for await (const row of table.rows()) rows.push(row);
  return { table, rows };
}
async function problemOf(source: Uint8Array, name = "clients.csv") {
  try {
    await read(source, name);
  } catch (e) {
    if (e instanceof FileProblemError) return e.detail.problem;
    throw e;
  }
  return null;
}

describe("reading CSV", () => {
  it("When Excel saves UTF-8 CSV with a BOM and ';', then the header is canonical and the rows come with their lines", async () => {
    const { table, rows } = await read(utf8("Телефон;Имя;Фамилия;Дата рождения\r\n+7 900 123-45-67;Мария;Иванова;03.05.1990\r\n", true));
    expect(table).toMatchObject({ format: "csv", encoding: "utf-8", delimiter: ";" });
    expect(table.header).toEqual(["phone", "given_name", "family_name", "birthday"]);
    expect(rows).toEqual([{ line: 2, cells: ["+7 900 123-45-67", "Мария", "Иванова", "03.05.1990"] }]);
  });

  it("When a file is UTF-8 without a BOM and ',', with LF, then it is read the same", async () => {
    const { table, rows } = await read(utf8("phone,given_name,notes\n79001234567,王芳,\"likes, pearls\"\n"));
    expect(table).toMatchObject({ encoding: "utf-8", delimiter: "," });
    expect(rows).toEqual([{ line: 2, cells: ["79001234567", "王芳", "likes, pearls"] }]);
  });

  it("When a file is Windows-1251, then the Cyrillic comes out right", async () => {
    const { table, rows } = await read(cp1251("Телефон;Имя;Отчество;Заметки\r\n89001234567;Пётр;Ильич;Ёлочная брошь, ЁЖИК\r\n"));
    expect(table).toMatchObject({ encoding: "windows-1251", delimiter: ";" });
    expect(table.header).toEqual(["phone", "given_name", "patronymic", "notes"]);
    expect(rows[0]!.cells).toEqual(["89001234567", "Пётр", "Ильич", "Ёлочная брошь, ЁЖИК"]);
  });

  it("When the first 64 KiB of a Windows-1251 file are plain ASCII, then the Cyrillic after them is still read as 1251", async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `7900${String(i).padStart(7, "0")};Anna;\r\n`).join("");
    const { table, rows } = await read(cp1251(`phone;given_name;notes\r\n${filler}79001234567;Мария;кольцо\r\n`));
    expect(table.encoding).toBe("windows-1251");
    expect(rows.at(-1)).toEqual({ line: 3002, cells: ["79001234567", "Мария", "кольцо"] });
  });

  it("When a UTF-8 character is cut by a chunk boundary, then it is decoded whole", async () => {
    const head = "phone;notes\n1;";
    const pad = "x".repeat(64 * 1024 - head.length - 1); // "Я" starts one byte before the 64 KiB boundary
    const { rows } = await read(utf8(`${head}${pad}Я\n`));
    expect(rows[0]!.cells[1]).toBe(`${pad}Я`);
  });

  it("When the first Cyrillic byte of a Windows-1251 file ends a chunk, then it is not taken for the start of a UTF-8 character", async () => {
    const head = "phone;notes\r\n1;";
    const pad = "x".repeat(64 * 1024 - head.length - 1); // "Ре" in 1251 is D0 E5: D0 could begin a UTF-8 pair
    const { table, rows } = await read(cp1251(`${head}${pad}Ремонт\r\n`));
    expect(table.encoding).toBe("windows-1251");
    expect(rows[0]!.cells[1]).toBe(`${pad}Ремонт`);
  });

  it("When Excel saves 'Unicode text' (UTF-16LE with BOM, tabs), then it is read", async () => {
    const { table, rows } = await read(utf16le("电话\t名\t姓\r\n13800138000\t芳\t王\r\n"), "clients.txt");
    expect(table).toMatchObject({ encoding: "utf-16le", delimiter: "\t" });
    expect(table.header).toEqual(["phone", "given_name", "family_name"]);
    expect(rows[0]!.cells).toEqual(["13800138000", "芳", "王"]);
  });

  it("When quoted fields hold ';', \"\" and line breaks, then the lines of the rows after are still the spreadsheet's", async () => {
    const text = 'phone;given_name;notes\r\n1;"Анна; Мария";"first\r\nsecond\r\nthird"\r\n\r\n2;"Ольга ""Оля""";x\r\n;;\r\n3;Вера;\n';
    const { rows } = await read(utf8(text, true));
    expect(rows).toEqual([
      { line: 2, cells: ["1", "Анна; Мария", "first\r\nsecond\r\nthird"] },
      { line: 4, cells: ["2", 'Ольга "Оля"', "x"] },
      { line: 6, cells: ["3", "Вера", ""] },
    ]);
  });

  it("When rows() is called twice, then the file is read again from the start", async () => {
    const table = await openTable({ bytes: utf8("phone\n1\n2\n") }, "a.csv");
    const lines = async () => {
      const out: number[] = [];
      for await (const row of table.rows()) out.push(row.line);
      return out;
    };
    expect(await lines()).toEqual([2, 3]);
    expect(await lines()).toEqual([2, 3]);
  });
});

describe("refusing a file", () => {
  it("When a PNG, a ZIP that is no workbook, or an old .xls is renamed .csv, then it is refused as format", async () => {
    expect(await problemOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe("format");
    expect(await problemOf(zipOf("word/document.xml", "<w:document/>"))).toBe("format");
    expect(await problemOf(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe("format");
    expect(await problemOf(utf8("phone\n1\n"), "clients.xlsx")).toBe("format");
  });

  it("When a file is UTF-16 without a BOM, or binary noise, then it is refused as encoding", async () => {
    expect(await problemOf(utf16le("phone;name\r\n79001234567;Анна\r\n", false))).toBe("encoding");
    let seed = 42;
    const noise = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
    expect(await problemOf(noise)).toBe("encoding");
  });

  it("When a UTF-8 file turns out not to be UTF-8 after its first chunk, then rows() refuses it as encoding", async () => {
    const good = utf8(`phone;notes\n1;Мария\n${"2;x\n".repeat(20_000)}`);
    const bytes = new Uint8Array([...good, 0xcc, 0xe0, 0x0a]);
    expect(await problemOf(bytes)).toBe("encoding");
  });

  it("When a file is empty, only a BOM and blank lines, or a header alone, then it is refused as empty", async () => {
    expect(await problemOf(new Uint8Array())).toBe("empty");
    expect(await problemOf(utf8("\r\n;;\r\n", true))).toBe("empty");
    expect(await problemOf(utf8("phone;given_name\r\n", true))).toBe("empty");
  });

  it("When a file is larger than maxBytes, then it is refused as too_large before it is read", async () => {
    await expect(openTable({ bytes: utf8("phone\n79001234567\n") }, "a.csv", { maxBytes: 10 })).rejects.toMatchObject({ detail: { problem: "too_large" } });
  });
});

describe("the header", () => {
  it("When the owner writes Russian, Chinese or English names in any case and spacing, then they map to the canonical columns", async () => {
    const { table } = await read(utf8("ТЕЛ.;  Номер карты ;Язык;Примечание;Сумма;Камень;Металл;Изделие;Дата\n1;2;3;4;5;6;7;8;9\n"));
    expect(table.header).toEqual(["phone", "card_number", "language", "notes", "amount", "stone", "metal", "description", "date"]);
    const zh = await read(utf8("手机,会员卡号,语言,备注,金额,宝石,金属,商品,日期,生日,Phone Number,Card_Number,Цвет\n1,2,3,4,5,6,7,8,9,10,11,12,13\n"));
    expect(zh.table.header).toEqual(["phone", "card_number", "language", "notes", "amount", "stone", "metal", "description", "date", "birthday", "phone", "card_number", "цвет"]);
  });

  it("When a header has names or a date and an amount, then its kind is told; a header missing a required column names it", () => {
    expect(detectKind(["phone", "given_name", "family_name"])).toBe("clients");
    expect(detectKind(["card_number", "date", "amount", "description"])).toBe("purchases");
    expect(detectKind(["phone", "цвет"])).toBeNull();
    expect(checkHeader("clients", ["given_name", "family_name"])).toEqual({ problem: "header_missing", columns: ["phone"] });
    expect(checkHeader("purchases", ["phone", "date"])).toEqual({ problem: "header_missing", columns: ["amount"] });
    expect(checkHeader("purchases", ["date", "amount"])).toEqual({ problem: "header_missing", columns: ["phone", "card_number"] });
    expect(checkHeader("purchases", ["card_number", "date", "amount"])).toBeNull();
  });
});

describe("reading XLSX", () => {
  async function workbook() {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Клиенты");
    ws.addRow(["Телефон", "Имя", "姓", "Дата рождения", "Сумма", "Заметки"]);
    ws.addRow([79001234567, "Мария", "Иванова", new Date(Date.UTC(1990, 4, 3)), 12345.5, { richText: [{ text: "любит " }, { text: "жемчуг", font: { bold: true } }] }]);
    ws.addRow([]);
    ws.addRow([8613800138000, "芳", "王", new Date(Date.UTC(1988, 11, 31)), { formula: "1000+234.56", result: 1234.56 }, "喜欢翡翠"]);
    wb.addWorksheet("Другой лист").addRow(["not", "read"]);
    return new Uint8Array((await wb.xlsx.writeBuffer()));
  }
  const expected = [
    { line: 2, cells: ["79001234567", "Мария", "Иванова", "1990-05-03", "12345.5", "любит жемчуг"] },
    { line: 4, cells: ["8613800138000", "芳", "王", "1988-12-31", "1234.56", "喜欢翡翠"] },
  ];

  it("When an .xlsx arrives as bytes, even named .csv, then the first sheet's cells read as the owner sees them", async () => {
    const { table, rows } = await read(await workbook(), "clients.csv");
    expect(table).toMatchObject({ format: "xlsx", encoding: null, delimiter: null });
    expect(table.header).toEqual(["phone", "given_name", "family_name", "birthday", "amount", "notes"]);
    expect(rows).toEqual(expected);
  });

  it("When an .xlsx is read from a path, then the rows are the same", async () => {
    const path = join(dir, "clients.xlsx");
    writeFileSync(path, await workbook());
    expect((await read({ path }, "clients.xlsx")).rows).toEqual(expected);
  });

  it.runIf(existsSync("/proc/self/fd"))("When the header is read or the caller stops after a row, then no file (nor exceljs's copy of a sheet) stays open", async () => {
    const path = join(dir, "early.xlsx");
    writeFileSync(path, await workbook());
    // Files only: the test runner's own pipes and sockets come and go.
    const openFiles = () =>
      readdirSync("/proc/self/fd")
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return "";
          }
        })
        .filter((target) => target.startsWith("/") && !target.startsWith("/dev/"));
    const before = openFiles();
    for (let i = 0; i < 3; i++) {
      const table = await openTable({ path }, "early.xlsx");
      for await (const row of table.rows()) if (row.line >= 2) break;
    }
    // exceljs closes its temporary copy asynchronously: allow it a moment on a busy machine.
    await vi.waitFor(() => expect(openFiles()).toEqual(before), { timeout: 5_000, interval: 50 });
  });
});

describe("streaming", () => {
  it("When a 200,000-row purchases CSV is read from a path and parsed, then the heap stays far below the file size", async () => {
    const path = join(dir, "purchases.csv");
    const out = createWriteStream(path);
    out.write("\uFEFFТелефон;Дата;Сумма;Изделие\r\n");
    const ROWS = 200_000;
    // Each client's phone ten times over, as in a shop's real purchases file.
    const row = (i: number) => `+7900${String(i % 20_000).padStart(7, "0")};${(i % 28) + 1}.03.2025;${(i % 900) + 1} 500,50;"Кольцо ""Аврора"", 585"\r\n`;
    for (let i = 0; i < ROWS; i += 1000) out.write(Array.from({ length: 1000 }, (_, k) => row(i + k)).join(""));
    await new Promise((resolve) => out.end(resolve));
    const fileSize = out.bytesWritten;

    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let growth = 0;
    let ok = 0;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const table = await openTable({ path }, "purchases.csv");
    const parse = createPurchaseRowParser(table.header, { region: "RU", today: { year: 2025, month: 12, day: 31 }, maxAmount: 100_000_000 });
    for await (const row of table.rows()) {
      if (!Array.isArray(parse(row))) ok++;
      if (row.line % 50_000 === 0) {
        gc(); // what is still held, not garbage waiting for a collection
        growth = Math.max(growth, process.memoryUsage().heapUsed - before);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6; // wall time also counts whatever else the machine runs
    console.log(`200k rows, ${(fileSize / 1e6).toFixed(1)} MB: ${Math.round(ROWS / seconds)} rows/s read+parsed (${Math.round(ROWS / cpuSeconds)} per CPU second), heap growth ${(growth / 1e6).toFixed(1)} MB`);
    expect(ok).toBe(ROWS);
    expect(growth).toBeLessThan(fileSize / 4);
  }, 60_000);
});
