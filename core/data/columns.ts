// An owner's spreadsheet names its columns in her own words ("Телефон",
// "Дата рождения", "会员卡号"); the reader maps each to the column the
// importer knows, and tells which kind of file it is and what it lacks.
import { REQUIRED_COLUMNS, type FileProblem, type ImportKind } from "./rows.ts";

const ALIASES: Record<string, string[]> = {
  phone: ["phone", "phonenumber", "tel", "telephone", "mobile", "телефон", "тел", "номертелефона", "мобильный", "电话", "手机", "手机号", "电话号码", "手机号码"],
  given_name: ["given_name", "givenname", "firstname", "name", "имя", "名", "名字"],
  patronymic: ["patronymic", "middlename", "отчество"],
  family_name: ["family_name", "familyname", "lastname", "surname", "фамилия", "姓", "姓氏"],
  language: ["language", "lang", "язык", "语言"],
  birthday: ["birthday", "birthdate", "dateofbirth", "деньрождения", "датарождения", "др", "生日", "出生日期"],
  card_number: ["card_number", "cardnumber", "card", "номеркарты", "карта", "卡号", "会员卡号", "会员卡"],
  notes: ["notes", "note", "comment", "comments", "заметки", "заметка", "примечание", "примечания", "комментарий", "备注"],
  date: ["date", "purchasedate", "дата", "датапокупки", "日期", "购买日期"],
  amount: ["amount", "sum", "total", "сумма", "金额", "总额"],
  description: ["description", "item", "product", "описание", "товар", "изделие", "描述", "商品", "产品"],
  stone: ["stone", "gem", "камень", "宝石"],
  metal: ["metal", "металл", "金属"],
};

// Spaces, underscores, hyphens, a trailing colon, dot or required-mark do not change what a column means.
const key = (name: string) =>
  name
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[\s_\-\u00a0\u3000]+/g, "")
    .replace(/[.:：*]+$/, "");

const BY_KEY = new Map<string, string>();
for (const [column, names] of Object.entries(ALIASES)) for (const name of names) BY_KEY.set(key(name), column);

/** A header cell as the parsers see it: a known column's canonical name, else the name lower-cased and trimmed. */
export function canonicalColumn(written: string): string {
  const name = written.trim().toLowerCase();
  return BY_KEY.get(key(name)) ?? name;
}

/** Clients have names and no amount; purchases have a date and an amount; null when it cannot tell. */
export function detectKind(header: string[]): ImportKind | null {
  const has = (c: string) => header.includes(c);
  if (has("date") && has("amount")) return "purchases";
  if (!has("amount") && (has("given_name") || has("family_name") || has("patronymic"))) return "clients";
  return null;
}

/** header_missing naming what a file of that kind lacks; a purchase finds its client by phone or card. */
export function checkHeader(kind: ImportKind, header: string[]): FileProblem | null {
  const missing = REQUIRED_COLUMNS[kind].filter((c) => !header.includes(c));
  if (kind === "purchases" && !header.includes("phone") && !header.includes("card_number")) missing.push("phone", "card_number");
  return missing.length ? { problem: "header_missing", columns: missing } : null;
}
