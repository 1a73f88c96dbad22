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
import { createFakeTelegram } from "../../sandbox/fake-telegram.ts";
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
  const updates = createUpdateFactory(() => clock.now(), BOT_INFO);
  const send = (update: Omit<Update, "update_id">) => bot.handleUpdate({ update_id: updateId++, ...update } as Update);
  const lastSentTo = (p: Person) =>
    [...telegram.calls].reverse().find((c) => c.method.startsWith("send") && Number(c.payload.chat_id) === p.id);

  return {
    bot,
    db: testDb.db,
    services,
    telegram,
    clock,
    close: () => testDb.close(),
    text: (from: Person, text: string) => send(updates.text(from, text)),
    contact: (from: Person, phone: string, userId = from.id) => send(updates.contact(from, phone, userId)),
    /** Taps an inline button of the last message the bot sent to this person. */
    tap: (from: Person, data: string) => send(updates.tap(from, data, String(lastSentTo(from)?.payload.text ?? ""))),

    /** A client who went through onboarding already (set up through core, not through chat). */
    async join(p: Person, phone: string, name: string, language: "ru" | "zh" = "ru", birthday: string | null = null) {
      await services.onboarding.giveConsent(p.id, language);
      await services.onboarding.setPhone(p.id, phone, false);
      await services.onboarding.setName(p.id, name);
      return (await services.onboarding.finish(p.id, birthday)).client;
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
