// The environment, validated once at start-up into a typed config. Everything
// else receives this object instead of reading process.env, so a bad value is
// caught before the bot touches the database or Telegram.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./defaults.ts";

export const CURRENCIES = ["RUB", "CNY"] as const;
export type Currency = (typeof CURRENCIES)[number];

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const schema = z.object({
  BOT_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, "a token from @BotFather, like 123456789:AAF…")
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: "an http(s) URL such as https://api.telegram.org" })
      .default("https://api.telegram.org")
      .transform((u) => u.replace(/\/+$/, "")),
  ),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^file:.+/, "a SQLite URL such as file:./data/shop.db")
      .default(DEFAULT_DATABASE_URL),
  ),
  OWNER_IDS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default("")
      .refine((s) => s.split(",").every((p) => p.trim() === "" || /^\d{1,15}$/.test(p.trim())), {
        error: "comma-separated Telegram user ids (numbers), e.g. 123456789,987654321",
      })
      .transform((s) =>
        s
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)
          .map(Number),
      ),
  ),
  SHOP_NAME: z.preprocess(blankToUndefined, z.string().max(64, "at most 64 characters").default("Jewelry")),
  SHOP_TIMEZONE: z.preprocess(
    blankToUndefined,
    z.string().refine(isTimeZone, { error: "an IANA time zone such as Europe/Moscow or Asia/Shanghai" }).default("Europe/Moscow"),
  ),
  SHOP_CURRENCY: z.preprocess(
    blankToUndefined,
    z.enum(CURRENCIES, { error: `one of ${CURRENCIES.join(", ")}` }).default("RUB"),
  ),
  DIGEST_TIME: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM, e.g. 10:00")
      .default("10:00"),
  ),
  STAFF_INVITE_HOURS: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "a whole number of hours" }).int("a whole number of hours").min(1).max(720).default(24),
  ),
  BROADCAST_RATE: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "messages per second, a whole number" }).int("a whole number of messages per second").min(1).max(10_000).default(25),
  ),
  BROADCAST_WEEKLY_CAP: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "a whole number of broadcasts" }).int("a whole number of broadcasts").min(1).max(100).default(2),
  ),
  QUIET_HOURS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "a span of the day as HH:MM-HH:MM, e.g. 21:00-10:00 (equal times: no quiet hours)")
      .default("21:00-10:00"),
  ),
  BACKUP_DIR: z.preprocess(blankToUndefined, z.string().default("./data/backups")),
  BACKUP_KEEP: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "a whole number of copies" }).int("a whole number of copies").min(1).max(365).default(7),
  ),
  BACKUP_TIME: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, "a time of day as HH:MM, e.g. 03:30, or off")
      .default("03:30"),
  ),
  SANDBOX_PORT: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: "a port number (0 picks a free one)" }).int("a port number").min(0).max(65535).default(8080),
  ),
  SANDBOX_DATABASE_URL: z.preprocess(
    blankToUndefined,
    z.string().regex(/^file:.+/, "a SQLite URL such as file:./data/sandbox.db").default("file:./data/sandbox.db"),
  ),
  SANDBOX_STATE_FILE: z.preprocess(blankToUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "one of fatal, error, warn, info, debug, trace, silent",
      })
      .default("info"),
  ),
});

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws a ConfigError with one readable line per bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const raw = env[name];
    const got = raw === undefined || raw === "" ? "it is not set" : `got "${raw}"`;
    return `Configuration error: ${name} must be ${issue.message} (${got}).`;
  });
  throw new ConfigError(lines);
}

/** The region used to read phone numbers typed without a country code. */
export function defaultPhoneRegion(config: Pick<Config, "SHOP_CURRENCY">): "RU" | "CN" {
  return config.SHOP_CURRENCY === "CNY" ? "CN" : "RU";
}
