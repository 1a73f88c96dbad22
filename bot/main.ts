// Entry point: config → logger → database (migrated) → services → bot →
// long polling with the runner; SIGINT/SIGTERM stop everything cleanly.
import "dotenv/config";
import { run } from "@grammyjs/runner";
import { ConfigError, loadConfig, type Config } from "../core/config/config.ts";
import { openDb } from "../core/db/client.ts";
import { migrateDeploy } from "../core/db/migrate.ts";
import { ensureLoyaltyDefaults } from "../core/loyalty/defaults.ts";
import { createServices } from "../core/services.ts";
import { setChatCommands, setDefaultCommands } from "./commands.ts";
import { createBot } from "./create-bot.ts";
import { languageFromTelegram } from "./i18n.ts";
import { scheduleJobs } from "./jobs.ts";
import { createLogger } from "./logger.ts";
import { createOutboxSender } from "./outbox-sender.ts";

function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(2);
}

function readConfig(): Config & { BOT_TOKEN: string } {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.lines);
    throw error;
  }
  if (!config.BOT_TOKEN) {
    fail([
      "BOT_TOKEN is not set: the bot needs a token to talk to Telegram.",
      "Create a bot with @BotFather in Telegram (/newbot), then run: BOT_TOKEN=123456789:AAF… npm start",
      "(or put BOT_TOKEN=… in a .env file next to package.json).",
    ]);
  }
  return config as Config & { BOT_TOKEN: string };
}

const config = readConfig();
const logger = createLogger(config.LOG_LEVEL);

const migration = migrateDeploy(config.DATABASE_URL);
if (!migration.ok) {
  logger.fatal({ output: migration.output }, "database migration failed");
  process.exit(1);
}
const db = await openDb(config.DATABASE_URL);
await ensureLoyaltyDefaults(db, config.SHOP_CURRENCY);
const services = createServices(db, config);
const bot = createBot(config.BOT_TOKEN, { services, config, logger }, { client: { apiRoot: config.TELEGRAM_API_ROOT } });

await bot.init();
await setDefaultCommands(bot.api);
for (const ownerId of config.OWNER_IDS) {
  // An owner who has never opened the bot has no chat yet: the menu comes with their /start.
  await setChatCommands(bot.api, ownerId, "owner", languageFromTelegram(undefined)).catch(() => undefined);
}

const sender = createOutboxSender(bot.api, services.outbox, logger);
sender.start();
const jobs = scheduleJobs(services, config, logger);
const runner = run(bot);
logger.info({ bot: bot.botInfo.username, apiRoot: config.TELEGRAM_API_ROOT }, "bot started (long polling)");

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  for (const job of jobs) await job.stop();
  if (runner.isRunning()) await runner.stop();
  await sender.stop();
  await db.$disconnect();
  process.exit(0);
}
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
