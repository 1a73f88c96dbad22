// Drives the real bot the way Telegram does: createBot with botInfo set and a
// fake client.fetch that records and checks every call; updates go in through
// bot.handleUpdate. Tests assert on the recorded calls, never inside handlers.
import type { Update, UserFromGetMe } from "grammy/types";
import pino from "pino";
import { createBot } from "../../bot/create-bot.ts";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices } from "../../core/services.ts";
import type { Currency } from "../../core/config/config.ts";
import { createTestDb } from "./db.ts";
import { createFakeTelegram } from "./fake-telegram.ts";

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

export interface Person {
  id: number;
  first_name: string;
  last_name?: string;
  language_code?: string;
}

export async function createHarness(opts: { ownerIds?: number[]; currency?: Currency; now?: Date } = {}) {
  const testDb = await createTestDb();
  const currency = opts.currency ?? "RUB";
  await ensureLoyaltyDefaults(testDb.db, currency);
  const clock = fixedClock(opts.now ?? new Date("2026-11-24T09:00:00Z"));
  const config = {
    OWNER_IDS: opts.ownerIds ?? [1],
    SHOP_NAME: "Аметист",
    SHOP_CURRENCY: currency,
    SHOP_TIMEZONE: "Europe/Moscow",
    STAFF_INVITE_HOURS: 24,
  };
  const services = createServices(testDb.db, config, clock);
  const telegram = createFakeTelegram({ botId: BOT_INFO.id, botUsername: BOT_INFO.username });
  const bot = createBot(
    "7000000001:TEST-token-abcdefghijklmnopqrstuvw",
    { services, config, logger: pino({ level: "silent" }) },
    { botInfo: BOT_INFO, client: { fetch: telegram.fetch, apiRoot: "http://telegram.test" } },
  );

  let updateId = 1;
  let messageId = 1_000;
  const date = () => Math.floor(clock.now().getTime() / 1000);
  const chat = (p: Person) => ({ id: p.id, type: "private" as const, first_name: p.first_name });
  const send = async (update: Omit<Update, "update_id">) => {
    await bot.handleUpdate({ update_id: updateId++, ...update } as Update);
  };

  return {
    bot,
    db: testDb.db,
    services,
    telegram,
    clock,
    close: () => testDb.close(),

    /** A text message; a leading /command gets its bot_command entity as Telegram sets it. */
    async text(from: Person, text: string) {
      const command = /^\/\w+/.exec(text);
      await send({
        message: {
          message_id: messageId++,
          date: date(),
          chat: chat(from),
          from: { ...from, is_bot: false },
          text,
          ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
        },
      } as Omit<Update, "update_id">);
    },

    async contact(from: Person, phone: string, userId = from.id) {
      await send({
        message: {
          message_id: messageId++,
          date: date(),
          chat: chat(from),
          from: { ...from, is_bot: false },
          contact: { phone_number: phone, first_name: from.first_name, user_id: userId },
        },
      } as Omit<Update, "update_id">);
    },

    /** Taps an inline button; the message is the last one the bot sent to this person. */
    async tap(from: Person, data: string) {
      const last = [...telegram.calls].reverse().find((c) => c.method.startsWith("send") && Number(c.payload.chat_id) === from.id);
      await send({
        callback_query: {
          id: String(updateId * 10),
          from: { ...from, is_bot: false },
          chat_instance: `ci-${from.id}`,
          data,
          message: {
            message_id: messageId++,
            date: date(),
            chat: chat(from),
            from: { ...BOT_INFO },
            text: String(last?.payload.text ?? ""),
          },
        },
      } as Omit<Update, "update_id">);
    },

    /** Every text the bot sent to this person since the last clear(). */
    textsTo: (p: Person) => telegram.texts(p.id),
    lastTextTo: (p: Person) => telegram.texts(p.id).at(-1) ?? "",
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** All inline button callback_data values of the last message sent to this chat. */
export function buttonsOf(h: Harness, p: Person): string[] {
  const last = [...h.telegram.calls]
    .reverse()
    .find((c) => c.method.startsWith("send") && Number(c.payload.chat_id) === p.id && c.payload.reply_markup);
  const markup = last?.payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
  return markup?.inline_keyboard?.flat().map((b) => b.callback_data ?? "") ?? [];
}
