// Entry point of `npm start`. With BOT_TOKEN: the real bot against
// TELEGRAM_API_ROOT. Without it: the sandbox — a local Bot API stand-in, the
// bot pointed at it, demo data and a web chat to try everything.
import "dotenv/config";
import { ConfigError, loadConfig, type Config } from "../core/config/config.ts";
import { startSandbox } from "../sandbox/start-sandbox.ts";
import { createLogger } from "./logger.ts";
import { startBot, type RunningBot } from "./start.ts";

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    process.exit(2);
  }
}

const config = readConfig();
const logger = createLogger(config.LOG_LEVEL);

let running: { stop(): Promise<void> };
try {
  running = config.BOT_TOKEN ? await startBot({ config, token: config.BOT_TOKEN, logger }) : await startSandbox(config, logger);
} catch (error) {
  logger.fatal({ err: error }, "could not start");
  process.exit(1);
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  await (running as RunningBot).stop();
  process.exit(0);
}
// `on`, not `once`: Ctrl+C under npm delivers SIGINT twice (the terminal and npm), and the second must not cut the shutdown short.
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
