// Scheduled work, in the shop's time zone: expired points are written off at
// night; birthday bonuses and greetings go out in the morning (DIGEST_TIME).
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { Services } from "../core/services.ts";
import type { BotConfig } from "./context.ts";
import { birthdayNotice } from "./notices/loyalty.ts";

export function scheduleJobs(services: Services, config: BotConfig & { DIGEST_TIME: string }, logger: Logger): ScheduledTask[] {
  const [hour, minute] = config.DIGEST_TIME.split(":").map(Number);
  const options = { timezone: config.SHOP_TIMEZONE, noOverlap: true };
  const job = (name: string, run: () => Promise<unknown>) => async () => {
    try {
      logger.info({ job: name, result: await run() }, "job done");
    } catch (err) {
      logger.error({ err, job: name }, "job failed");
    }
  };
  return [
    cron.schedule("5 3 * * *", job("points-expiry", () => services.points.expire()), { ...options, name: "points-expiry" }),
    cron.schedule(
      `${minute} ${hour} * * *`,
      job("birthdays", () => services.points.birthdays(config.SHOP_TIMEZONE, (client, points, year) => birthdayNotice(client, points, year, config))),
      { ...options, name: "birthdays" },
    ),
  ];
}
