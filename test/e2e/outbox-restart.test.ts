// A crash with a thanks in flight: the real program is SIGKILLed while its
// sendMessage hangs on the wire, restarted on the same database, and must
// deliver the thanks at once, not after the 5-minute stale time.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotApiServer, type BotApiServer } from "../../sandbox/bot-api-server.ts";
import { createUpdateFactory, type Person } from "../support/updates.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const TOKEN = "7000000003:TEST-token-abcdefghijklmnopqrstuvw";
const BOT = { id: 7_000_000_003, first_name: "Concierge", username: "shop_restart_bot" };
const THANKS = "Спасибо за покупку";

/**
 * Between the bot and the stand-in, forwarding every call; once armed, it
 * never answers the next sendMessage to `chatId` (Telegram never got it) and
 * calls `onHeld`, so the test can kill the bot with that message in flight.
 */
async function startHoldingProxy(target: string) {
  let armed: { chatId: number; onHeld: () => void } | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const contentType = req.headers["content-type"] ?? "application/json";
      if (armed && req.url?.endsWith("/sendMessage") && contentType.includes("json")) {
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
    holdNextSendMessage(chatId: number, onHeld: () => void) {
      armed = { chatId, onHeld };
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("the outbox across a crash", () => {
  let server: BotApiServer;
  let proxy: Awaited<ReturnType<typeof startHoldingProxy>>;
  let dir: string;
  const children: ChildProcess[] = [];
  const u = createUpdateFactory(() => new Date(), BOT);
  const owner: Person = { id: 11, first_name: "Елена", language_code: "ru" };
  const anna: Person = { id: 21, first_name: "Анна", language_code: "ru" };
  const sentTo = (p: Person, method: string) => server.telegram.callsTo(method).filter((c) => Number(c.payload.chat_id) === p.id && c.ok);
  const waitForCount = (p: Person, method: string, n: number, ms?: number) => server.waitFor(() => sentTo(p, method).length >= n, ms);
  const thanksTo = (p: Person) => sentTo(p, "sendMessage").filter((c) => String(c.payload.text).includes(THANKS));

  let output = "";
  function startBot(): ChildProcess {
    const child = spawn(tsx, ["bot/main.ts"], {
      cwd: root,
      env: {
        ...process.env,
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: proxy.url,
        OWNER_IDS: String(owner.id),
        DATABASE_URL: `file:${join(dir, "shop.db")}`,
        SHOP_NAME: "Аметист",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: the tsx wrapper runs the bot in a child node, and a crash takes both.
      detached: true,
    });
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    children.push(child);
    return child;
  }
  const crash = (child: ChildProcess) => process.kill(-child.pid!, "SIGKILL");
  const running = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));

  beforeAll(async () => {
    server = await startBotApiServer({ botId: BOT.id, botUsername: BOT.username });
    proxy = await startHoldingProxy(server.url);
    dir = mkdtempSync(join(tmpdir(), "shop-restart-"));
  });

  afterAll(async () => {
    for (const child of children) if (running(child.pid!)) crash(child);
    await Promise.all(children.map(exited));
    await proxy.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Sends one update and waits until the bot has answered `p` once more. */
  async function exchange(p: Person, update: ReturnType<typeof u.text>) {
    const before = sentTo(p, "sendMessage").length;
    server.push(update);
    await waitForCount(p, "sendMessage", before + 1);
    return sentTo(p, "sendMessage").at(-1)!;
  }
  const lastButton = (p: Person, prefix: string) => {
    const call = [...server.telegram.calls].reverse().find((c) => Number(c.payload.chat_id) === p.id && c.payload.reply_markup);
    const rows = (call?.payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] })?.inline_keyboard ?? [];
    return rows.flat().map((b) => b.callback_data ?? "").find((d) => d.startsWith(prefix))!;
  };

  it("When the bot is killed while a thanks is in flight, then after a restart on the same database the thanks arrives within seconds, once", async () => {
    const first = startBot();
    await server.waitFor(() => server.polls > 0, 60_000);

    // Анна joins; the owner logs her purchase, which queues the thanks.
    server.push(u.text(anna, "/start"));
    await waitForCount(anna, "sendMessage", 2);
    for (const [i, update] of [u.tap(anna, "consent:yes"), u.contact(anna, "79001234567"), u.text(anna, "Анна Ивановна")].entries()) {
      server.push(update);
      await waitForCount(anna, "sendMessage", 3 + i);
    }
    server.push(u.tap(anna, "bday:skip"));
    await waitForCount(anna, "sendPhoto", 1);
    await exchange(owner, u.text(owner, "/purchase"));
    expect(String((await exchange(owner, u.text(owner, "8 (900) 123-45-67"))).payload.text)).toContain("Анна Ивановна");
    await exchange(owner, u.text(owner, "15 000"));
    await exchange(owner, u.text(owner, "Серьги; аметист; серебро 925"));
    await exchange(owner, u.tap(owner, lastButton(owner, "pur:items")));
    expect(String((await exchange(owner, u.tap(owner, "pur:redeem:0"))).payload.text)).toContain("Проверьте покупку");

    let held = false;
    proxy.holdNextSendMessage(anna.id, () => {
      held = true;
      crash(first);
    });
    server.push(u.tap(owner, lastButton(owner, "pur:ok:")));
    await server.waitFor(() => held, 15_000);
    await exited(first);

    // The dead process left its claim on the row; Telegram never got the message.
    const sqlite = new Database(join(dir, "shop.db"), { readonly: true });
    const row = sqlite.prepare(`SELECT status, claimedBy FROM "Outbox" WHERE chatId = ? AND kind = 'purchase_thanks'`).get(anna.id) as
      | { status: string; claimedBy: string }
      | undefined;
    sqlite.close();
    expect(row?.status).toBe("sending");
    const holderPid = Number(/^[^:]+:(\d+):\w+$/.exec(row?.claimedBy ?? "")?.[1]);
    await server.waitFor(() => !running(holderPid), 5_000);
    expect(thanksTo(anna)).toEqual([]);

    output = "";
    const restartedAt = Date.now();
    const second = startBot();
    await waitForCount(anna, "sendMessage", sentTo(anna, "sendMessage").length + 1, 60_000);
    const seconds = (Date.now() - restartedAt) / 1000;
    console.log(`thanks arrived ${seconds.toFixed(1)} s after the restart`);
    // Start-up alone (tsx, migrate deploy) takes about 5 s on two cores; the stale rule would take 300.
    expect(seconds).toBeLessThan(15);
    expect(String(sentTo(anna, "sendMessage").at(-1)!.payload.text)).toContain(THANKS);
    expect(output).toContain("queued again");

    // One more tick of the loop sends nothing again; then a clean stop.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(thanksTo(anna)).toHaveLength(1);
    expect(server.telegram.violations).toEqual([]);
    second.kill("SIGTERM");
    await exited(second);
    expect(second.exitCode).toBe(0);
  }, 120_000);
});
