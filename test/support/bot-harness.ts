// Drives the real bot the way Telegram does: createBot with botInfo set and a
// fake client.fetch that records and checks every call; updates go in through
// bot.handleUpdate. Tests assert on the recorded calls, never inside handlers.
// Each test builds its own harness (a fresh database and a fresh fake
// Telegram), so any test runs alone and in any order.
import { dirname, join } from "node:path";
import type { Update, UserFromGetMe } from "grammy/types";
import { expect, test as baseTest } from "vitest";
import pino from "pino";
import type { CallbackAction, Fields } from "../../bot/callback-data.ts";
import type { SessionData } from "../../bot/context.ts";
import { createBot } from "../../bot/create-bot.ts";
import { createDownload } from "../../bot/helpers/download.ts";
import { runMorning } from "../../bot/jobs.ts";
import { prismaSessionStorage } from "../../bot/middlewares/session-storage.ts";
import { createOutboxSender } from "../../bot/outbox-sender.ts";
import { createBroadcastTicker } from "../../bot/broadcast-ticker.ts";
import { createBroadcastRenderer } from "../../bot/notices/broadcast.ts";
import { fixedClock } from "../../core/clock.ts";
import { ensureGreetingDays } from "../../core/follow-ups/greetings.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices } from "../../core/services.ts";
import type { Currency } from "../../core/config/config.ts";
import { createTestDb } from "./db.ts";
import { createFakeTelegram, type RecordedCall } from "../../sandbox/fake-telegram.ts";
import { createUpdateFactory, type Person } from "./updates.ts";

export const BOT_INFO: UserFromGetMe = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "Jewelry Concierge",
  username: "jewelry_concierge_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

export type { Person };

/** Telegram text with the narrow and normal no-break spaces Intl puts in numbers turned into plain ones. */
export const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

type InlineButton = { text: string; callback_data?: string };
type Markup = { inline_keyboard?: InlineButton[][] } | undefined;
const textOf = (c: RecordedCall) => {
  const text = c.payload.text ?? c.payload.caption;
  return typeof text === "string" ? text : "";
};

export async function createHarness(opts: { ownerIds?: number[]; currency?: Currency; now?: Date } = {}) {
  const testDb = await createTestDb();
  const currency = opts.currency ?? "RUB";
  await ensureLoyaltyDefaults(testDb.db, currency);
  await ensureGreetingDays(testDb.db);
  const clock = fixedClock(opts.now ?? new Date("2026-11-24T09:00:00Z"));
  const config = {
    OWNER_IDS: opts.ownerIds ?? [1],
    SHOP_NAME: "Аметист",
    SHOP_CURRENCY: currency,
    SHOP_TIMEZONE: "Europe/Moscow",
    STAFF_INVITE_HOURS: 24,
    // Beside the test's database, so it goes when the harness closes.
    BACKUP_DIR: join(dirname(testDb.url.replace(/^file:/, "")), "backups"),
  };
  const services = createServices(testDb.db, config, clock);
  const telegram = createFakeTelegram({ botId: BOT_INFO.id, botUsername: BOT_INFO.username });
  const logger = pino({ level: "silent" });
  const sessionStorage = prismaSessionStorage<SessionData>(testDb.db);
  const token = "7000000001:TEST-token-abcdefghijklmnopqrstuvw";
  // A person's files are served as the Bot API serves them (/file/bot<token>/<file_path>), from the fake's store.
  const download = createDownload(token, {
    apiRoot: "http://telegram.test",
    fetch: (url) => {
      const id = /\/file\/bot[^/]+\/files\/(.+)$/.exec(new URL(url).pathname)?.[1];
      const file = id === undefined ? undefined : telegram.file(decodeURIComponent(id));
      return Promise.resolve(file ? new Response(new Uint8Array(file.data)) : new Response("Not Found", { status: 404 }));
    },
  });
  const bot = createBot(
    token,
    { services, config, logger, sessionStorage, download },
    { botInfo: BOT_INFO, client: { fetch: telegram.fetch, apiRoot: "http://telegram.test" } },
  );

  const ticker = createBroadcastTicker(bot.api, services, config, logger);
  let updateId = 1;
  const updates = createUpdateFactory(() => clock.now(), BOT_INFO);
  const send = (update: Omit<Update, "update_id">) => bot.handleUpdate({ update_id: updateId++, ...update });
  const sentTo = (p: Person) => telegram.calls.filter((c) => c.ok && c.method.startsWith("send") && Number(c.payload.chat_id) === p.id);

  /** The newest message sent to this person, or edited, with a button whose data passes `match`. */
  function messageWithButton(p: Person, match: (data: string) => boolean) {
    const carriers = telegram.calls.filter(
      (c) => c.ok && (c.method.startsWith("send") || c.method.startsWith("edit")) && Number(c.payload.chat_id) === p.id && c.payload.reply_markup,
    );
    for (const call of [...carriers].reverse()) {
      const button = (call.payload.reply_markup as Markup)?.inline_keyboard?.flat().find((b) => b.callback_data && match(b.callback_data));
      if (!button) continue;
      const messageId = call.method.startsWith("send") ? (call.result as { message_id: number }).message_id : Number(call.payload.message_id);
      return { call, data: button.callback_data!, messageId };
    }
    return undefined;
  }

  const h = {
    bot,
    db: testDb.db,
    services,
    telegram,
    clock,
    backupDir: config.BACKUP_DIR,
    close: () => testDb.close(),
    text: (from: Person, text: string) => send(updates.text(from, text)),
    contact: (from: Person, phone: string, userId = from.id) => send(updates.contact(from, phone, userId)),
    photo: (from: Person, fileId: string, caption?: string) => send(updates.photo(from, fileId, caption)),
    chatMember: (from: Person, status: "kicked" | "member") => send(updates.myChatMember(from, status)),
    document: (from: Person, doc: Parameters<typeof updates.document>[1]) => send(updates.document(from, doc)),
    /**
     * Taps a button: the newest one sent to this person whose data starts with
     * `data` (or matches an action's filter), on the message that carries it.
     * Data no message carries is sent as a forged tap on a made-up message.
     */
    tap(from: Person, data: string | Pick<CallbackAction<Fields>, "filter">) {
      const match = typeof data === "string" ? (d: string) => d.startsWith(data) : (d: string) => data.filter.test(d);
      const found = messageWithButton(from, match);
      if (!found) return send(updates.tap(from, typeof data === "string" ? data : "forged", ""));
      return send(updates.tap(from, found.data, textOf(found.call), found.messageId));
    },
    /** Taps exactly `data` again on the message that carried it (a double tap, or a tap after a restart). */
    tapAgain(from: Person, data: string) {
      const found = messageWithButton(from, (d) => d === data);
      if (!found) throw new Error(`no message to ${from.id} carries ${data}`);
      return send(updates.tap(from, data, textOf(found.call), found.messageId));
    },

    /** A client who went through onboarding already (set up through core, not through chat). */
    async join(p: Person, phone: string, name: string, language: "ru" | "zh" = "ru", birthday: string | null = null) {
      await services.onboarding.giveConsent(p.id, language);
      await services.onboarding.setPhone(p.id, phone, false);
      await services.onboarding.setName(p.id, name);
      return (await services.onboarding.finish(p.id, birthday)).client;
    },
    /** A member of staff who joined through an owner's invite. */
    async hire(p: Person, ownerId = config.OWNER_IDS[0]!, language: "ru" | "zh" = "ru") {
      const { token } = await services.staff.createInvite({ telegramId: ownerId, role: "owner" });
      return (await services.staff.redeemInvite(token, { telegramId: p.id, name: p.first_name, language })).member;
    },
    /** The morning job as at DIGEST_TIME: birthdays, the day's follow-ups, each seller's and owner's list into the outbox. */
    morning: () =>
      runMorning({
        services,
        config: { ...config, DIGEST_TIME: "10:00" },
        languageOf: async (chatId) => {
          const lang = (await sessionStorage.read(String(chatId)))?.language;
          return lang === "zh" ? "zh" : "ru";
        },
      }),
    /** Delivers what the outbox holds (purchase thanks, return notices); returns how many went. */
    /** Sends what the outbox holds now (broadcast rows worded for their readers), quickly: the rate is the sender's own test. */
    flushOutbox: () =>
      createOutboxSender(bot.api, services.outbox, logger, {
        rate: 1000,
        render: createBroadcastRenderer(services.broadcasts, clock),
        quietNow: services.broadcasts.quietNow,
      }).flush(),
    /** One round of the broadcast ticker (one ticker per harness, as in the running bot): scheduled ones start, stats messages are edited. */
    broadcastTick: () => ticker.tick(),

    /** Every text (or caption) the bot sent to this person, oldest first. */
    textsTo: (p: Person) => telegram.texts(p.id),
    lastTextTo: (p: Person) => plain(telegram.texts(p.id).at(-1) ?? ""),
    /** The text of a message as it stands now, after any edits (by the id it was sent with). */
    currentText(p: Person, messageId: number) {
      const edits = telegram.calls.filter((c) => c.ok && c.method.startsWith("edit") && Number(c.payload.chat_id) === p.id && c.payload.message_id === messageId);
      const last = edits.filter((c) => c.payload.text !== undefined).at(-1);
      return plain(last ? textOf(last) : textOf(sentTo(p).find((c) => (c.result as { message_id: number }).message_id === messageId)!));
    },
    /** The callback data of every inline button of the last message sent to this person with buttons. */
    buttonsOf(p: Person): string[] {
      const last = [...sentTo(p)].reverse().find((c) => (c.payload.reply_markup as Markup)?.inline_keyboard);
      return (last?.payload.reply_markup as Markup)?.inline_keyboard?.flat().map((b) => b.callback_data ?? "") ?? [];
    },
    lastAnswer: () => telegram.lastCall("answerCallbackQuery")?.payload as { text?: string; show_alert?: boolean } | undefined,
  };
  return h;
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

type HarnessOptions = Parameters<typeof createHarness>[0];

/**
 * `it` with a fresh harness per test: `const test = botTest(); test("When …", async ({ h }) => …)`.
 * After each test no call may have been one Telegram would refuse.
 */
export function botTest(opts: HarnessOptions = {}) {
  return baseTest.extend<{ h: Harness }>({
    h: async ({}, use) => { // eslint-disable-line no-empty-pattern -- vitest reads a fixture's dependencies from this destructuring
      const h = await createHarness(opts);
      try {
        await use(h);
        expect(h.telegram.violations).toEqual([]);
      } finally {
        await h.close();
      }
    },
  });
}
