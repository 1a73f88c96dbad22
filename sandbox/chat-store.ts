// What each sandbox persona sees in their chat with the bot: their own
// messages and the bot's (new, edited, deleted), the reply keyboard, the last
// button answer. Kept in memory, or in a JSON file when asked.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Persona } from "./personas.ts";
import type { NewUpdate } from "./update-queue.ts";

type Obj = Record<string, unknown>;

export interface ChatMessage {
  id: number;
  from: "user" | "bot";
  date: number;
  text?: string;
  caption?: string;
  photo?: string | null;
  document?: { name: string; url: string } | null;
  contact?: { phone_number: string } | null;
  reply_markup?: unknown;
  edited: boolean;
  /** The bot's message as Telegram returned it: a tap on its button quotes it. */
  raw?: Obj;
}

interface Chat {
  version: number;
  messages: ChatMessage[];
  keyboard: Obj | null;
  toast: { text: string; show_alert: boolean; at: number } | null;
}

const USER_MESSAGE_IDS = 1_000_000;

export function createChatStore(personas: Persona[], stateFile?: string) {
  const chats = new Map<number, Chat>();
  const waiters = new Map<number, Set<() => void>>();
  const callbacks = new Map<string, number>();
  let seq = 0;
  let saveTimer: NodeJS.Timeout | undefined;

  if (stateFile && existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, "utf8")) as { seq: number; chats: [number, Chat][] };
    seq = saved.seq;
    for (const [id, chat] of saved.chats) chats.set(id, chat);
  }

  const chat = (userId: number): Chat => {
    let c = chats.get(userId);
    if (!c) chats.set(userId, (c = { version: 0, messages: [], keyboard: null, toast: null }));
    return c;
  };
  const changed = (userId: number) => {
    chat(userId).version++;
    for (const w of waiters.get(userId) ?? []) w();
    waiters.delete(userId);
    if (stateFile && !saveTimer) {
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        writeFileSync(stateFile, JSON.stringify({ seq, chats: [...chats] }));
      }, 200);
    }
  };
  const persona = (userId: number) => personas.find((p) => p.id === userId);
  const user = (p: Persona) => ({ id: p.id, is_bot: false, first_name: p.first_name, ...(p.last_name ? { last_name: p.last_name } : {}), language_code: p.language_code });
  const now = () => Math.floor(Date.now() / 1000);

  function userMessage(p: Persona, content: Obj, view: Partial<ChatMessage>): NewUpdate {
    const id = USER_MESSAGE_IDS + ++seq;
    chat(p.id).messages.push({ id, from: "user", date: now(), edited: false, ...view });
    changed(p.id);
    return { message: { message_id: id, date: now(), chat: { id: p.id, type: "private", first_name: p.first_name }, from: user(p), ...content } };
  }

  function botView(message: Obj, fileUrl: (fileId: string) => string): Omit<ChatMessage, "edited"> {
    const photo = (message["photo"] as { file_id: string }[] | undefined)?.at(-1);
    const document = message["document"] as { file_id: string; file_name?: string } | undefined;
    return {
      id: message["message_id"] as number,
      from: "bot",
      date: message["date"] as number,
      ...(typeof message["text"] === "string" ? { text: message["text"] } : {}),
      ...(typeof message["caption"] === "string" ? { caption: message["caption"] } : {}),
      photo: photo ? fileUrl(photo.file_id) : null,
      document: document ? { name: document.file_name ?? "file", url: fileUrl(document.file_id) } : null,
      reply_markup: message["reply_markup"] ?? null,
      raw: message,
    };
  }

  return {
    personas,
    state(userId: number) {
      const { version, messages, keyboard, toast } = chat(userId);
      return { version, messages: messages.map(({ raw: _raw, ...m }) => m), keyboard, toast };
    },
    /** Resolves when the chat changes past `version`, or after `ms`. */
    wait(userId: number, version: number, ms: number): Promise<void> {
      if (chat(userId).version > version) return Promise.resolve();
      return new Promise((resolve) => {
        const set = waiters.get(userId) ?? new Set();
        const done = () => {
          clearTimeout(timer);
          set.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
        waiters.set(userId, set);
      });
    },

    text(userId: number, text: string): NewUpdate | null {
      const p = persona(userId);
      if (!p || !text.trim()) return null;
      const c = chat(userId);
      if (c.keyboard?.["one_time_keyboard"]) c.keyboard = null;
      const command = /^\/\w+/.exec(text);
      const entities = command ? [{ type: "bot_command", offset: 0, length: command[0].length }] : undefined;
      return userMessage(p, { text, ...(entities ? { entities } : {}) }, { text });
    },

    /** Shares the persona's own phone, as Telegram's contact button does (digits, no "+"). */
    contact(userId: number): NewUpdate | null {
      const p = persona(userId);
      if (!p) return null;
      chat(userId).keyboard = null;
      const phone_number = p.phone.replace(/\D/g, "");
      return userMessage(p, { contact: { phone_number, first_name: p.first_name, user_id: p.id } }, { contact: { phone_number: p.phone } });
    },

    /**
     * A photo or a file the person sent (already given its file_ids): `content` is
     * what the update carries (`photo` or `document`, and the caption), `view`
     * what the chat shows.
     */
    attachment(userId: number, content: Obj, view: Pick<ChatMessage, "photo" | "document" | "caption">): NewUpdate | null {
      const p = persona(userId);
      if (!p) return null;
      const c = chat(userId);
      if (c.keyboard?.["one_time_keyboard"]) c.keyboard = null;
      return userMessage(p, content, view);
    },

    callback(userId: number, messageId: number, data: string): NewUpdate | null {
      const p = persona(userId);
      const message = chat(userId).messages.find((m) => m.from === "bot" && m.id === messageId);
      if (!p || !message?.raw) return null;
      const id = `cb${++seq}`;
      callbacks.set(id, userId);
      return { callback_query: { id, from: user(p), chat_instance: `sandbox-${p.id}`, data, message: message.raw } } as unknown as NewUpdate;
    },

    /** Called by the fake Bot API for every message the bot sends, edits or deletes. */
    botMessage(chatId: number, message: Obj, change: "new" | "edit" | "delete", fileUrl: (fileId: string) => string) {
      const c = chat(chatId);
      const view = botView(message, fileUrl);
      const index = c.messages.findIndex((m) => m.from === "bot" && m.id === view.id);
      if (change === "delete") {
        if (index >= 0) c.messages.splice(index, 1);
      } else if (change === "edit" && index >= 0) {
        // Telegram marks a message edited when its words change, not its buttons.
        const before = c.messages[index]!;
        c.messages[index] = { ...view, edited: before.edited || before.text !== view.text || before.caption !== view.caption };
      } else {
        c.messages.push({ ...view, edited: false });
        const markup = message["reply_markup"] as Obj | undefined;
        if (markup?.["keyboard"]) c.keyboard = markup;
        if (markup?.["remove_keyboard"]) c.keyboard = null;
      }
      changed(chatId);
    },

    callbackAnswer(callbackId: string, text: string | undefined, showAlert: boolean) {
      const userId = callbacks.get(callbackId);
      callbacks.delete(callbackId);
      if (userId === undefined || !text) return;
      chat(userId).toast = { text, show_alert: showAlert, at: Date.now() };
      changed(userId);
    },

    reset(userId: number) {
      chats.delete(userId);
      chat(userId).version = Date.now();
      changed(userId);
    },
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
