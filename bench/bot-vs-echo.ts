// Our bot against a bare grammY echo bot, both as separate processes talking
// HTTP to the sandbox's Bot API stand-in on loopback: /card throughput and
// reply latency with 1,000 onboarded clients, cold start, and memory.
// Run: npm run bench:bot   (BENCH_CLIENTS, BENCH_UPDATES, BENCH_SAMPLES to scale)
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { openDb } from "../core/db/client.ts";
import { ensureLoyaltyDefaults } from "../core/loyalty/defaults.ts";
import { createServices } from "../core/services.ts";
import { startBotApiServer, type BotApiServer } from "../sandbox/bot-api-server.ts";
import { migrateDeploy } from "../core/db/migrate.ts";
import { createUpdateFactory } from "../test/support/updates.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 3_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 500);
const TOKEN = "1234567890:BENCH-not-a-real-token-abcdefghij";
const BOT = { id: 1_234_567_890, first_name: "Bench", username: "bench_bot" };
const root = fileURLToPath(new URL("../", import.meta.url));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const rssMiB = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024);

async function seed(file: string): Promise<void> {
  // Through Prisma, as npm start would: the bot's own `migrate deploy` then finds nothing to do.
  const migration = migrateDeploy(`file:${file}`);
  if (!migration.ok) throw new Error(migration.output);
  const db = await openDb(`file:${file}`);
  await ensureLoyaltyDefaults(db, "RUB");
  const s = createServices(db, { OWNER_IDS: [], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 });
  for (let i = 0; i < CLIENTS; i++) {
    const id = 5_000_000 + i;
    await s.onboarding.giveConsent(id, i % 2 ? "zh" : "ru");
    await s.onboarding.setPhone(id, `+7901${String(i).padStart(7, "0")}`, false);
    await s.onboarding.setName(id, i % 2 ? "王芳" : "Анна Ивановна");
    await s.onboarding.finish(id, null);
  }
  await db.$disconnect();
}

interface Result {
  coldStartMs: number;
  updatesPerSecond: number;
  latencyMs: { p50: number; p99: number };
  rssMiB: number;
}

async function measure(name: string, args: string[], env: Record<string, string>, reply: string): Promise<Result> {
  const server: BotApiServer = await startBotApiServer({ token: TOKEN, botId: BOT.id, botUsername: BOT.username, maxRecordedCalls: 10_000 });
  const u = createUpdateFactory(() => new Date(), BOT);
  const replies = () => server.telegram.calls.filter((c) => c.method === reply && c.ok).length;
  const started = performance.now();
  // node itself (not the tsx launcher), so the memory read below is the bot's.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env: { ...process.env, ...env, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: server.url, LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "inherit"] });
  await server.waitFor(() => server.polls > 0, 120_000);
  const coldStartMs = performance.now() - started;
  const person = (i: number) => ({ id: 5_000_000 + (i % CLIENTS), first_name: "Клиент", language_code: i % 2 ? "zh" : "ru" });

  // Warm-up, then a burst: how fast the whole queue is answered.
  for (let i = 0; i < 50; i++) server.push(u.text(person(i), "/card"));
  await server.waitFor(() => replies() >= 50, 60_000);
  let before = replies();
  const burstStart = performance.now();
  for (let i = 0; i < UPDATES; i++) server.push(u.text(person(i), "/card"));
  await server.waitFor(() => replies() >= before + UPDATES, 600_000);
  const updatesPerSecond = Math.round(UPDATES / ((performance.now() - burstStart) / 1000));
  const rss = rssMiB(child.pid!);

  // One at a time: the delay a client sees between sending /card and the answer.
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    before = replies();
    const t0 = performance.now();
    server.push(u.text(person(i * 7), "/card"));
    await new Promise<void>((resolve) => {
      const poll = () => (replies() > before ? resolve() : setImmediate(poll));
      poll();
    });
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  const violations = server.telegram.violations.length;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  await server.close();
  if (violations) throw new Error(`${name}: ${violations} calls Telegram would refuse`);
  return {
    coldStartMs: Math.round(coldStartMs),
    updatesPerSecond,
    latencyMs: { p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2) },
    rssMiB: rss,
  };
}

const dir = mkdtempSync(join(tmpdir(), "shop-bench-bot-"));
const file = join(dir, "bench.db");
await seed(file);
const ours = await measure("concierge", ["bot/main.ts"], { DATABASE_URL: `file:${file}` }, "sendPhoto");
const echo = await measure("echo", ["bench/echo-bot.ts"], {}, "sendMessage");
rmSync(dir, { recursive: true, force: true });
const result = {
  clients: CLIENTS,
  updates: UPDATES,
  samples: SAMPLES,
  concierge: ours,
  echo,
  ratio: {
    throughput: +(echo.updatesPerSecond / ours.updatesPerSecond).toFixed(2),
    latencyP50: +(ours.latencyMs.p50 / echo.latencyMs.p50).toFixed(2),
  },
};
console.log(JSON.stringify(result, null, 2));
