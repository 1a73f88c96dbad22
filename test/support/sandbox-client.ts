// Talks to a running sandbox the way its web page does: send text, share the
// contact, send a photo or a file, tap a button, and wait for the bot's
// answer in a persona's chat.
interface ChatMessage {
  id: number;
  from: "user" | "bot";
  text?: string;
  caption?: string;
  photo?: string | null;
  document?: { name: string; url: string } | null;
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] } | null;
}
interface ChatState {
  version: number;
  messages: ChatMessage[];
  toast: { text: string } | null;
}
export interface SentPhotoSize { file_id: string; file_unique_id: string; width: number; height: number; file_size: number }
export interface SentDocument { file_id: string; file_unique_id: string; file_name: string; mime_type: string; file_size: number }
/** The sandbox's date as the bot sees it (GET /sandbox/clock). */
export interface SandboxClock {
  now: string;
  date: string;
  timeZone: string;
}

/** `root` may be a function, for a client made before its sandbox has started (see useSandbox). */
export function sandboxClient(root: string | (() => string)) {
  const base = typeof root === "string" ? () => root : root;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base()}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
  };
  async function upload<T>(userId: number, kind: "photo" | "document", bytes: Uint8Array, params: Record<string, string | undefined>, mime = "application/octet-stream"): Promise<T> {
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    const res = await fetch(`${base()}/sandbox/chat/${userId}/${kind}?${query.toString()}`, { method: "POST", headers: { "content-type": mime }, body: bytes });
    if (!res.ok) throw new Error(`${kind}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<T>;
  }
  const state = async (userId: number, version = -1): Promise<ChatState> => (await fetch(`${base()}/sandbox/chat/${userId}?version=${version}`)).json() as Promise<ChatState>;

  /**
   * Waits until a bot message satisfies `match` (checked on every change of the chat);
   * with `after` (a count from `count()`), only among the messages that came after those.
   */
  async function waitForBot(userId: number, match: (m: ChatMessage) => boolean, ms = 20_000, after = 0): Promise<ChatMessage> {
    const deadline = Date.now() + ms;
    let version = -1;
    while (Date.now() < deadline) {
      const s = await state(userId, version);
      const found = s.messages.slice(after).find((m) => m.from === "bot" && match(m));
      if (found) return found;
      version = s.version;
    }
    throw new Error(`no such bot message for ${userId}: ${JSON.stringify((await state(userId)).messages.map((m) => m.text ?? m.caption))}`);
  }
  const contains = (text: string) => (m: ChatMessage) => (m.text ?? m.caption ?? "").includes(text);

  return {
    state,
    waitForBot,
    contains,
    /** How many messages the chat holds now: pass it to waitForBot to wait for a new one. */
    count: async (userId: number) => (await state(userId)).messages.length,
    /** The callback data of the button on `m` whose label includes `label`. */
    button(m: ChatMessage, label: string): string {
      const data = m.reply_markup?.inline_keyboard?.flat().find((b) => b.text.includes(label))?.callback_data;
      if (!data) throw new Error(`no "${label}" button on: ${m.text ?? m.caption}`);
      return data;
    },
    clock: async () => (await fetch(`${base()}/sandbox/clock`)).json() as Promise<SandboxClock>,
    /** The sandbox's "next day" button: the bot's clock a day on, and the morning job run. */
    async nextDay(): Promise<{ clock: SandboxClock; morning: { pushed: number } }> {
      const res = await fetch(`${base()}/sandbox/control/next-day`, { method: "POST" });
      if (!res.ok) throw new Error(`next-day: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ clock: SandboxClock; morning: { pushed: number } }>;
    },
    say: (userId: number, text: string) => post(`/sandbox/chat/${userId}/text`, { text }),
    shareContact: (userId: number) => post(`/sandbox/chat/${userId}/contact`, {}),
    /** The page's 📎 → photo: what the update carried (the sizes, largest last). */
    photo: (userId: number, bytes: Uint8Array, caption?: string) => upload<{ photo: SentPhotoSize[] }>(userId, "photo", bytes, { caption }),
    /** The page's 📎 → file: what the update carried (the document). */
    document: (userId: number, bytes: Uint8Array, name: string, mime: string, caption?: string) =>
      upload<{ document: SentDocument }>(userId, "document", bytes, { name, caption }, mime),
    /** Taps the newest button whose callback data starts with `prefix`. */
    async tap(userId: number, prefix: string) {
      const { messages } = await state(userId);
      for (const m of [...messages].reverse()) {
        const button = m.reply_markup?.inline_keyboard?.flat().find((b) => b.callback_data?.startsWith(prefix));
        if (button) return post(`/sandbox/chat/${userId}/callback`, { message_id: m.id, data: button.callback_data });
      }
      throw new Error(`no ${prefix} button in ${userId}'s chat`);
    },
  };
}
