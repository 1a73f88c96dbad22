// The fake Telegram client served over HTTP on loopback, with a getUpdates
// long-polling queue, so the real program (`npm start`) can run against it as
// it would against api.telegram.org.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { createFakeTelegram, type FakeTelegram } from "./fake-telegram.ts";

export interface BotApiServer {
  url: string;
  telegram: FakeTelegram;
  push(update: Omit<Update, "update_id">): void;
  /** Resolves when a call matching `predicate` has been recorded (or rejects after `ms`). */
  waitFor(predicate: (t: FakeTelegram) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBotApiServer(opts: { botId?: number; botUsername?: string } = {}): Promise<BotApiServer> {
  const telegram = createFakeTelegram(opts);
  const queue: Update[] = [];
  let nextId = 1;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
    waiters.clear();
  };

  async function getUpdates(params: { offset?: number; limit?: number; timeout?: number }): Promise<Update[]> {
    if (params.offset !== undefined) while (queue.length && queue[0]!.update_id < params.offset) queue.shift();
    if (queue.length === 0 && (params.timeout ?? 0) > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, params.timeout! * 1000);
        waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return queue.slice(0, params.limit ?? 100);
  }

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const method = (req.url ?? "").split("/").pop() ?? "";
    if (method === "getUpdates") {
      const params = body.length ? JSON.parse(body.toString("utf8")) : {};
      const result = await getUpdates(params);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
      return;
    }
    const response = await telegram.fetch(`http://127.0.0.1${req.url}`, {
      method: "POST",
      headers: { "content-type": req.headers["content-type"] ?? "application/json" },
      body,
    });
    res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    wake();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    telegram,
    push(update) {
      queue.push({ update_id: nextId++, ...update } as Update);
      wake();
    },
    waitFor(predicate, ms = 15_000) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (predicate(telegram)) return resolve();
          if (Date.now() - started > ms) return reject(new Error(`timed out; calls: ${telegram.calls.map((c) => c.method).join(", ")}`));
          setTimeout(check, 25);
        };
        check();
      });
    },
    async close() {
      wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
