// Talks to a running sandbox the way its web page does: send text, share the
// contact, tap a button, and wait for the bot's answer in a persona's chat.
interface ChatMessage {
  id: number;
  from: "user" | "bot";
  text?: string;
  caption?: string;
  photo?: string | null;
  reply_markup?: { inline_keyboard?: { text: string; callback_data?: string }[][] } | null;
}
interface ChatState {
  version: number;
  messages: ChatMessage[];
  toast: { text: string } | null;
}

export function sandboxClient(url: string) {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
  };
  const state = async (userId: number, version = -1): Promise<ChatState> => (await fetch(`${url}/sandbox/chat/${userId}?version=${version}`)).json() as Promise<ChatState>;

  /** Waits until a bot message satisfies `match` (checked on every change of the chat). */
  async function waitForBot(userId: number, match: (m: ChatMessage) => boolean, ms = 20_000): Promise<ChatMessage> {
    const deadline = Date.now() + ms;
    let version = -1;
    while (Date.now() < deadline) {
      const s = await state(userId, version);
      const found = s.messages.find((m) => m.from === "bot" && match(m));
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
    say: (userId: number, text: string) => post(`/sandbox/chat/${userId}/text`, { text }),
    shareContact: (userId: number) => post(`/sandbox/chat/${userId}/contact`, {}),
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
