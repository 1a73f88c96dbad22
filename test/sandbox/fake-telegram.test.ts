import { Bot, GrammyError, InputFile } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { beforeEach, describe, expect, it } from "vitest";
import { createFakeTelegram, type FakeTelegram } from "../../sandbox/fake-telegram.ts";
import { checkCall, checkCallStatus, LIMITS, parseHtml } from "../../sandbox/telegram-rules.ts";

const botInfo = {
  id: 42, is_bot: true, first_name: "Test Bot", username: "test_bot", can_join_groups: false,
  can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false,
} as UserFromGetMe;
const CHAT = 1001;

let fake: FakeTelegram;
let bot: Bot;
beforeEach(() => {
  fake = createFakeTelegram({ botId: 42, botUsername: "test_bot" });
  bot = new Bot("123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz", {
    botInfo, client: { fetch: fake.fetch, apiRoot: "http://fake.telegram" },
  });
});

async function refusal(promise: Promise<unknown>): Promise<GrammyError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(GrammyError);
  return error as GrammyError;
}

describe("fake Telegram", () => {
  it("When the bot sends a valid message, then it is recorded and answered with a Message", async () => {
    const keyboard = { inline_keyboard: [[{ text: "Карта", callback_data: "card:show" }]] };
    const first = await bot.api.sendMessage(CHAT, "<b>Привет</b> &amp; 你好", { parse_mode: "HTML", reply_markup: keyboard });
    const second = await bot.api.sendMessage(CHAT, "ещё");
    expect(first).toMatchObject({ message_id: 1, chat: { id: CHAT, type: "private" }, from: { id: 42, is_bot: true }, text: "Привет & 你好" });
    expect(second.message_id).toBe(2);
    expect(fake.calls).toHaveLength(2);
    expect(fake.lastCall("sendMessage")?.payload).toEqual({ chat_id: CHAT, text: "ещё" });
    expect(fake.callsTo("sendMessage")[0]?.payload["reply_markup"]).toEqual(keyboard);
    expect(fake.texts(CHAT)).toEqual(["<b>Привет</b> &amp; 你好", "ещё"]);
    expect(fake.texts(999)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it("When a photo is uploaded from a Buffer, then the multipart payload is decoded and the file recorded", async () => {
    const png = Buffer.from("\x89PNG fake image bytes");
    const reply_markup = { inline_keyboard: [[{ text: "Открыть", callback_data: "open" }]] };
    const message = await bot.api.sendPhoto(CHAT, new InputFile(png, "card.png"), { caption: "2024", reply_markup });
    const call = fake.lastCall("sendPhoto");
    expect(call?.payload["chat_id"]).toBe(CHAT);
    expect(call?.payload["caption"]).toBe("2024"); // a String parameter stays a string
    expect(call?.payload["reply_markup"]).toEqual(reply_markup);
    expect(call?.payload["photo"]).toMatch(/^attach:\/\//);
    expect(call?.files["photo"]).toMatchObject({ filename: "card.png", size: png.length });
    expect(message.photo?.[0]).toMatchObject({ width: 320, height: 320, file_size: png.length });
    const file = await bot.api.getFile(message.photo?.[0]?.file_id ?? "");
    expect(file.file_path).toBe(`files/${file.file_id}`);
    expect(fake.file(file.file_id)?.data.length).toBe(file.file_size);
    expect(fake.texts(CHAT)).toEqual(["2024"]);
  });

  it("When a photo a person sent is sent on by file_id after an upload, then it keeps its own bytes and sizes", async () => {
    await bot.api.sendPhoto(CHAT, new InputFile(Buffer.from("\x89PNG the card"), "card.png"));
    const sizes = fake.receivePhoto(Buffer.from("\x89PNG the client's ring"), [{ width: 90, height: 90, file_size: 10 }, { width: 320, height: 320, file_size: 20 }]);
    const sent = await bot.api.sendPhoto(CHAT, sizes[1]!.file_id);
    expect(sent.photo).toEqual(sizes);
    expect(fake.file(sizes[1]!.file_id)?.data.toString()).toBe("\x89PNG the client's ring");
    const doc = fake.receiveDocument(Buffer.from("%PDF"), { file_name: "check.pdf", mime_type: "application/pdf" });
    expect((await refusal(bot.api.sendPhoto(CHAT, doc.file_id))).description).toBe("Bad Request: type of file mismatch");
    expect((await refusal(bot.api.sendDocument(CHAT, sizes[0]!.file_id))).description).toBe("Bad Request: type of file mismatch");
    expect((await bot.api.sendDocument(CHAT, doc.file_id)).document).toMatchObject({ file_name: "check.pdf", mime_type: "application/pdf" });
  });

  it("When a text is 4097 characters long, then Telegram refuses it as too long", async () => {
    const error = await refusal(bot.api.sendMessage(CHAT, "я".repeat(LIMITS.messageText + 1)));
    expect(error.error_code).toBe(400);
    expect(error.description).toMatch(/too long/);
    expect(fake.violations).toMatchObject([{ method: "sendMessage", description: "Bad Request: message is too long" }]);
    expect(fake.texts()).toEqual([]); // never reached the user
    await expect(bot.api.sendMessage(CHAT, "я".repeat(LIMITS.messageText))).resolves.toBeDefined();
  });

  it("When callback_data is 65 UTF-8 bytes, then the button is refused", async () => {
    const data = "ж".repeat(33); // 33 characters, 66 bytes
    const error = await refusal(bot.api.sendMessage(CHAT, "x", { reply_markup: { inline_keyboard: [[{ text: "b", callback_data: data }]] } }));
    expect(error.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    expect(fake.violations).toHaveLength(1);
  });

  it("When a required field is missing or the method does not exist, then the call is refused", async () => {
    const raw = bot.api.raw as unknown as Record<string, (p: object) => Promise<unknown>>;
    const missing = await refusal(raw["sendMessage"]!({ chat_id: CHAT }));
    expect(missing.description).toBe('Bad Request: parameter "text" is required');
    const unknown = await refusal(raw["sendMesage"]!({ chat_id: CHAT, text: "hi" }));
    expect(unknown.error_code).toBe(404);
    expect(unknown.description).toBe("Not Found: method not found");
    const typo = await refusal(raw["sendMessage"]!({ chat_id: CHAT, text: "hi", parse_mod: "HTML" }));
    expect(typo.description).toBe('Bad Request: unknown parameter "parse_mod"');
    expect(fake.violations.map((v) => v.method)).toEqual(["sendMessage", "sendMesage", "sendMessage"]);
  });

  it("When HTML does not parse, then Telegram refuses it", async () => {
    const error = await refusal(bot.api.sendMessage(CHAT, "a<br>b", { parse_mode: "HTML" }));
    expect(error.description).toMatch(/^Bad Request: can't parse entities/);
    expect("error" in parseHtml("<b>open")).toBe(true);
    expect(parseHtml("<i>1 &lt; 2</i>")).toEqual({ text: "1 < 2" });
  });

  it("When failNext is set, then the next call fails with that error and the one after succeeds", async () => {
    fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    const error = await refusal(bot.api.sendMessage(CHAT, "first"));
    expect(error.error_code).toBe(403);
    expect(error.description).toBe("Forbidden: bot was blocked by the user");
    await expect(bot.api.sendMessage(CHAT, "second")).resolves.toMatchObject({ text: "second" });
    expect(fake.texts(CHAT)).toEqual(["second"]);
    expect(fake.violations).toEqual([]);
  });

  it("When commands are set, then getMyCommands returns them for that scope and language", async () => {
    const commands = [{ command: "start", description: "Начать" }, { command: "card", description: "Карта" }];
    await bot.api.setMyCommands(commands, { language_code: "ru" });
    expect(await bot.api.getMyCommands({ language_code: "ru" })).toEqual(commands);
    expect(await bot.api.getMyCommands()).toEqual([]);
    const error = await refusal(bot.api.setMyCommands([{ command: "Start", description: "x" }]));
    expect(error.description).toBe("Bad Request: BOT_COMMAND_INVALID");
  });

  it("When a message is edited with the same content, then Telegram says it is not modified", async () => {
    const sent = await bot.api.sendMessage(CHAT, "one");
    await expect(bot.api.editMessageText(CHAT, sent.message_id, "two")).resolves.toMatchObject({ text: "two" });
    const error = await refusal(bot.api.editMessageText(CHAT, sent.message_id, "two"));
    expect(error.description).toMatch(/message is not modified/);
    fake.clear();
    expect([fake.calls, fake.violations]).toEqual([[], []]);
  });

  it("When the spec file is not used, then the built-in table still checks the bot's methods", () => {
    const fallback = { spec: null };
    expect(checkCall("sendMessage", { chat_id: 1, text: "hi", parse_mod: "HTML" }, fallback)).toBe('Bad Request: unknown parameter "parse_mod"');
    expect(checkCall("sendMessage", { chat_id: 1, text: "hi", parse_mode: "HTML", reply_markup: { remove_keyboard: true } }, fallback)).toBeNull();
    expect(checkCall("sendMessage", { chat_id: 1 }, fallback)).toBe('Bad Request: parameter "text" is required');
    expect(checkCall("sendPhoto", { chat_id: 1, photo: "attach://abc", caption: "c".repeat(1025) }, fallback))
      .toBe("Bad Request: message caption is too long");
    expect(checkCall("answerCallbackQuery", { callback_query_id: "1", text: "t".repeat(201) }, fallback)).toMatch(/TOO_LONG/);
    expect(checkCallStatus("sendSticker", { chat_id: 1, sticker: "x" }, fallback)).toEqual({ status: 404, description: "Not Found: method not found" });
    expect(checkCall("deleteMessage", { chat_id: 1, message_id: "one" }, fallback)).toBe('Bad Request: parameter "message_id" must be Integer');
  });
});

describe("the Bot API description", () => {
  it("When ../shared/telegram is beside the project, then the official description is what calls are checked against", async () => {
    const { existsSync } = await import("node:fs");
    const { loadSpec } = await import("../../sandbox/telegram-rules.ts");
    const present = existsSync(new URL("../../../shared/telegram/bot-api-10.1.json", import.meta.url));
    const spec = loadSpec();
    expect(spec !== null).toBe(present);
    if (spec) expect(Object.keys(spec.methods).length).toBeGreaterThan(150);
  });
});
