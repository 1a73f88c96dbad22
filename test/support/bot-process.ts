// The real program (`npm start`'s node --import tsx bot/main.ts) as a child
// process against the Bot API stand-in, with a proxy in between that can hold
// one call on the wire and let the test kill the bot at that moment: a crash
// at a chosen point, then a restart on the same database.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startBotApiServer, type BotApiServer } from "../../sandbox/bot-api-server.ts";
import { createUpdateFactory, type Person } from "./updates.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Between the bot and the stand-in, forwarding every call; once armed, it
 * never answers the next `method` call for `chatId` (Telegram never got it)
 * and calls `onHeld`, so the test can kill the bot with that call in flight.
 */
async function startHoldingProxy(target: string) {
  let armed: { method: string; chatId: number; onHeld: () => void } | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const contentType = req.headers["content-type"] ?? "application/json";
      if (armed && req.url?.endsWith(`/${armed.method}`) && contentType.includes("json")) {
        const { chat_id } = JSON.parse(body.toString("utf8")) as { chat_id?: unknown };
        if (Number(chat_id) === armed.chatId) {
          const { onHeld } = armed;
          armed = undefined;
          return onHeld();
        }
      }
      // A long poll of a killed bot must not stay behind and swallow the next one's updates.
      const abort = new AbortController();
      res.on("close", () => abort.abort());
      try {
        const answer = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: { "content-type": contentType },
          body: body.length ? body : undefined,
          signal: abort.signal,
        });
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
        res.end(Buffer.from(await answer.arrayBuffer()));
      } catch {
        res.destroy();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNext(method: string, chatId: number, onHeld: () => void) {
      armed = { method, chatId, onHeld };
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));

export async function startBotRig(opts: {
  ownerIds: number[];
  botId: number;
  username: string;
  /** More environment for the bot (BROADCAST_RATE, QUIET_HOURS…); wins over the rig's own. */
  env?: Record<string, string>;
}) {
  const token = `${opts.botId}:TEST-token-abcdefghijklmnopqrstuvw`;
  const bot = { id: opts.botId, first_name: "Concierge", username: opts.username };
  const server: BotApiServer = await startBotApiServer({ botId: bot.id, botUsername: bot.username });
  const proxy = await startHoldingProxy(server.url);
  const dir = mkdtempSync(join(tmpdir(), "shop-rig-"));
  const children: ChildProcess[] = [];
  const u = createUpdateFactory(() => new Date(), bot);
  let output = "";

  const sentTo = (p: Person, method: string) => server.telegram.callsTo(method).filter((c) => Number(c.payload.chat_id) === p.id && c.ok);
  const waitForCount = (p: Person, method: string, n: number, ms?: number) => server.waitFor(() => sentTo(p, method).length >= n, ms);

  return {
    server,
    u,
    dir,
    database: join(dir, "shop.db"),
    output: () => output,
    clearOutput: () => void (output = ""),
    holdNext: (method: string, chatId: number, onHeld: () => void) => proxy.holdNext(method, chatId, onHeld),
    sentTo,
    waitForCount,

    /** Starts the bot and waits for its first getUpdates. */
    async start(): Promise<ChildProcess> {
      const polls = server.polls;
      const child = spawn(process.execPath, ["--import", "tsx", "bot/main.ts"], {
        cwd: root,
        env: {
          ...process.env,
          BOT_TOKEN: token,
          TELEGRAM_API_ROOT: proxy.url,
          OWNER_IDS: opts.ownerIds.join(","),
          DATABASE_URL: `file:${join(dir, "shop.db")}`,
          SHOP_NAME: "Аметист",
          LOG_LEVEL: "warn",
          ...opts.env,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      children.push(child);
      await server.waitFor(() => server.polls > polls, 60_000);
      return child;
    },
    /** kill -9, and waits until the process is gone. */
    async crash(child: ChildProcess) {
      child.kill("SIGKILL");
      await exited(child);
    },
    async stop(child: ChildProcess) {
      child.kill("SIGTERM");
      await exited(child);
      return child.exitCode;
    },

    /** Sends one update and waits until the bot has answered `p` once more with `method`. */
    async exchange(p: Person, update: ReturnType<typeof u.text>, method = "sendMessage") {
      const before = sentTo(p, method).length;
      server.push(update);
      await waitForCount(p, method, before + 1);
      return sentTo(p, method).at(-1)!;
    },
    /** The data of the newest button sent to `p` that starts with `prefix`. */
    lastButton(p: Person, prefix: string) {
      const call = [...server.telegram.calls].reverse().find((c) => Number(c.payload.chat_id) === p.id && c.payload.reply_markup);
      const rows = (call?.payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] })?.inline_keyboard ?? [];
      return rows.flat().map((b) => b.callback_data ?? "").find((d) => d.startsWith(prefix))!;
    },
    /** Consent, phone, name, birthday through the chat. */
    async join(p: Person, phoneDigits: string, name: string) {
      server.push(u.text(p, "/start"));
      await waitForCount(p, "sendMessage", 2);
      for (const [i, update] of [u.tap(p, "join:consent"), u.contact(p, phoneDigits), u.text(p, name)].entries()) {
        server.push(update);
        await waitForCount(p, "sendMessage", 3 + i);
      }
      server.push(u.tap(p, "join:skip"));
      await waitForCount(p, "sendPhoto", 1);
    },

    async close() {
      for (const child of children) if (child.pid && isRunning(child.pid)) child.kill("SIGKILL");
      await Promise.all(children.map(exited));
      await proxy.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type BotRig = Awaited<ReturnType<typeof startBotRig>>;
