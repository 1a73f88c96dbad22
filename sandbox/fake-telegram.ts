// A fake Telegram server behind grammY's `client.fetch` option: records every
// call, refuses what the real Bot API would refuse (see telegram-rules.ts) and
// answers valid calls with realistic objects.
import { checkCallStatus, fieldTypes, parseHtml } from "./telegram-rules.ts";

export interface RecordedFile { filename?: string; size: number; type?: string }
/** `kind` says how Telegram holds it: a photo's file_id cannot be sent as a document's, nor the other way. */
export interface StoredFile { data: Buffer; filename?: string; type?: string; kind?: "photo" | "document" }
/** One size of a person's photo, or a document's thumbnail, before it gets its file_id. */
export interface ReceivedSize { width: number; height: number; file_size: number }
export interface PhotoSize { file_id: string; file_unique_id: string; width: number; height: number; file_size: number }
export interface Document { file_id: string; file_unique_id: string; file_name: string; mime_type: string; file_size: number; thumbnail?: PhotoSize }
/** What the sandbox's chat view needs to follow; tests leave it out. */
export interface FakeTelegramListener {
  message?(chatId: number, message: Record<string, unknown>, change: "new" | "edit" | "delete"): void;
  callbackAnswer?(callbackQueryId: string, text: string | undefined, showAlert: boolean): void;
}
export interface FakeTelegramOptions {
  botId?: number;
  botUsername?: string;
  listener?: FakeTelegramListener;
  /** Keep only the newest calls (a long-running sandbox); unlimited by default. */
  maxRecordedCalls?: number;
}
export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** Uploaded files by the parameter that references them (e.g. "photo"), else by attach id. */
  files: Record<string, RecordedFile>;
  /** false when the call was refused (violation or failNext). */
  ok: boolean;
  /** What Telegram answered to an accepted call (the sent Message, true, …). */
  result?: unknown;
}
export interface Violation { method: string; description: string; payload: unknown }
export interface TelegramError { error_code: number; description: string; parameters?: { retry_after?: number } }
export interface FakeTelegram {
  fetch: typeof fetch;
  calls: RecordedCall[];
  violations: Violation[];
  callsTo(method: string): RecordedCall[];
  lastCall(method?: string): RecordedCall | undefined;
  texts(chatId?: number): string[];
  clear(): void;
  failNext(method: string, error: TelegramError): void;
  /** An uploaded file's bytes, by file_id (for getFile downloads). */
  file(fileId: string): StoredFile | undefined;
  /**
   * A photo a person sent (the sandbox's page): every size gets its own file_id
   * over the same bytes; largest last, as in the update. With `fileId` the
   * largest gets that id (and the others `<fileId>-<width>`): the sandbox's demo
   * photos keep their ids across restarts, as the demo database does.
   */
  receivePhoto(data: Buffer, sizes: ReceivedSize[], mimeType?: string, fileId?: string): PhotoSize[];
  /** A file a person sent: the Document of the update, the bot can getFile it and send it on by file_id. */
  receiveDocument(data: Buffer, file: { file_name: string; mime_type: string; thumbnail?: ReceivedSize }): Document;
  commandsFor(scope: unknown, languageCode?: string): unknown[] | undefined;
}

type Obj = Record<string, unknown>;

/** getFile serves a bot files up to 20 MB; a larger one is refused. */
const DOWNLOAD_LIMIT = 20 * 1024 * 1024;
// What Telegram answers when a photo's file_id is sent as a document or the other way round.
const MISMATCH: TelegramError = { error_code: 400, description: "Bad Request: type of file mismatch" };

function header(headers: unknown, name: string): string {
  if (headers instanceof Headers) return headers.get(name) ?? "";
  const entries = Array.isArray(headers) ? (headers as [string, string][]) : Object.entries((headers ?? {}) as Obj);
  const value: unknown = entries.find(([k]) => k.toLowerCase() === name)?.[1];
  return typeof value === "string" ? value : "";
}

// grammY sends a string for JSON and a Node Readable (async iterable) for multipart.
async function readBody(body: unknown): Promise<Buffer> {
  if (body == null) return Buffer.alloc(0);
  if (typeof body === "string" || body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<string | Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

// Hand-written because grammY writes `content-disposition:form-data;name="x";filename=card.png`
// (no spaces, unquoted filename), which Node 20's Response#formData() rejects.
function parseMultipart(buf: Buffer, boundary: string) {
  const fields: Record<string, string> = {};
  const files: Record<string, RecordedFile & { data: Buffer }> = {};
  const delim = Buffer.from(`--${boundary}`);
  for (let pos = buf.indexOf(delim); pos !== -1; ) {
    const start = pos + delim.length;
    const next = buf.indexOf(delim, start);
    if (next === -1 || buf.subarray(start, start + 2).toString() === "--") break;
    const part = buf.subarray(start + 2, next - 2); // strip the CRLFs around the part
    const split = part.indexOf("\r\n\r\n");
    const head = part.subarray(0, split).toString("utf8");
    const data = part.subarray(split + 4);
    const name = /\bname="?([^";\r\n]*)"?/i.exec(head)?.[1] ?? "";
    const filename = /\bfilename="?([^";\r\n]*)"?/i.exec(head)?.[1];
    const type = /content-type:\s*([^;\r\n]+)/i.exec(head)?.[1]?.trim();
    if (filename !== undefined) files[name] = { filename, size: data.length, ...(type ? { type } : {}), data: Buffer.from(data) };
    else fields[name] = data.toString("utf8");
    pos = next;
  }
  return { fields, files };
}

// Multipart sends every value as a string; decode JSON unless the parameter is a plain String.
const TEXT_FIELDS = new Set(["text", "caption", "parse_mode", "callback_query_id", "file_id", "action", "language_code"]);
function decodeField(method: string, key: string, value: string): unknown {
  const types = fieldTypes(method, key);
  if (types ? types.length === 1 && types[0] === "String" : TEXT_FIELDS.has(key)) return value;
  if (!/^(?:[[{]|-?\d|true$|false$)/.test(value)) return value;
  try { return JSON.parse(value); } catch { return value; }
}

export function createFakeTelegram(opts: FakeTelegramOptions = {}): FakeTelegram {
  const me = { id: opts.botId ?? 123456, is_bot: true, first_name: "Test Bot", username: opts.botUsername ?? "test_bot",
    can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
  const calls: RecordedCall[] = [];
  const violations: Violation[] = [];
  const failures = new Map<string, TelegramError[]>();
  const lastMessageId = new Map<number, number>();
  // "chat:message" → the message plus what decides "not modified": content as sent, and keyboard.
  const messages = new Map<string, { message: Obj; content: string; markup: string }>();
  const commands = new Map<string, unknown[]>(); // scope+language → setMyCommands list
  const fileSizes = new Map<string, number>();
  const stored = new Map<string, StoredFile>();
  // A received photo's file_ids → all its sizes: sending any of them answers with the whole list, as Telegram does.
  const ladders = new Map<string, PhotoSize[]>();
  let uploads: Record<string, StoredFile> = {};
  let fileSeq = 0;

  const now = () => Math.floor(Date.now() / 1000);
  const chatFor = (chatId: unknown): Obj => {
    const id = Number(chatId);
    if (!Number.isFinite(id)) return { id: -1001000000001, type: "channel", title: "Test", username: String(chatId).slice(1) };
    return id > 0 ? { id, type: "private", first_name: "Test" } : { id, type: "supergroup", title: "Test" };
  };
  const newFile = (ref: unknown, size: number | undefined, field?: string, kind: StoredFile["kind"] = field === "photo" ? "photo" : "document") => {
    // Resending by file_id keeps the id, like Telegram; uploads get a fresh one.
    const fileId = typeof ref === "string" && !ref.startsWith("attach://") ? ref : `file-${++fileSeq}`;
    if (size !== undefined) fileSizes.set(fileId, size);
    // Only a fresh upload brings bytes; a resent file_id keeps the ones it has.
    const upload = field === undefined || fileId === ref ? undefined : uploads[field];
    if (upload) stored.set(fileId, { ...upload, kind });
    return { file_id: fileId, file_unique_id: `u${fileId}`, file_size: fileSizes.get(fileId) ?? 1024 };
  };
  const visibleText = (s: string, mode: unknown) => {
    const r = mode === "HTML" ? parseHtml(s) : null;
    return r && "text" in r ? r.text : s;
  };
  const contentOf = (p: Obj, body: unknown) => JSON.stringify([body, p["parse_mode"]]);
  const markupOf = (p: Obj) => JSON.stringify(p["reply_markup"] ?? null);
  const commandsKey = (p: Obj) => `${JSON.stringify(p["scope"] ?? { type: "default" })}|${typeof p["language_code"] === "string" ? p["language_code"] : ""}`;

  function send(p: Obj, content: Obj, body: unknown): Obj {
    const chat = chatFor(p["chat_id"]);
    const messageId = (lastMessageId.get(chat["id"] as number) ?? 0) + 1;
    lastMessageId.set(chat["id"] as number, messageId);
    const message: Obj = { message_id: messageId, date: now(), chat, from: me, ...content };
    if (p["reply_markup"] !== undefined) message["reply_markup"] = p["reply_markup"];
    messages.set(`${String(chat["id"])}:${messageId}`, { message, content: contentOf(p, body), markup: markupOf(p) });
    opts.listener?.message?.(chat["id"] as number, message, "new");
    return message;
  }

  // body undefined = the content is kept (editMessageReplyMarkup).
  function edit(p: Obj, change: Obj, body?: unknown): Obj | true | TelegramError {
    if (p["inline_message_id"] !== undefined) return true;
    const chat = chatFor(p["chat_id"]);
    const key = `${String(chat["id"])}:${String(p["message_id"])}`;
    const known = messages.get(key);
    const content = body === undefined ? known?.content ?? "" : contentOf(p, body);
    if (known && known.content === content && known.markup === markupOf(p)) return { error_code: 400, description:
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message" };
    const message: Obj = { ...(known?.message ?? { message_id: Number(p["message_id"]), date: now(), chat, from: me }), ...change, edit_date: now() };
    // Telegram drops the inline keyboard when an edit does not repeat it.
    if (p["reply_markup"] === undefined) delete message["reply_markup"];
    else message["reply_markup"] = p["reply_markup"];
    messages.set(key, { message, content, markup: markupOf(p) });
    opts.listener?.message?.(chat["id"] as number, message, "edit");
    return message;
  }

  function answer(method: string, p: Obj, files: Record<string, RecordedFile>): unknown {
    const caption = typeof p["caption"] === "string" ? { caption: visibleText(p["caption"], p["parse_mode"]) } : {};
    const text = typeof p["text"] === "string" ? visibleText(p["text"], p["parse_mode"]) : undefined;
    switch (method) {
      case "getMe": return me;
      case "getUpdates": return [];
      case "sendMessage": return send(p, { text }, p["text"]);
      case "sendPhoto": {
        const ladder = typeof p["photo"] === "string" ? ladders.get(p["photo"]) : undefined;
        if (kindOf(p["photo"]) === "document") return MISMATCH;
        return send(p, { photo: ladder ?? [{ ...newFile(p["photo"], files["photo"]?.size, "photo"), width: 320, height: 320 }], ...caption }, p["caption"]);
      }
      case "sendDocument": {
        if (kindOf(p["document"]) === "photo") return MISMATCH;
        // A resent file_id keeps its name and type.
        const f = files["document"] ?? (typeof p["document"] === "string" ? stored.get(p["document"]) : undefined);
        const document = { ...newFile(p["document"], files["document"]?.size, "document"), file_name: f?.filename ?? "document.dat", mime_type: f?.type ?? "application/octet-stream" };
        return send(p, { document, ...caption }, p["caption"]);
      }
      case "sendMediaGroup": return sendAlbum(p, files);
      case "editMessageText": return edit(p, { text }, p["text"]);
      case "editMessageCaption": return edit(p, caption, p["caption"]);
      case "editMessageReplyMarkup": return edit(p, {});
      case "deleteMessage": {
        const chatId = chatFor(p["chat_id"])["id"] as number;
        const known = messages.get(`${chatId}:${String(p["message_id"])}`);
        messages.delete(`${chatId}:${String(p["message_id"])}`);
        if (known) opts.listener?.message?.(chatId, known.message, "delete");
        return true;
      }
      case "answerCallbackQuery":
        opts.listener?.callbackAnswer?.(String(p["callback_query_id"]), p["text"] as string | undefined, p["show_alert"] === true);
        return true;
      case "setMyCommands": commands.set(commandsKey(p), p["commands"] as unknown[]); return true;
      case "deleteMyCommands": commands.delete(commandsKey(p)); return true;
      case "getMyCommands": return commands.get(commandsKey(p)) ?? [];
      case "getFile": {
        const id = String(p["file_id"]);
        if ((fileSizes.get(id) ?? 0) > DOWNLOAD_LIMIT) return { error_code: 400, description: "Bad Request: file is too big" };
        return { file_id: id, file_unique_id: `u${id}`, file_size: fileSizes.get(id) ?? 1024, file_path: `files/${id}` };
      }
      default: return true;
    }
  }

  /** One message per item, sharing a media_group_id; an attached upload is named by its attach:// name. */
  function sendAlbum(p: Obj, files: Record<string, RecordedFile>): Obj[] | TelegramError {
    const media = p["media"] as Obj[];
    const kinds = media.map((m) => kindOf(m["media"]));
    if (kinds.some((k, i) => k !== undefined && k !== (media[i]!["type"] === "photo" ? "photo" : "document"))) return MISMATCH;
    const group = String(++fileSeq);
    return media.map((m) => {
      const ref = m["media"] as string;
      const field = ref.startsWith("attach://") ? ref.slice("attach://".length) : undefined;
      const caption = typeof m["caption"] === "string" ? { caption: visibleText(m["caption"], m["parse_mode"]) } : {};
      const file = newFile(ref, field ? files[field]?.size : undefined, field, m["type"] === "photo" ? "photo" : "document");
      const content =
        m["type"] === "photo"
          ? { photo: (!field && ladders.get(ref)) || [{ ...file, width: 320, height: 320 }] }
          : { document: { ...file, file_name: stored.get(file.file_id)?.filename ?? "document.dat", mime_type: stored.get(file.file_id)?.type ?? "application/octet-stream" } };
      return send({ chat_id: p["chat_id"] }, { media_group_id: group, ...content, ...caption }, m["caption"]);
    });
  }

  const kindOf = (ref: unknown) => (typeof ref === "string" ? stored.get(ref)?.kind : undefined);
  const receive = (file: StoredFile, size: number, id?: string) => {
    const fileId = id ?? `file-${++fileSeq}`;
    stored.set(fileId, file);
    fileSizes.set(fileId, size);
    return { file_id: fileId, file_unique_id: `u${fileId}` };
  };

  const reply = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  const fakeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : input);
    const method = decodeURIComponent(url.pathname.split("/").pop() ?? "");
    // Recorded before awaiting the body so concurrent calls keep their order.
    const call: RecordedCall = { method, payload: {}, files: {}, ok: false };
    calls.push(call);
    if (opts.maxRecordedCalls && calls.length > opts.maxRecordedCalls) calls.splice(0, calls.length - opts.maxRecordedCalls);
    const contentType = header(init?.headers ?? request?.headers, "content-type");
    const raw = await readBody(init?.body ?? request?.body);
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (boundary) {
      const { fields, files } = parseMultipart(raw, boundary[1] ?? boundary[2] ?? "");
      for (const [k, v] of Object.entries(fields)) call.payload[k] = decodeField(method, k, v);
      uploads = {};
      for (const [id, { data, ...file }] of Object.entries(files)) {
        const owner = Object.keys(fields).find((k) => fields[k] === `attach://${id}`);
        call.files[owner ?? id] = file;
        uploads[owner ?? id] = { data, filename: file.filename, type: file.type };
      }
    } else if (raw.length > 0) {
      call.payload = JSON.parse(raw.toString("utf8")) as Obj;
    }

    const refusal = checkCallStatus(method, call.payload);
    if (refusal) {
      violations.push({ method, description: refusal.description, payload: call.payload });
      return reply(refusal.status, { ok: false, error_code: refusal.status, description: refusal.description });
    }
    const failure = failures.get(method)?.shift();
    if (failure) return reply(failure.error_code, { ok: false, ...failure });
    const result = answer(method, call.payload, call.files);
    if (typeof result === "object" && result !== null && "error_code" in result) {
      const error = result as TelegramError;
      violations.push({ method, description: error.description, payload: call.payload });
      return reply(error.error_code, { ok: false, ...error });
    }
    call.ok = true;
    call.result = result;
    return reply(200, { ok: true, result });
  };

  const TEXT_OF: Record<string, string> = { sendMessage: "text", editMessageText: "text", sendPhoto: "caption", sendDocument: "caption", editMessageCaption: "caption" };
  return {
    fetch: fakeFetch,
    calls,
    violations,
    callsTo: (method) => calls.filter((c) => c.method === method),
    lastCall: (method) => [...calls].reverse().find((c) => method === undefined || c.method === method),
    texts: (chatId) => calls.flatMap((c) => {
      const field = TEXT_OF[c.method];
      const value = field === undefined ? undefined : c.payload[field];
      if (!c.ok || typeof value !== "string") return [];
      return chatId === undefined || String(c.payload["chat_id"]) === String(chatId) ? [value] : [];
    }),
    clear: () => { calls.length = 0; violations.length = 0; },
    failNext: (method, error) => { failures.set(method, [...(failures.get(method) ?? []), error]); },
    file: (fileId) => stored.get(fileId),
    receivePhoto(data, sizes, mimeType = "image/jpeg", fileId) {
      const idOf = (s: ReceivedSize, i: number) => (fileId === undefined ? undefined : i === sizes.length - 1 ? fileId : `${fileId}-${s.width}`);
      const ladder = sizes.map((s, i) => ({ ...receive({ data, type: mimeType, kind: "photo" }, s.file_size, idOf(s, i)), ...s }));
      for (const size of ladder) ladders.set(size.file_id, ladder);
      return ladder;
    },
    receiveDocument(data, { file_name, mime_type, thumbnail }) {
      const thumb = thumbnail && { ...receive({ data, type: mime_type, filename: file_name, kind: "photo" }, thumbnail.file_size), ...thumbnail };
      const ids = receive({ data, type: mime_type, filename: file_name, kind: "document" }, data.length);
      return { ...ids, file_name, mime_type, file_size: data.length, ...(thumb ? { thumbnail: thumb } : {}) };
    },
    commandsFor: (scope, languageCode) => commands.get(`${JSON.stringify(scope ?? { type: "default" })}|${languageCode ?? ""}`),
  };
}
