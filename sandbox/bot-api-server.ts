// A Bot API stand-in on loopback: the fake Telegram (every call checked as
// Telegram would) behind real HTTP, with getUpdates long polling, file
// downloads, failure injection (429, 403…), and the sandbox's web chat.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname } from "node:path";
import { createChatStore, type ChatStore } from "./chat-store.ts";
import { createFakeTelegram, type FakeTelegram, type TelegramError } from "./fake-telegram.ts";
import { PERSONAS, type Persona } from "./personas.ts";
import { makeSample, SAMPLE_KINDS, type SampleKind } from "./samples.ts";
import { createUpdateQueue, type NewUpdate } from "./update-queue.ts";
import { receiveUpload, USER_UPLOAD_LIMITS, type UserUpload } from "./user-media.ts";

export interface BotApiServerOptions {
  botId?: number;
  botUsername?: string;
  /** Only this token is accepted (401 otherwise, as Telegram answers); any token when omitted. */
  token?: string;
  port?: number;
  personas?: Persona[];
  /** Keep the sandbox's chats in this JSON file across restarts. */
  stateFile?: string;
  /** Keep only this many recorded calls (a long-running sandbox). */
  maxRecordedCalls?: number;
  /** The sandbox's clock, given by whoever runs the bot (this server does not know it). */
  controls?: SandboxControls;
}

export interface SandboxControls {
  /** The shop's date as the bot sees it: GET /sandbox/clock. */
  clock(): { now: string; date: string; timeZone: string };
  /** Moves the bot's clock a day on and runs the morning job (its result is answered): POST /sandbox/control/next-day. */
  nextDay(): Promise<unknown>;
}

export interface BotApiServer {
  url: string;
  telegram: FakeTelegram;
  chats: ChatStore;
  push(update: NewUpdate): void;
  /** How many getUpdates requests the bot has made (it is polling once this is > 0). */
  readonly polls: number;
  /** Resolves when `predicate` holds (or rejects after `ms`). */
  waitFor(predicate: (t: FakeTelegram) => boolean, ms?: number): Promise<void>;
  failNext(method: string, error: TelegramError): void;
  close(): Promise<void>;
}

const WEB_DIR = new URL("./web/", import.meta.url);
const MIME_BY_EXTENSION: Record<string, string> = { ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".csv": "text/csv; charset=utf-8", ".pdf": "application/pdf" };
const MIME: Record<string, string> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (body.length === 0) return {};
  return JSON.parse(body.toString("utf8")) as Record<string, unknown>;
}

/** The request's bytes, or null past `limit` (read to the end all the same, so the sender gets the answer). */
async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

export async function startBotApiServer(opts: BotApiServerOptions = {}): Promise<BotApiServer> {
  const chats = createChatStore(opts.personas ?? PERSONAS, opts.stateFile);
  const fileUrl = (fileId: string) => `/sandbox/file/${encodeURIComponent(fileId)}`;
  const telegram = createFakeTelegram({
    botId: opts.botId,
    botUsername: opts.botUsername,
    maxRecordedCalls: opts.maxRecordedCalls,
    listener: {
      message: (chatId, message, change) => chats.botMessage(chatId, message, change, fileUrl),
      callbackAnswer: (id, text, alert) => chats.callbackAnswer(id, text, alert),
    },
  });
  const updates = createUpdateQueue();
  let polls = 0;
  const push = (update: NewUpdate | null) => (update ? (updates.push(update), true) : false);

  async function botApi(req: IncomingMessage, res: ServerResponse, token: string, method: string): Promise<void> {
    if (opts.token && token !== opts.token) return json(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (method === "getUpdates") {
      polls++;
      const url = new URL(req.url ?? "", "http://x");
      const params = (body.length ? JSON.parse(body.toString("utf8")) : Object.fromEntries(url.searchParams)) as Record<string, unknown>;
      const result = await updates.get({ offset: num(params.offset), limit: num(params.limit), timeout: num(params.timeout) });
      return json(res, 200, { ok: true, result });
    }
    const response = await telegram.fetch(`http://127.0.0.1/bot${token}/${method}`, {
      method: "POST",
      headers: { "content-type": req.headers["content-type"] ?? "application/json" },
      body,
    });
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
  }

  function sendFile(res: ServerResponse, fileId: string): void {
    const file = telegram.file(decodeURIComponent(fileId));
    if (!file) return json(res, 404, { ok: false, error_code: 404, description: "Not Found: file not found" });
    // grammY does not label its uploads; the file name tells the browser what it is.
    const byName = MIME_BY_EXTENSION[extname(file.filename ?? "").toLowerCase()];
    const type = file.type && file.type !== "application/octet-stream" ? file.type : (byName ?? "application/octet-stream");
    res.writeHead(200, { "content-type": type }).end(file.data);
  }

  /** The owner's sample file (samples.ts) as of the sandbox's date; x-broken-lines lists the rows written wrong. */
  async function sendSample(res: ServerResponse, kind: SampleKind): Promise<void> {
    const now = opts.controls ? new Date(opts.controls.clock().now) : new Date();
    const { name, bytes, brokenLines } = await makeSample(kind, now);
    res
      .writeHead(200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "x-broken-lines": brokenLines.join(","),
        "cache-control": "no-store",
      })
      .end(bytes);
  }

  /**
   * The page's 📎: the raw bytes in the body, the file's type as content-type,
   * ?name= and ?caption=. The file is kept (the bot can getFile it and send it
   * by file_id), shown in the chat and delivered as Telegram would.
   */
  async function receive(req: IncomingMessage, res: ServerResponse, userId: number, kind: UserUpload): Promise<void> {
    const query = new URL(req.url ?? "", "http://x").searchParams;
    const data = await readRaw(req, USER_UPLOAD_LIMITS[kind]);
    if (!chats.personas.some((p) => p.id === userId)) return json(res, 404, { ok: false, description: "no such persona" });
    const upload = { name: query.get("name"), mime: req.headers["content-type"], caption: query.get("caption") };
    const received = receiveUpload(telegram, kind, data, upload, fileUrl);
    if (!received.ok) return json(res, received.status, { ok: false, description: received.description });
    const update = chats.attachment(userId, received.content, received.shown);
    return json(res, push(update) ? 200 : 400, { ok: update !== null, ...received.content });
  }

  async function sandboxApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === "/sandbox/personas") return json(res, 200, { personas: chats.personas });
    if (path === "/sandbox/clock" && opts.controls) return json(res, 200, opts.controls.clock());
    if (path === "/sandbox/control/next-day" && req.method === "POST" && opts.controls) {
      req.resume();
      try {
        const morning = await opts.controls.nextDay();
        return json(res, 200, { ok: true, clock: opts.controls.clock(), morning });
      } catch (error) {
        return json(res, 500, { ok: false, description: String(error) });
      }
    }
    const file = /^\/sandbox\/file\/(.+)$/.exec(path);
    if (file) return sendFile(res, file[1]!);
    const sample = /^\/sandbox\/samples\/(\w+)\.csv$/.exec(path);
    if (sample && (SAMPLE_KINDS as readonly string[]).includes(sample[1]!)) return sendSample(res, sample[1] as SampleKind);
    const upload = /^\/sandbox\/chat\/(\d+)\/(photo|document)$/.exec(path);
    if (upload && req.method === "POST") return receive(req, res, Number(upload[1]), upload[2] as UserUpload);
    const chatMatch = /^\/sandbox\/chat\/(\d+)(?:\/(text|contact|callback|reset))?$/.exec(path);
    if (chatMatch) {
      const userId = Number(chatMatch[1]);
      const action = chatMatch[2];
      if (!action) {
        const version = Number(new URL(req.url ?? "", "http://x").searchParams.get("version") ?? -1);
        await chats.wait(userId, version, 25_000);
        const persona = chats.personas.find((p) => p.id === userId);
        const commands =
          telegram.commandsFor({ type: "chat", chat_id: userId }) ?? telegram.commandsFor(undefined, persona?.language_code) ?? telegram.commandsFor(undefined) ?? [];
        return json(res, 200, { ...chats.state(userId), commands });
      }
      const body = await readJson(req);
      if (action === "reset") return void (chats.reset(userId), json(res, 200, { ok: true }));
      const update =
        action === "text"
          ? chats.text(userId, str(body.text))
          : action === "contact"
            ? chats.contact(userId)
            : chats.callback(userId, Number(body.message_id), str(body.data));
      return json(res, push(update) ? 200 : 400, { ok: update !== null });
    }
    if (path === "/sandbox/control/fail-next" && req.method === "POST") {
      const body = await readJson(req);
      const retryAfter = num(body.retry_after);
      telegram.failNext(str(body.method), {
        error_code: Number(body.error_code),
        description: str(body.description) || (Number(body.error_code) === 429 ? `Too Many Requests: retry after ${retryAfter ?? 1}` : "Forbidden: bot was blocked by the user"),
        ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}),
      });
      return json(res, 200, { ok: true });
    }
    json(res, 404, { ok: false, description: "no such sandbox route" });
  }

  async function staticFile(res: ServerResponse, path: string): Promise<void> {
    const name = path === "/" ? "index.html" : path.slice(1);
    if (!/^[\w-]+\.(html|js|css)$/.test(name)) return json(res, 404, { ok: false, description: "Not Found" });
    try {
      const body = await readFile(new URL(name, WEB_DIR));
      res.writeHead(200, { "content-type": MIME[extname(name)] ?? "text/plain", "cache-control": "no-store" }).end(body);
    } catch {
      json(res, 404, { ok: false, description: "Not Found" });
    }
  }

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const api = /^\/bot([^/]+)\/(\w+)$/.exec(path);
    const download = /^\/file\/bot([^/]+)\/files\/(.+)$/.exec(path);
    const handled = api
      ? botApi(req, res, api[1]!, api[2]!)
      : download
        ? Promise.resolve(sendFile(res, download[2]!))
        : path.startsWith("/sandbox/")
          ? sandboxApi(req, res, path)
          : staticFile(res, path);
    handled.catch((error: unknown) => {
      if (!res.headersSent) json(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    telegram,
    chats,
    push: (update) => void push(update),
    get polls() {
      return polls;
    },
    failNext: (method, error) => telegram.failNext(method, error),
    waitFor(predicate, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (predicate(telegram)) return resolve();
          if (Date.now() - started > ms) return reject(new Error(`timed out; calls: ${telegram.calls.map((c) => c.method).join(", ")}`));
          setTimeout(check, 20);
        };
        check();
      });
    },
    async close() {
      updates.release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A JSON field that should be text; anything else reads as empty. */
function str(v: unknown): string {
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : "";
}

function num(v: unknown): number | undefined {
  return v === undefined || v === null || v === "" ? undefined : Number(v);
}
