// Starts the bot against a Bot API root: migrate, open the database, build
// the services and the bot, then long polling, the outbox loop and the jobs.
// Used by `npm start` for the real bot and by the sandbox with its stand-in.
import { run } from "@grammyjs/runner";
import type { Logger } from "pino";
import type { Config } from "../core/config/config.ts";
import { openDb } from "../core/db/client.ts";
import { migrateDeploy } from "../core/db/migrate.ts";
import type { Clock } from "../core/clock.ts";
import { ensureGreetingDays } from "../core/follow-ups/greetings.ts";
import { ensureLoyaltyDefaults } from "../core/loyalty/defaults.ts";
import { createServices, type Services } from "../core/services.ts";
import { setChatCommands, setDefaultCommands } from "./commands.ts";
import { createBot } from "./create-bot.ts";
import { isLanguage, languageFromTelegram, type Language } from "./i18n.ts";
import type { SessionData } from "./context.ts";
import { prismaSessionStorage } from "./middlewares/session-storage.ts";
import { morningPassed, runMorning, scheduleJobs } from "./jobs.ts";
import { createOutboxSender } from "./outbox-sender.ts";
import { createBroadcastTicker } from "./broadcast-ticker.ts";
import { createBroadcastRenderer } from "./notices/broadcast.ts";

export interface StartOptions {
  config: Config;
  token: string;
  logger: Logger;
  /** Runs once the database is ready and before polling starts (the sandbox seeds its demo here). */
  prepare?: (services: Services) => Promise<void>;
  /** The time the shop's rules see (the sandbox moves it a day forward); the system clock otherwise. */
  clock?: Clock;
}

export interface RunningBot {
  services: Services;
  username: string;
  /** The morning job now: birthdays, the day's follow-ups, each seller's list (idempotent). */
  runMorning(): ReturnType<typeof runMorning>;
  stop(): Promise<void>;
}

export async function startBot({ config, token, logger, prepare, clock }: StartOptions): Promise<RunningBot> {
  const migration = migrateDeploy(config.DATABASE_URL);
  if (!migration.ok) throw new Error(`database migration failed:\n${migration.output}`);
  const db = await openDb(config.DATABASE_URL);
  await ensureLoyaltyDefaults(db, config.SHOP_CURRENCY);
  await ensureGreetingDays(db);
  const services = createServices(db, config, clock);
  const interrupted = await services.data.imports.failInterrupted();
  if (interrupted.count > 0) logger.warn({ imports: interrupted.count }, "imports cut off by a restart marked failed: send the file again to finish");
  await prepare?.(services);

  const sessionStorage = prismaSessionStorage<SessionData>(db);
  const bot = createBot(token, { services, config, logger, sessionStorage }, { client: { apiRoot: config.TELEGRAM_API_ROOT } });
  await bot.init();
  await setDefaultCommands(bot.api);
  for (const ownerId of config.OWNER_IDS) {
    // An owner who has never opened the bot has no chat yet: the menu comes with their /start.
    await setChatCommands(bot.api, ownerId, "owner", languageFromTelegram(undefined)).catch(() => undefined);
  }
  const sender = createOutboxSender(bot.api, services.outbox, logger, {
    rate: config.BROADCAST_RATE,
    render: createBroadcastRenderer(services.broadcasts, services.clock),
    quietNow: services.broadcasts.quietNow,
  });
  sender.start();
  const ticker = createBroadcastTicker(bot.api, services, config, logger);
  ticker.start();
  const languageOf = async (chatId: number): Promise<Language> => {
    const lang = (await sessionStorage.read(String(chatId)))?.language;
    return isLanguage(lang) ? lang : "ru";
  };
  const morning = { services, config, languageOf };
  const jobs = scheduleJobs(morning, logger);
  const runMorningNow = async () => {
    const result = await runMorning(morning);
    await sender.flush();
    return result;
  };
  // Down at the morning time? Then the morning runs now; it is idempotent, so nobody gets it twice.
  if (morningPassed(services.clock.now(), config)) {
    runMorningNow().then(
      (result) => logger.info({ job: "morning", result }, "morning job done at start-up"),
      (err: unknown) => logger.error({ err, job: "morning" }, "morning job at start-up failed"),
    );
  }
  // SQLite has one writer: more updates in flight only queue up and hold memory.
  const runner = run(bot, { sink: { concurrency: 32 } });
  logger.info({ bot: bot.botInfo.username, apiRoot: config.TELEGRAM_API_ROOT }, "bot started (long polling)");

  return {
    services,
    username: bot.botInfo.username,
    runMorning: runMorningNow,
    async stop() {
      for (const job of jobs) await job.stop();
      if (runner.isRunning()) await runner.stop();
      await ticker.stop();
      await sender.stop();
      await db.$disconnect();
    },
  };
}
