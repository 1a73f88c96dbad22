// The sandbox page's 📎 through the Bot API stand-in, with a real grammY bot
// polling it: a person's photo reaches the bot as Telegram's sizes and goes
// back by file_id; a file can be downloaded with getFile and sent on; what
// Telegram refuses is refused.
import { Bot, GrammyError } from "grammy";
import type { Document, PhotoSize, UserFromGetMe } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBotApiServer, type BotApiServer } from "../../sandbox/bot-api-server.ts";
import { PERSONAS } from "../../sandbox/personas.ts";
import { solidPng } from "../support/png.ts";

const TOKEN = "123456:TEST-TOKEN-uploads";
const OLGA = 1003;
const botInfo = {
  id: 123456, is_bot: true, first_name: "Test Bot", username: "test_bot", can_join_groups: false,
  can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false,
} as UserFromGetMe;

interface ChatState { messages: { from: string; photo?: string | null; document?: { name: string; url: string } | null; caption?: string; text?: string }[] }

let server: BotApiServer;
let bot: Bot;
let running: Promise<void>;
// What the bot saw and what Telegram answered it, looked at after the fact.
const seen: { photo?: PhotoSize[]; caption?: string; document?: Document; downloaded?: Buffer; refused?: string; tooBig?: string }[] = [];

beforeEach(async () => {
  seen.length = 0;
  server = await startBotApiServer({ token: TOKEN, personas: PERSONAS });
  bot = new Bot(TOKEN, { botInfo, client: { apiRoot: server.url } });
  bot.on("message:photo", async (ctx) => {
    seen.push({ photo: ctx.message.photo, caption: ctx.message.caption });
    await ctx.replyWithPhoto(ctx.message.photo.at(-1)!.file_id, { caption: "Это ваше фото" });
  });
  bot.on("message:document", async (ctx) => {
    const doc = ctx.message.document;
    const entry: (typeof seen)[number] = { document: doc };
    seen.push(entry);
    try {
      const file = await ctx.getFile();
      entry.downloaded = Buffer.from(await (await fetch(`${server.url}/file/bot${TOKEN}/${file.file_path}`)).arrayBuffer());
    } catch (error) {
      entry.tooBig = (error as GrammyError).description;
    }
    await ctx.replyWithDocument(doc.file_id, { caption: "Файл получен" });
    entry.refused = await ctx.replyWithPhoto(doc.file_id).then(() => "sent", (error: GrammyError) => error.description);
  });
  running = bot.start({ drop_pending_updates: false });
});

afterEach(async () => {
  await bot.stop();
  await running;
  await server.close();
});

const upload = (kind: "photo" | "document", body: Uint8Array, query: string, type = "application/octet-stream") =>
  fetch(`${server.url}/sandbox/chat/${OLGA}/${kind}?${query}`, { method: "POST", headers: { "content-type": type }, body });
const chat = async () => (await (await fetch(`${server.url}/sandbox/chat/${OLGA}`)).json()) as ChatState;
const sentOk = (method: string) => () => server.telegram.callsTo(method).some((c) => c.ok);

describe("a person's photo and file in the sandbox", () => {
  it("When Ольга sends a photo from the page, then the bot gets Telegram's sizes, largest last, and sends it back by file_id", async () => {
    const png = solidPng(1280, 960);
    const res = await upload("photo", png, "caption=Кольцо+на+чистку");
    expect(res.status).toBe(200);
    await server.waitFor(sentOk("sendPhoto"));

    const { photo, caption } = seen[0]!;
    expect(caption).toBe("Кольцо на чистку");
    expect(photo!.map((p) => [p.width, p.height])).toEqual([[90, 68], [320, 240], [800, 600], [1280, 960]]);
    expect(new Set(photo!.map((p) => p.file_id)).size).toBe(4);
    expect(photo!.at(-1)).toMatchObject({ file_size: png.length, file_unique_id: expect.any(String) as string });
    // Sending a size on answers with the same sizes, as Telegram does.
    expect((server.telegram.lastCall("sendPhoto")!.result as { photo: PhotoSize[] }).photo).toEqual(photo);

    const [mine, theirs] = (await chat()).messages;
    expect(mine).toMatchObject({ from: "user", photo: `/sandbox/file/${photo!.at(-1)!.file_id}`, caption: "Кольцо на чистку" });
    expect(theirs).toMatchObject({ from: "bot", photo: mine!.photo, caption: "Это ваше фото" });
    const shown = await fetch(`${server.url}${theirs!.photo}`);
    expect(shown.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await shown.arrayBuffer()).equals(png)).toBe(true);
    expect(server.telegram.violations).toEqual([]);
  });

  it("When Ольга sends a file, then the bot downloads it with getFile and sends it on, and Telegram refuses it as a photo", async () => {
    const pdf = Buffer.from("%PDF-1.7 чек из мастерской");
    expect((await upload("document", pdf, "name=check.pdf")).status).toBe(200);
    await server.waitFor(() => seen[0]?.refused !== undefined);

    const { document, downloaded, refused } = seen[0]!;
    expect(document).toMatchObject({ file_name: "check.pdf", mime_type: "application/pdf", file_size: pdf.length });
    expect(downloaded!.equals(pdf)).toBe(true);
    expect(refused).toBe("Bad Request: type of file mismatch");
    const [mine, theirs] = (await chat()).messages;
    expect(mine).toMatchObject({ from: "user", document: { name: "check.pdf" } });
    expect(theirs).toMatchObject({ from: "bot", document: { name: "check.pdf", url: mine!.document!.url }, caption: "Файл получен" });
  });

  it("When an image is sent as a file, then it carries a thumbnail; over 20 MB the bot is told the file is too big to download", async () => {
    const big = Buffer.concat([solidPng(2000, 1000), Buffer.alloc(21 * 1024 * 1024)]);
    expect((await upload("document", big, "name=ring.png", "image/png")).status).toBe(200);
    await server.waitFor(() => seen[0]?.refused !== undefined);
    const { document, tooBig } = seen[0]!;
    expect(document).toMatchObject({ file_name: "ring.png", mime_type: "image/png", file_size: big.length, thumbnail: { width: 320, height: 160 } });
    expect(tooBig).toBe("Bad Request: file is too big");
  });

  it("When the photo is no image or over 10 MB, then the page is answered with Telegram's refusal and nothing reaches the bot", async () => {
    const notImage = await upload("photo", Buffer.from("%PDF-1.7"), "");
    expect([notImage.status, ((await notImage.json()) as { description: string }).description]).toEqual([400, "Bad Request: IMAGE_PROCESS_FAILED"]);
    expect((await upload("photo", Buffer.concat([solidPng(10, 10), Buffer.alloc(10 * 1024 * 1024)]), "")).status).toBe(413);
    expect((await fetch(`${server.url}/sandbox/chat/4242/photo`, { method: "POST", body: solidPng(10, 10) })).status).toBe(404);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([]);
    expect((await chat()).messages).toEqual([]);
  });
});
