// Checks one outgoing Bot API call the way Telegram would, so tests catch calls
// that pass grammY's types but that the real server refuses (too long, bad
// callback_data, unbalanced HTML, typos in parameter names...).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// Text and captions count UTF-16 code units (String#length), like Telegram;
// callback_data counts UTF-8 bytes.
export const LIMITS = {
  messageText: 4096,
  caption: 1024,
  callbackData: 64,
  startParameter: 64,
  commandsPerScope: 100,
  commandName: 32,
  commandDescription: 256,
  answerCallbackText: 200,
} as const;

export interface SpecField { name: string; types: string[]; required: boolean; description?: string }
export interface ApiSpec {
  /** `complete`: every parameter is listed, so an unknown one is refused even in a partial spec. */
  methods: Record<string, { name: string; fields?: SpecField[]; complete?: boolean }>;
  types?: Record<string, { name: string; fields?: SpecField[] }>;
  /** Built-in fallback: unknown fields are flagged only for the methods it lists completely. */
  partial?: boolean;
}
export interface CheckOptions { /** null forces the built-in fallback table; undefined uses the shared spec if present. */ spec?: ApiSpec | null }
export interface Refusal { status: 400 | 404; description: string }

// The official spec is shared between projects and must not be copied here; a
// clone without ../shared falls back to the methods this bot uses.
const specUrl = new URL("../../shared/telegram/bot-api-10.1.json", import.meta.url);
let loaded: ApiSpec | null | undefined;
export function loadSpec(): ApiSpec | null {
  if (loaded === undefined) {
    const path = fileURLToPath(specUrl);
    loaded = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ApiSpec) : null;
  }
  return loaded;
}

const ID = ["Integer", "String"];
const FALLBACK_REQUIRED: Record<string, Record<string, string[]>> = {
  getMe: {}, getUpdates: {}, editMessageReplyMarkup: {}, editMessageCaption: {}, deleteMyCommands: {},
  getMyCommands: {}, setChatMenuButton: {}, deleteWebhook: {}, close: {}, logOut: {},
  sendMessage: { chat_id: ID, text: ["String"] },
  sendPhoto: { chat_id: ID, photo: ["InputFile", "String"] },
  sendDocument: { chat_id: ID, document: ["InputFile", "String"] },
  editMessageText: { text: ["String"] },
  answerCallbackQuery: { callback_query_id: ["String"] },
  deleteMessage: { chat_id: ID, message_id: ["Integer"] },
  setMyCommands: { commands: ["Array of BotCommand"] },
  getFile: { file_id: ["String"] },
  sendChatAction: { chat_id: ID, action: ["String"] },
  sendMediaGroup: { chat_id: ID, media: ["Array of InputMediaDocument", "Array of InputMediaPhoto", "Array of InputMediaVideo"] },
};
// The optional parameters of the methods the bot uses, so a typo is caught
// without the official description too (taken from Bot API 10.1).
const S = ["String"], I = ["Integer"], B = ["Boolean"], O = ["Object"], A = ["Array of Object"];
const SEND = { business_connection_id: S, message_thread_id: I, direct_messages_topic_id: I, disable_notification: B, protect_content: B,
  allow_paid_broadcast: B, message_effect_id: S, suggested_post_parameters: O, reply_parameters: O, reply_markup: O };
const EDIT = { business_connection_id: S, chat_id: ID, message_id: I, inline_message_id: S, reply_markup: O };
const SCOPE = { scope: O, language_code: S };
const NO_OPTIONAL = new Set(["getMe", "deleteMessage", "getFile", "close", "logOut"]);
const FALLBACK_OPTIONAL: Record<string, Record<string, string[]>> = {
  getUpdates: { offset: I, limit: I, timeout: I, allowed_updates: ["Array of String"] },
  sendMessage: { ...SEND, parse_mode: S, entities: A, link_preview_options: O },
  sendPhoto: { ...SEND, caption: S, parse_mode: S, caption_entities: A, show_caption_above_media: B, has_spoiler: B },
  sendDocument: { ...SEND, thumbnail: ["InputFile", "String"], caption: S, parse_mode: S, caption_entities: A, disable_content_type_detection: B },
  editMessageText: { ...EDIT, parse_mode: S, entities: A, link_preview_options: O, rich_message: O },
  editMessageReplyMarkup: EDIT,
  editMessageCaption: { ...EDIT, caption: S, parse_mode: S, caption_entities: A, show_caption_above_media: B },
  answerCallbackQuery: { text: S, show_alert: B, url: S, cache_time: I },
  setMyCommands: SCOPE, deleteMyCommands: SCOPE, getMyCommands: SCOPE,
  sendChatAction: { business_connection_id: S, message_thread_id: I },
  sendMediaGroup: { business_connection_id: S, message_thread_id: I, direct_messages_topic_id: I, disable_notification: B, protect_content: B,
    allow_paid_broadcast: B, message_effect_id: S, reply_parameters: O },
};
export const FALLBACK_SPEC: ApiSpec = {
  // Methods without a list of optional parameters accept any extra field.
  partial: true,
  methods: Object.fromEntries(Object.entries(FALLBACK_REQUIRED).map(([name, fields]) => [
    name,
    {
      name,
      complete: name in FALLBACK_OPTIONAL || NO_OPTIONAL.has(name),
      fields: [
        ...Object.entries(fields).map(([f, types]) => ({ name: f, types, required: true })),
        ...Object.entries(FALLBACK_OPTIONAL[name] ?? {}).map(([f, types]) => ({ name: f, types, required: false })),
      ],
    },
  ])),
};

const activeSpec = (o?: CheckOptions): ApiSpec => (o?.spec === undefined ? loadSpec() : o.spec) ?? FALLBACK_SPEC;

/** Declared types of a method's parameter (undefined if unknown); the fake uses it to decode multipart values. */
export function fieldTypes(method: string, field: string, opts?: CheckOptions): string[] | undefined {
  return activeSpec(opts).methods[method]?.fields?.find((f) => f.name === field)?.types;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
// A file being uploaded: grammY's multipart "attach://id" reference, or an InputFile itself.
const isFileMarker = (v: unknown) =>
  (typeof v === "string" && v.startsWith("attach://")) || (isObject(v) && typeof v["toRaw"] === "function");

function matchesType(type: string, v: unknown): boolean {
  if (type.startsWith("Array of ")) return Array.isArray(v);
  switch (type) {
    case "Integer": return Number.isInteger(v) || (typeof v === "string" && /^-?\d+$/.test(v));
    case "Float": return typeof v === "number" && Number.isFinite(v);
    case "String": return typeof v === "string";
    case "Boolean": return typeof v === "boolean";
    case "InputFile": return isFileMarker(v);
    default: return isObject(v); // InlineKeyboardMarkup, BotCommandScope, ...
  }
}

// Tags Telegram's HTML mode understands; anything else (e.g. <br>, <p>) is refused.
const HTML_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
  "a", "tg-emoji", "tg-time", "code", "pre", "blockquote"]);
const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Plain text Telegram would see after parsing parse_mode=HTML, or the parse error. */
export function parseHtml(html: string): { text: string } | { error: string } {
  const stack: string[] = [];
  let text = "";
  let last = 0;
  const token = /<(\/?)([a-zA-Z][\w-]*)?[^<>]*>|<|&(?:#(\d+)|#x([0-9a-fA-F]+)|([a-zA-Z]+));/g;
  for (let m = token.exec(html); m; m = token.exec(html)) {
    text += html.slice(last, m.index);
    last = m.index + m[0].length;
    const [raw, slash, tag, dec, hex, name] = m;
    const at = Buffer.byteLength(html.slice(0, m.index)); // Telegram reports byte offsets
    if (raw.startsWith("<")) {
      const t = (tag ?? "").toLowerCase();
      if (!HTML_TAGS.has(t)) return { error: `Unsupported start tag "${t}" at byte offset ${at}` };
      if (!slash) stack.push(t);
      else if (stack.pop() !== t) return { error: `Unmatched end tag "${t}" at byte offset ${at}` };
    } else if (dec ?? hex) {
      const code = dec ? Number(dec) : parseInt(hex ?? "0", 16);
      text += code <= 0x10ffff ? String.fromCodePoint(code) : raw;
    }
    else text += NAMED[(name ?? "").toLowerCase()] ?? raw; // other named entities are kept as typed
  }
  if (stack.length) return { error: `Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"` };
  return { text: text + html.slice(last) };
}

const bad = (d: string): Refusal => ({ status: 400, description: `Bad Request: ${d}` });

/** Visible length of a text/caption under its parse_mode, or a refusal if it does not parse. */
function visible(value: string, parseMode: unknown): string | Refusal {
  if (parseMode !== "HTML") return value;
  const r = parseHtml(value);
  return "error" in r ? bad(`can't parse entities: ${r.error}`) : r.text;
}

function checkMarkup(markup: unknown): Refusal | null {
  if (!isObject(markup)) return null;
  const rows = markup["inline_keyboard"] ?? markup["keyboard"];
  if (rows === undefined) return null;
  const inline = "inline_keyboard" in markup;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) return bad("keyboard must be an Array of Arrays of buttons");
  for (const button of rows.flat() as unknown[]) {
    const text = typeof button === "string" && !inline ? button : isObject(button) ? button["text"] : undefined;
    if (typeof text !== "string" || text.trim() === "") return bad("BUTTON_TEXT_EMPTY");
    if (!inline || !isObject(button)) continue;
    // An inline button needs exactly one action besides its label.
    if (Object.keys(button).every((k) => ["text", "icon_custom_emoji_id", "style"].includes(k)))
      return bad("text buttons are unallowed in the inline keyboard");
    const data = button["callback_data"];
    if (data !== undefined) {
      const bytes = typeof data === "string" ? Buffer.byteLength(data, "utf8") : 0;
      if (bytes < 1 || bytes > LIMITS.callbackData) return bad("BUTTON_DATA_INVALID");
    }
  }
  return null;
}

function checkCommands(commands: unknown): Refusal | null {
  if (!Array.isArray(commands) || commands.length === 0) return bad("commands must be non-empty");
  if (commands.length > LIMITS.commandsPerScope) return bad("BOT_COMMANDS_TOO_MUCH");
  for (const c of commands as unknown[]) {
    const name = isObject(c) ? c["command"] : undefined;
    const description = isObject(c) ? c["description"] : undefined;
    if (typeof name !== "string" || !/^[a-z0-9_]{1,32}$/.test(name)) return bad("BOT_COMMAND_INVALID");
    if (typeof description !== "string" || description.trim() === "" || description.length > LIMITS.commandDescription)
      return bad("BOT_COMMAND_DESCRIPTION_INVALID");
  }
  return null;
}

/**
 * An album: 2 to 10 items, photos and videos together or documents alone,
 * each with its media and a caption within the limit (the report's charts
 * go as one).
 */
function checkMediaGroup(media: unknown): Refusal | null {
  if (!Array.isArray(media) || !media.every(isObject)) return bad("can't parse media JSON object");
  if (media.length < 2) return bad("media group must include 2-10 items");
  if (media.length > 10) return bad("too much messages to send as an album");
  const types = new Set(media.map((m) => m["type"]));
  for (const type of types) if (!["photo", "video", "document", "audio"].includes(String(type))) return bad("can't parse InputMedia: unsupported media type");
  if (types.size > 1 && (types.has("document") || types.has("audio"))) return bad(`${types.has("document") ? "document" : "audio"} can't be mixed with other media types`);
  for (const m of media) {
    if (typeof m["media"] !== "string" || m["media"] === "") return bad("can't parse InputMedia: media not found");
    if (typeof m["caption"] !== "string") continue;
    const caption = visible(m["caption"], m["parse_mode"]);
    if (typeof caption !== "string") return caption;
    if (caption.length > LIMITS.caption) return bad("message caption is too long");
  }
  return null;
}

/** Like checkCall, with the HTTP status Telegram would answer (404 for unknown methods). */
export function checkCallStatus(method: string, params: Record<string, unknown>, opts?: CheckOptions): Refusal | null {
  const spec = activeSpec(opts);
  const def = Object.hasOwn(spec.methods, method) ? spec.methods[method] : undefined;
  if (!def) return { status: 404, description: "Not Found: method not found" };
  const fields = def.fields ?? [];
  const present = (k: string) => params[k] !== undefined && params[k] !== null;
  for (const f of fields) if (f.required && !present(f.name)) return bad(`parameter "${f.name}" is required`);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    const f = fields.find((x) => x.name === k);
    if (!f) {
      // Deliberately stricter than Telegram (which ignores them) to catch typos.
      if (!spec.partial || def.complete) return bad(`unknown parameter "${k}"`);
      continue;
    }
    if (!f.types.some((t) => matchesType(t, v))) return bad(`parameter "${k}" must be ${f.types.join(" or ")}`);
  }
  const p = params;
  if (present("parse_mode") && !["HTML", "MarkdownV2", "Markdown"].includes(String(p["parse_mode"])))
    return bad("unsupported parse_mode");
  if (method.startsWith("editMessage") && !present("inline_message_id")) {
    if (!present("chat_id")) return bad("chat_id is empty");
    if (!present("message_id")) return bad("message identifier is not specified");
  }
  if (method === "sendMessage" || method === "editMessageText") {
    if (typeof p["text"] !== "string" && !present("rich_message")) return bad("message text is empty");
    if (typeof p["text"] === "string") {
      const text = visible(p["text"], p["parse_mode"]);
      if (typeof text !== "string") return text;
      if (text.trim() === "") return bad("message text is empty");
      if (text.length > LIMITS.messageText) return bad("message is too long");
    }
  }
  if (typeof p["caption"] === "string") {
    const caption = visible(p["caption"], p["parse_mode"]);
    if (typeof caption !== "string") return caption;
    if (caption.length > LIMITS.caption) return bad("message caption is too long");
  }
  if (method === "answerCallbackQuery" && typeof p["text"] === "string" && p["text"].length > LIMITS.answerCallbackText)
    return bad("MESSAGE_TOO_LONG");
  if (method === "setMyCommands") return checkCommands(p["commands"]) ?? checkMarkup(p["reply_markup"]);
  if (method === "sendMediaGroup") return checkMediaGroup(p["media"]);
  return checkMarkup(p["reply_markup"]);
}

/** null if Telegram would accept the call, else its error description ("Bad Request: ..."). */
export function checkCall(method: string, params: Record<string, unknown>, opts?: CheckOptions): string | null {
  return checkCallStatus(method, params, opts)?.description ?? null;
}
