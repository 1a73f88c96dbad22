import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../core/config/config.ts";

const linesOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.lines;
    throw e;
  }
};

describe("configuration", () => {
  it("When nothing is set, then the defaults apply", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      TELEGRAM_API_ROOT: "https://api.telegram.org",
      DATABASE_URL: "file:./data/shop.db",
      OWNER_IDS: [],
      SHOP_TIMEZONE: "Europe/Moscow",
      SHOP_CURRENCY: "RUB",
      DIGEST_TIME: "10:00",
      LOG_LEVEL: "info",
    });
    expect(c.BOT_TOKEN).toBeUndefined();
  });

  it("When values are given, then they are parsed", () => {
    const c = loadConfig({
      BOT_TOKEN: "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabc",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      OWNER_IDS: " 111, 222 ",
      SHOP_CURRENCY: "CNY",
      SHOP_TIMEZONE: "Asia/Shanghai",
    });
    expect(c.OWNER_IDS).toEqual([111, 222]);
    expect(c.TELEGRAM_API_ROOT).toBe("http://127.0.0.1:8081");
    expect(c.SHOP_CURRENCY).toBe("CNY");
  });

  it.each([
    ["OWNER_IDS", "12,abc", /OWNER_IDS must be comma-separated Telegram user ids/],
    ["SHOP_TIMEZONE", "Mars/Olympus", /SHOP_TIMEZONE must be an IANA time zone.*got "Mars\/Olympus"/],
    ["SHOP_CURRENCY", "USD", /SHOP_CURRENCY must be one of RUB, CNY/],
    ["DIGEST_TIME", "25:00", /DIGEST_TIME must be a time of day as HH:MM/],
    ["BOT_TOKEN", "not-a-token", /BOT_TOKEN must be a token from @BotFather/],
    ["TELEGRAM_API_ROOT", "ftp://x", /TELEGRAM_API_ROOT must be an http\(s\) URL/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL must be one of/],
    ["DATABASE_URL", "postgres://x", /DATABASE_URL must be a SQLite URL/],
  ])("When %s is %j, then one line names it and what it expects", (name, value, pattern) => {
    const lines = linesOf({ [name]: value });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  });
});
