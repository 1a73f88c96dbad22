// Starts the bot against a Bot API root: migrate, open the database, build
// the services and the bot, then long polling, the outbox loop and the jobs.
// Used by `npm start` for the real bot and by the sandbox with its stand-in.
import { run } from "@grammyjs/runner";
import type { Logger } from "pino";
import type { Config } from "../core/config/config.ts";
import { openDb } from "../core/db/client.ts";
import { migrateDeploy } from "../core/db/migrate.ts";
import { ensureLoyaltyDefaults } from "../core/loyalty/defaults.ts";
import { createServices, type Services } from "../core/services.ts";
import { setChatCommands, setDefaultCommands } from "./commands.ts";
import { createBot } from "./create-bot.ts";
import { languageFromTelegram } from "./i18n.ts";
import { scheduleJobs } from "./jobs.ts";
import { createOutboxSender } from "./outbox-sender.ts";

export interface StartOptions {
  config: Config;
  token: string;
  logger: Logger;
  /** Runs once the database is ready and before polling starts (the sandbox seeds its demo here). */
  prepare?: (services: Services) => Promise<void>;
}

export interface RunningBot {
  services: Services;
  username: string;
  stop(): Promise<void>;
}

export async function startBot({ config, token, logger, prepare }: StartOptions): Promise<RunningBot> {
  const migration = migrateDeploy(config.DATABASE_URL);
  if (!migration.ok) throw new Error(`database migration failed:\n${migration.output}`);
  const db = await openDb(config.DATABASE_URL);
  await ensureLoyaltyDefaults(db, config.SHOP_CURRENCY);
  const services = createServices(db, config);
  await prepare?.(services);

  const bot = createBot(token, { services, config, logger }, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  await bot.init();
  await setDefaultCommands(bot.api);
  for (const ownerId of config.OWNER_IDS) {
    // An owner who has never opened the bot has no chat yet: the menu comes with their /start.
    await setChatCommands(bot.api, ownerId, "owner", languageFromTelegram(undefined)).catch(() => undefined);
  }
  const sender = createOutboxSender(bot.api, services.outbox, logger);
  sender.start();
  const jobs = scheduleJobs(services, config, logger);
  // SQLite has one writer: more updates in flight only queue up and hold memory.
  const runner = run(bot, { sink: { concurrency: 32 } });
  logger.info({ bot: bot.botInfo.username, apiRoot: config.TELEGRAM_API_ROOT }, "bot started (long polling)");

  return {
    services,
    username: bot.botInfo.username,
    async stop() {
      for (const job of jobs) await job.stop();
      if (runner.isRunning()) await runner.stop();
      await sender.stop();
      await db.$disconnect();
    },
  };
}
