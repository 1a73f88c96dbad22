// Scheduled work, in the shop's time zone: expired points are written off at
// night, and tiers whose rolling period no longer reaches them go down; in the morning (DIGEST_TIME) birthday bonuses are credited, the
// day's follow-up reasons are scheduled and each seller and owner is pushed
// their call list. Every step is idempotent, so the morning also runs at
// start-up when the bot was down at that time, and running it twice sends
// nobody a second push and credits no bonus twice. Clients going to an event
// the next day are reminded in the same morning, once per event; clients are
// asked for a rating a few days after a purchase and after a handed-over ticket.
// At BACKUP_TIME (unless "off") the database is copied into BACKUP_DIR.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import { isoDate, shopMinutes } from "../core/calendar.ts";
import type { Config } from "../core/config/config.ts";
import type { Services } from "../core/services.ts";
import type { BotConfig } from "./context.ts";
import { formatter, isLanguage, translator, type Language } from "./i18n.ts";
import type { DueScope } from "./keyboards/due.ts";
import { reminderNotice } from "./notices/events.ts";
import { cleaningReminder } from "./notices/cleaning.ts";
import { viewingNotify } from "./notices/viewings.ts";
import { alertNotice, askNotice } from "./notices/feedback.ts";
import { birthdayNotice } from "./notices/loyalty.ts";
import { dueListMessage, outboxMessage } from "./views/due.ts";

export type JobConfig = BotConfig & { DIGEST_TIME: string } & Partial<Pick<Config, "BACKUP_TIME">>;

export interface MorningDeps {
  services: Services;
  config: JobConfig;
  /** The language a person chose in the bot (owners have no staff row to keep it). */
  languageOf: (chatId: number) => Promise<Language>;
}

/** Each seller's list (theirs and the pool) and each owner's (the pool) into the outbox, once a day per person. */
export async function pushCallLists({ services, config, languageOf }: MorningDeps): Promise<number> {
  const today = services.followUps.today();
  const todayStart = services.followUps.todayStart();
  const people: { chatId: number; scope: DueScope; core: Parameters<Services["followUps"]["list"]>[0]; owner: boolean; lang: Language }[] = [];
  for (const m of await services.staff.listActive()) {
    people.push({ chatId: m.telegramId, scope: "mine", core: { kind: "staff", staffId: m.id }, owner: false, lang: isLanguage(m.language) ? m.language : "ru" });
  }
  for (const ownerId of config.OWNER_IDS) people.push({ chatId: ownerId, scope: "pool", core: { kind: "pool" }, owner: true, lang: await languageOf(ownerId) });
  const keyOf = (chatId: number) => `call_list:${isoDate(today)}:${chatId}`;
  const waiting: typeof people = [];
  for (const p of people) if (!(await services.outbox.queued(keyOf(p.chatId)))) waiting.push(p);
  const pages = await services.followUps.firstPages(waiting.map((p) => p.core));
  let pushed = 0;
  for (const [i, p] of waiting.entries()) {
    const page = pages[i]!;
    const dedupeKey = keyOf(p.chatId);
    if (page.total === 0) continue;
    const voice = { t: translator(p.lang), fmt: formatter(p.lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE), lang: p.lang };
    const { text, keyboard } = dueListMessage(voice, page, p.scope, { owner: p.owner, morning: true, today: todayStart });
    await services.outbox.enqueue(services.db, { chatId: p.chatId, kind: "call_list", message: outboxMessage(text, keyboard), dedupeKey });
    pushed++;
  }
  return pushed;
}

/** "How do you like it?" after purchases and handed-over tickets; low ratings left unfinished still reach the owners. */
async function askForFeedback({ services, config, languageOf }: MorningDeps) {
  const asked = await services.feedback.ask(askNotice(config));
  const owners = new Map(await Promise.all(config.OWNER_IDS.map(async (id) => [id, await languageOf(id)] as const)));
  const alerted = await services.feedback.alertUnfinished(alertNotice(owners));
  return { asked, alerted };
}

/** Tomorrow's private viewings: the client and the staff member (or owner, in the language of their chat) who set the time. */
async function remindViewings({ services, config, languageOf }: MorningDeps): Promise<number> {
  const owners = new Map(await Promise.all(config.OWNER_IDS.map(async (id) => [id, await languageOf(id)] as const)));
  return services.viewings.remindTomorrow(viewingNotify(config, owners));
}

export async function runMorning(deps: MorningDeps) {
  const { services, config } = deps;
  const birthdays = await services.points.birthdays(config.SHOP_TIMEZONE, (client, points, year) => birthdayNotice(client, points, year, config));
  const reminders = await services.events.remindTomorrow(config.SHOP_TIMEZONE, reminderNotice(config));
  const cleaning = await services.cleaning.remindTomorrow(cleaningReminder(config));
  const viewings = await remindViewings(deps);
  const scheduled = await services.followUps.schedule();
  const pushed = await pushCallLists(deps);
  const feedback = await askForFeedback(deps);
  return { birthdays, reminders, cleaning, viewings, scheduled, pushed, feedback };
}

/** The night's copy of the database; a copy that fails its integrity check is a failure, logged at error. */
export async function dailyBackup(services: Services) {
  const result = await services.data.backup();
  if (result.integrity !== "ok") throw new Error(`backup ${result.file} failed its integrity check: ${result.integrity}`);
  return result;
}

/** Minutes after midnight of DIGEST_TIME ("10:00" → 600). */
export const digestMinutes = (time: string) => {
  const [hour, minute] = time.split(":").map(Number);
  return hour! * 60 + minute!;
};

/** True when today's morning time has already passed in the shop: a start-up then runs the morning at once. */
export const morningPassed = (now: Date, config: Pick<JobConfig, "DIGEST_TIME" | "SHOP_TIMEZONE">) => shopMinutes(now, config.SHOP_TIMEZONE) >= digestMinutes(config.DIGEST_TIME);

export function scheduleJobs(deps: MorningDeps, logger: Logger): ScheduledTask[] {
  const { services, config } = deps;
  const minutes = digestMinutes(config.DIGEST_TIME);
  const options = { timezone: config.SHOP_TIMEZONE, noOverlap: true };
  const job = (name: string, run: () => Promise<unknown>) => async () => {
    try {
      logger.info({ job: name, result: await run() }, "job done");
    } catch (err) {
      logger.error({ err, job: name }, "job failed");
    }
  };
  const backup = config.BACKUP_TIME && config.BACKUP_TIME !== "off" ? digestMinutes(config.BACKUP_TIME) : null;
  return [
    ...(backup === null ? [] : [cron.schedule(`${backup % 60} ${Math.floor(backup / 60)} * * *`, job("backup", () => dailyBackup(services)), { ...options, name: "backup" })]),
    cron.schedule("5 3 * * *", job("night", async () => ({ points: await services.points.expire(), tiers: await services.points.dropTiers() })), { ...options, name: "night" }),
    cron.schedule(`${minutes % 60} ${Math.floor(minutes / 60)} * * *`, job("morning", () => runMorning(deps)), { ...options, name: "morning" }),
  ];
}
