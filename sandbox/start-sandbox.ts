// `npm start` without a token: the Bot API stand-in on loopback, the real bot
// pointed at it (its own demo database), and the web chat at
// http://localhost:<SANDBOX_PORT> to try the bot as a client, a seller or the owner.
import { dirname, join } from "node:path";
import type { Logger } from "pino";
import { isoDate, shopDate } from "../core/calendar.ts";
import { DAY_MS, offsetClock } from "../core/clock.ts";
import type { Config } from "../core/config/config.ts";
import { morningPassed } from "../bot/jobs.ts";
import { startBot, type RunningBot } from "../bot/start.ts";
import { startBotApiServer } from "./bot-api-server.ts";
import { seedDemo } from "./demo-data.ts";
import { registerDemoPhotos } from "./demo-photos.ts";
import { OWNER_PERSONA } from "./personas.ts";

export const SANDBOX_TOKEN = "1234567890:SANDBOX-this-is-not-a-real-token";
const SANDBOX_BOT = { id: 1_234_567_890, username: "jewelry_sandbox_bot" };
/** Equal ends: no quiet hours. */
const NO_QUIET_HOURS = "00:00-00:00";

/** `env` tells whether QUIET_HOURS was set, which the parsed config (with its default) cannot. */
export async function startSandbox(config: Config, logger: Logger, env: Record<string, string | undefined> = process.env) {
  // The shop's time in the sandbox: the system time, moved a day on by the page's "next day" button.
  const clock = offsetClock();
  const running: { bot?: RunningBot } = {};
  let days = Promise.resolve<unknown>(undefined);
  const today = () => ({ now: clock.now().toISOString(), date: isoDate(shopDate(clock.now(), config.SHOP_TIMEZONE)), timeZone: config.SHOP_TIMEZONE });
  const nextDay = () => {
    // One day after another: a second click waits for the first morning to finish.
    const run = days.then(async () => {
      if (!running.bot) throw new Error("the bot is not running yet");
      clock.advance(DAY_MS);
      const morning = await running.bot.runMorning();
      logger.info({ job: "morning", date: today().date, result: morning }, "sandbox: next day");
      return morning;
    });
    days = run.catch(() => undefined);
    return run;
  };
  const server = await startBotApiServer({
    port: config.SANDBOX_PORT,
    token: SANDBOX_TOKEN,
    botId: SANDBOX_BOT.id,
    botUsername: SANDBOX_BOT.username,
    stateFile: config.SANDBOX_STATE_FILE,
    maxRecordedCalls: 2_000,
    controls: { clock: today, nextDay },
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") throw new Error(`port ${config.SANDBOX_PORT} is busy: set SANDBOX_PORT to another port (0 picks a free one)`);
    throw error;
  });
  // The demo tickets' photos: their ids are in the demo database, their bytes only here.
  registerDemoPhotos(server.telegram);
  const sandboxConfig: Config = {
    ...config,
    DATABASE_URL: config.SANDBOX_DATABASE_URL,
    TELEGRAM_API_ROOT: server.url,
    OWNER_IDS: [OWNER_PERSONA.id, ...config.OWNER_IDS],
    // A visitor trying a broadcast at 23:00 should see it arrive: no quiet hours unless asked for.
    QUIET_HOURS: env.QUIET_HOURS?.trim() ? config.QUIET_HOURS : NO_QUIET_HOURS,
    // Copies of the demo (/backup, the daily job) go beside the demo database, never among the
    // shop's: there they would count towards BACKUP_KEEP and push the shop's real copies out.
    BACKUP_DIR: join(dirname(config.SANDBOX_DATABASE_URL.replace(/^file:/, "").replace(/\?.*$/, "")), "sandbox-backups"),
  };
  const bot = (running.bot = await startBot({
    config: sandboxConfig,
    token: SANDBOX_TOKEN,
    logger,
    clock,
    prepare: async (services) => {
      if (await seedDemo(services, sandboxConfig)) logger.info("demo data created");
    },
  }));
  // startBot runs the morning itself once DIGEST_TIME has passed; earlier in the day the
  // sandbox runs it now, so a visitor at any hour finds the seller's call list.
  if (!morningPassed(clock.now(), sandboxConfig)) await bot.runMorning();
  const port = new URL(server.url).port;
  process.stdout.write(
    [
      "",
      "  No BOT_TOKEN: running the sandbox (a local Telegram stand-in with demo data).",
      `  Open http://localhost:${port} and choose who you are: a client (Russian or Chinese), a seller or the owner.`,
      `  Demo database: ${config.SANDBOX_DATABASE_URL}. With BOT_TOKEN set, npm start runs the real bot.`,
      "",
    ].join("\n") + "\n",
  );
  return {
    url: server.url,
    async stop() {
      await days;
      await bot.stop();
      await server.close();
    },
  };
}
