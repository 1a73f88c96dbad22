// The composition of the domain: one object the bot receives as `ctx.services`.
import type { CountryCode } from "libphonenumber-js";
import type { Actor } from "./audit/audit.ts";
import { systemClock, type Clock } from "./clock.ts";
import type { Config } from "./config/config.ts";
import { defaultPhoneRegion } from "./config/config.ts";
import type { Db } from "./db/client.ts";
import { addNote, getClientFile } from "./clients/client-file.ts";
import { createCounterClient } from "./clients/counter.ts";
import { forgetClient } from "./clients/forget.ts";
import { createOnboarding } from "./clients/onboarding.ts";
import { createProfile } from "./clients/profile.ts";
import { createReachability } from "./clients/reachability.ts";
import { setTags } from "./clients/tags.ts";
import { findClientById, findClients } from "./clients/search.ts";
import { getCardView } from "./loyalty/card-view.ts";
import { pointsHistory, purchaseHistory } from "./loyalty/history.ts";
import { adjustPoints, expirePoints } from "./loyalty/ledger.ts";
import { grantBirthdayBonuses } from "./loyalty/birthday-bonus.ts";
import { createPurchaseService } from "./loyalty/purchases.ts";
import { createRefundService } from "./loyalty/refunds.ts";
import { getSettings, updateSetting, updateTier, updateTierSetting, type SettingName, type TierField, type TierSettingName } from "./loyalty/settings.ts";
import { dropExpiredTiers, listTiers } from "./loyalty/tiers.ts";
import { createFollowUps } from "./follow-ups/follow-ups.ts";
import { createOutbox } from "./outbox/outbox.ts";
import { createTopics } from "./broadcasts/topics.ts";
import { createEvents } from "./events/events.ts";
import { createTickets } from "./tickets/tickets.ts";
import { createCleaning } from "./cleaning/cleaning.ts";
import { createViewings } from "./viewings/viewings.ts";
import { createBroadcasts } from "./broadcasts/broadcasts.ts";
import { parseQuietHours } from "./broadcasts/quiet-hours.ts";
import { latestNews } from "./broadcasts/news.ts";
import { createStaffService } from "./staff/staff.ts";
import { createWishes } from "./wishes/wishes.ts";
import { createFeedback } from "./feedback/feedback.ts";
import { createReports } from "./reports/reports.ts";
import { createData } from "./data/data.ts";

/** The shop's time zone decides which day a follow-up is due on (Moscow when not given). */
export type ServicesConfig = Pick<Config, "OWNER_IDS" | "SHOP_CURRENCY" | "STAFF_INVITE_HOURS"> &
  Partial<Pick<Config, "SHOP_TIMEZONE" | "BROADCAST_WEEKLY_CAP" | "QUIET_HOURS">> &
  Partial<Pick<Config, "BACKUP_DIR" | "BACKUP_KEEP">>;

export function createServices(db: Db, config: ServicesConfig, clock: Clock = systemClock) {
  const phoneRegion: CountryCode = defaultPhoneRegion(config);
  const outbox = createOutbox(db, clock);
  const timeZone = config.SHOP_TIMEZONE ?? "Europe/Moscow";
  return {
    db,
    clock,
    phoneRegion,
    onboarding: createOnboarding(db, clock, phoneRegion),
    staff: createStaffService(db, clock, config.OWNER_IDS, config.STAFF_INVITE_HOURS),
    cards: { view: (telegramId: number) => getCardView(db, clock, telegramId) },
    clients: {
      forget: (telegramId: number, actor: Actor) => forgetClient(db, clock, telegramId, actor),
      createAtCounter: (actor: Actor, input: { phone: string; name?: string }) => createCounterClient(db, actor, phoneRegion, input),
      find: (query: string) => findClients(db, query, phoneRegion),
      byId: (id: number) => findClientById(db, id),
      file: (id: number) => getClientFile(db, clock, id),
      addNote: (id: number, authorTelegramId: number, text: string) => addNote(db, clock, id, authorTelegramId, text),
      setTags: (id: number, tags: string[]) => setTags(db, id, tags),
    },
    profile: createProfile(db, clock),
    history: {
      purchases: (clientId: number, page: number) => purchaseHistory(db, clientId, page),
      points: (clientId: number, page: number) => pointsHistory(db, clientId, page),
    },
    outbox,
    topics: createTopics(db),
    reachability: createReachability(db, clock),
    events: createEvents(db, clock, outbox, timeZone, phoneRegion),
    tickets: createTickets(db, clock, outbox, config.OWNER_IDS),
    cleaning: createCleaning(db, clock, outbox, { timeZone, quietHours: parseQuietHours(config.QUIET_HOURS ?? "21:00-10:00") }),
    viewings: createViewings(db, clock, outbox, config.OWNER_IDS, timeZone),
    broadcasts: createBroadcasts(db, clock, {
      weeklyCap: config.BROADCAST_WEEKLY_CAP ?? 2,
      timeZone,
      quietHours: parseQuietHours(config.QUIET_HOURS ?? "21:00-10:00"),
    }),
    news: (clientId: number) => latestNews(db, clientId),
    followUps: createFollowUps(db, clock, timeZone),
    wishes: createWishes(db, clock, outbox),
    feedback: createFeedback(db, clock, outbox, config.OWNER_IDS, timeZone),
    reports: createReports(db, clock, timeZone),
    data: createData(db, clock, {
      timeZone,
      region: phoneRegion,
      currency: config.SHOP_CURRENCY,
      backupDir: config.BACKUP_DIR ?? "./data/backups",
      backupKeep: config.BACKUP_KEEP ?? 7,
    }),
    purchases: createPurchaseService(db, clock, config.SHOP_CURRENCY, outbox),
    refunds: createRefundService(db, clock, outbox),
    points: {
      adjust: (actor: Actor, clientId: number, delta: number, reason: string) => adjustPoints(db, actor, clientId, delta, reason, clock.now()),
      expire: () => expirePoints(db, clock.now()),
      /** Tiers whose rolling period no longer reaches their threshold go down (the night job). */
      dropTiers: () => dropExpiredTiers(db, clock.now()),
      birthdays: (timeZone: string, notify: Parameters<typeof grantBirthdayBonuses>[4]) =>
        grantBirthdayBonuses(db, clock, outbox, timeZone, notify),
    },
    loyalty: {
      settings: () => getSettings(db),
      tiers: () => listTiers(db),
      updateSetting: (actor: Actor, name: SettingName, value: number) => updateSetting(db, actor, name, value),
      updateTier: (actor: Actor, code: string, field: TierField, value: number) => updateTier(db, actor, code, field, value),
      /** Free cleaning and private viewings from a tier (its code), or null. */
      updateTierSetting: (actor: Actor, name: TierSettingName, code: string | null) => updateTierSetting(db, actor, name, code),
    },
  };
}

export type Services = ReturnType<typeof createServices>;
