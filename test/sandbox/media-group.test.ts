// Albums in the Bot API stand-in (the owner's /report sends its four charts as
// one): each item becomes a message of its own with the album's
// media_group_id and its uploaded bytes, and the albums Telegram refuses are
// refused here too.
import { Bot, GrammyError, InputFile, InputMediaBuilder } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { createFakeTelegram, type FakeTelegram } from "../../sandbox/fake-telegram.ts";
import { solidPng } from "../support/png.ts";

const botInfo = {
  id: 42, is_bot: true, first_name: "Test Bot", username: "test_bot", can_join_groups: false,
  can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false,
} as UserFromGetMe;
const CHAT = 1001;

let fake: FakeTelegram;
let bot: Bot;
let shown: Record<string, unknown>[];
beforeEach(() => {
  shown = [];
  fake = createFakeTelegram({ botId: 42, listener: { message: (_chat, message, change) => void (change === "new" && shown.push(message)) } });
  bot = new Bot("123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz", { botInfo, client: { fetch: fake.fetch, apiRoot: "http://fake.telegram" } });
});

const png = (i: number) => solidPng(40 + i, 30, [i * 40, 80, 120]);
const photos = (n: number, caption?: string) =>
  Array.from({ length: n }, (_, i) => InputMediaBuilder.photo(new InputFile(png(i), `chart-${i}.png`), i === 0 && caption ? { caption } : {}));

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GrammyError);
  return (error as GrammyError).description;
}

describe("albums in the stand-in", () => {
  it("When the bot sends four uploaded charts as an album, then four photo messages share a group, the first with the caption, each with its own bytes", async () => {
    const sent: Message[] = await bot.api.sendMediaGroup(CHAT, photos(4, "📊 Графики: 2026 год"));
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((m) => m.media_group_id)).size).toBe(1);
    expect(sent.map((m) => m.caption)).toEqual(["📊 Графики: 2026 год", undefined, undefined, undefined]);
    for (const [i, m] of sent.entries()) expect(fake.file(m.photo!.at(-1)!.file_id)?.data.equals(png(i))).toBe(true);
    // The page's chat shows each of them.
    expect(shown.map((m) => m["message_id"])).toEqual(sent.map((m) => m.message_id));
    expect(fake.violations).toEqual([]);
  });

  it("When an album is one item, eleven, mixes a file with photos or has a long caption, then Telegram's refusal comes back", async () => {
    expect(await refusal(bot.api.sendMediaGroup(CHAT, photos(1)))).toBe("Bad Request: media group must include 2-10 items");
    expect(await refusal(bot.api.sendMediaGroup(CHAT, photos(11)))).toBe("Bad Request: too much messages to send as an album");
    // grammY's types forbid this album; a bot built without them must still be refused.
    const mixed = [...photos(1), InputMediaBuilder.document(new InputFile(Buffer.from("a;b\r\n"), "rows.csv"))] as Parameters<Bot["api"]["sendMediaGroup"]>[1];
    expect(await refusal(bot.api.sendMediaGroup(CHAT, mixed))).toBe("Bad Request: document can't be mixed with other media types");
    expect(await refusal(bot.api.sendMediaGroup(CHAT, photos(2, "я".repeat(1025))))).toBe("Bad Request: message caption is too long");
    expect(shown).toEqual([]);
  });
});
