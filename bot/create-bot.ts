// The composition root of the Telegram layer: no module-level bot, so tests
// build as many as they like with a fake Telegram client.
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, session, type BotConfig as GrammyBotConfig, type StorageAdapter } from "grammy";
import type { Logger } from "pino";
import type { Services } from "../core/services.ts";
import type { BotConfig, Context, SessionData } from "./context.ts";
import { errorHandler } from "./errors.ts";
import { adjustFeature } from "./features/adjust.ts";
import { cancelFeature } from "./features/cancel.ts";
import { broadcastFeature } from "./features/broadcast.ts";
import { broadcastsFeature } from "./features/broadcasts.ts";
import { cardFeature } from "./features/card.ts";
import { clientFileFeature } from "./features/client-file.ts";
import { historyFeature } from "./features/history.ts";
import { purchaseFeature } from "./features/purchase.ts";
import { reachabilityFeature } from "./features/reachability.ts";
import { tagsFeature } from "./features/tags.ts";
import { refundFeature } from "./features/refund.ts";
import { reportFeature } from "./features/report.ts";
import { dueFeature } from "./features/due.ts";
import { eventsFeature } from "./features/events.ts";
import { cleaningFeature } from "./features/cleaning.ts";
import { viewingsFeature } from "./features/viewings.ts";
import { ticketsFeature } from "./features/tickets.ts";
import { createFeedbackFeature } from "./features/feedback.ts";
import { feedbackRecordFeature } from "./features/feedback-record.ts";
import { wishesFeature } from "./features/wishes.ts";
import { wishesListFeature } from "./features/wishes-list.ts";
import { forgetFeature } from "./features/forget.ts";
import { greetingsFeature } from "./features/greetings.ts";
import { helpFeature } from "./features/help.ts";
import { languageFeature } from "./features/language.ts";
import { onboardingFeature } from "./features/onboarding.ts";
import { profileFeature } from "./features/profile.ts";
import { settingsFeature } from "./features/settings.ts";
import { createStaffFeature } from "./features/staff.ts";
import { subscriptionsFeature } from "./features/subscriptions.ts";
import { unhandledFeature } from "./features/unhandled.ts";
import { createDataImportFeature } from "./features/data-import.ts";
import { createDataExportFeature } from "./features/data-export.ts";
import { createBackupFeature } from "./features/backup.ts";
import { createDownload, type Download } from "./helpers/download.ts";
import { attachServices, resolveLanguage, resolveRole } from "./middlewares/context.ts";
import { prismaSessionStorage } from "./middlewares/session-storage.ts";

export interface BotDeps {
  services: Services;
  config: BotConfig;
  logger: Logger;
  sessionStorage?: StorageAdapter<SessionData>;
  /** Reads a document's bytes (tests serve the fake Telegram's files); from the API root the bot talks to otherwise. */
  download?: Download;
}

/** One session per private chat; updates of one chat are handled in order. */
const sessionKey = (ctx: { chat?: { id: number } }) => ctx.chat?.id.toString();

export function createBot(token: string, deps: BotDeps, botConfig?: GrammyBotConfig<Context>): Bot<Context> {
  const bot = new Bot<Context>(token, botConfig);
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  const storage = deps.sessionStorage ?? prismaSessionStorage<SessionData>(deps.services.db);
  bot.use(sequentialize(sessionKey));
  bot.use(attachServices(deps.services, deps.config, deps.logger));
  bot.use(session({ initial: (): SessionData => ({}), getSessionKey: sessionKey, storage }));
  bot.use(resolveRole, resolveLanguage);

  const features = bot.errorBoundary(errorHandler);
  features.use(reachabilityFeature);
  features.use(createStaffFeature(storage));
  features.use(onboardingFeature);
  features.use(cancelFeature);
  features.use(purchaseFeature);
  features.use(refundFeature);
  features.use(clientFileFeature);
  features.use(tagsFeature);
  features.use(historyFeature);
  features.use(cardFeature);
  features.use(languageFeature);
  features.use(helpFeature);
  features.use(forgetFeature);
  features.use(settingsFeature);
  features.use(adjustFeature);
  features.use(dueFeature);
  features.use(greetingsFeature);
  features.use(profileFeature);
  features.use(subscriptionsFeature);
  features.use(broadcastFeature);
  features.use(broadcastsFeature);
  features.use(reportFeature);
  features.use(eventsFeature);
  features.use(cleaningFeature, viewingsFeature);
  features.use(ticketsFeature);
  features.use(wishesFeature, wishesListFeature);
  features.use(createFeedbackFeature(storage), feedbackRecordFeature);
  const download = deps.download ?? createDownload(token, { apiRoot: botConfig?.client?.apiRoot });
  features.use(createDataImportFeature(download), createDataExportFeature(), createBackupFeature());
  features.use(unhandledFeature);
  return bot;
}
