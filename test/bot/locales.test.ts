import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commandsFor } from "../../bot/commands.ts";
import { formatter, hasKey, LANGUAGES, languageFromTelegram, loadLocale, translator } from "../../bot/i18n.ts";

const flatten = (o: Record<string, unknown>, prefix = ""): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === "object" ? Object.entries(flatten(v as Record<string, unknown>, `${prefix}${k}.`)) : [[`${prefix}${k}`, v]],
    ),
  );
const locale = (lang: (typeof LANGUAGES)[number]) => flatten(loadLocale(lang));

/** Every literal key the bot passes to t(…) or ctx.t(…). */
function keysUsedInCode(): string[] {
  const dir = new URL("../../bot/", import.meta.url);
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  const keys = new Set<string>();
  for (const f of files) {
    const src = readFileSync(new URL(f, dir), "utf8");
    for (const m of src.matchAll(/\bt\(\s*"([a-z_]+(?:\.[a-z_]+)*)"/g)) keys.add(m[1]!);
    for (const m of src.matchAll(/"((?:errors|start)\.[a-z_]+)"/g)) keys.add(m[1]!);
  }
  return [...keys];
}

describe("locales", () => {
  it("When the locale folders are compared, then every language has the same files", () => {
    const files = (lang: string) => readdirSync(new URL(`../../locales/${lang}/`, import.meta.url)).sort();
    for (const lang of LANGUAGES) expect(files(lang)).toEqual(files("ru"));
  });

  it("When the types name the Russian files, then every one of them is there", () => {
    const src = readFileSync(new URL("../../bot/locale-keys.ts", import.meta.url), "utf8");
    const named = [...src.matchAll(/locales\/ru\/([\w-]+\.json)/g)].map((m) => m[1]).sort();
    expect(named).toEqual(readdirSync(new URL("../../locales/ru/", import.meta.url)).sort());
  });

  it("When the locale files are compared, then every language has the same keys and no empty string", () => {
    const [first, ...rest] = LANGUAGES.map((l) => locale(l));
    for (const other of rest) expect(Object.keys(other).sort()).toEqual(Object.keys(first!).sort());
    for (const l of LANGUAGES) expect(Object.entries(locale(l)).filter(([, v]) => v === "")).toEqual([]);
  });

  it("When the code uses a key, then it exists in every language", () => {
    const used = keysUsedInCode();
    expect(used.length).toBeGreaterThan(30);
    for (const lang of LANGUAGES) expect(used.filter((k) => !hasKey(k, lang) && !hasKey(`${k}_other`, lang)), lang).toEqual([]);
  });

  it.each([
    [1, "1 балл"],
    [2, "2 балла"],
    [5, "5 баллов"],
    [11, "11 баллов"],
    [21, "21 балл"],
    [22, "22 балла"],
    [1500, "1 500 баллов"],
  ])("When %i points are shown in Russian, then it reads %s", (n, expected) => {
    const fmt = formatter("ru", "RUB", "Europe/Moscow");
    expect(translator("ru")("points", { count: n, n: fmt.number(n) }).replace(/\s/g, " ")).toBe(expected);
  });

  it("When money and dates are formatted, then each language has its own form", () => {
    const ru = formatter("ru", "RUB", "Europe/Moscow");
    const zh = formatter("zh", "CNY", "Asia/Shanghai");
    expect(ru.money(15_000_050).replace(/\s/g, " ")).toBe("150 000,50 ₽");
    expect(ru.money(15_000_000).replace(/\s/g, " ")).toBe("150 000 ₽");
    expect(zh.money(1_234_500)).toBe("¥12,345");
    expect(zh.money(1_234_550)).toBe("¥12,345.50");
    // A rouble shop read in Chinese, and a yuan shop read in Russian.
    expect(formatter("zh", "RUB", "Europe/Moscow").money(10_000_000)).toBe("100,000 卢布");
    expect(formatter("zh", "RUB", "Europe/Moscow").money(10_000_050)).toBe("100,000.50 卢布");
    expect(ru.money(1).replace(/\s/g, " ")).toBe("0,01 ₽");
    expect(formatter("ru", "CNY", "Asia/Shanghai").money(1_280_000).replace(/\s/g, " ")).toBe("12 800 ¥");
    const d = new Date("2026-12-01T10:00:00Z");
    expect(ru.date(d)).toBe("1 декабря 2026 г.");
    expect(zh.date(d)).toBe("2026年12月1日");
  });

  it("When Telegram reports a language, then Chinese variants map to zh and the rest to ru", () => {
    expect(languageFromTelegram("zh-hans")).toBe("zh");
    expect(languageFromTelegram("zh-TW")).toBe("zh");
    expect(languageFromTelegram("en")).toBe("ru");
    expect(languageFromTelegram(undefined)).toBe("ru");
  });

  it("When the command menu is built, then each role gets its commands with descriptions in each language", () => {
    for (const lang of LANGUAGES) {
      for (const role of ["client", "staff", "owner"] as const) {
        for (const c of commandsFor(role, lang)) {
          expect(c.command).toMatch(/^[a-z_]{1,32}$/);
          expect(c.description.length).toBeGreaterThan(2);
        }
      }
    }
    expect(commandsFor("client", "ru").map((c) => c.command)).not.toContain("staff");
    expect(commandsFor("owner", "zh").map((c) => c.command)).toContain("staff");
  });
});
