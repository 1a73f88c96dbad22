// A broadcast to 10,000 onboarded clients against the Bot API stand-in on
// loopback, twice on fresh databases: (a) the rate set high, (b) 30 messages a
// second. Per run: the time to enqueue (broadcasts.start, one INSERT … SELECT),
// the achieved messages/s from the first to the last delivery at the stand-in
// and over the middle 90% of them, duplicates and missing chats, the stats in
// the database, and the sender's peak RSS (VmHWM). The stand-in alone is
// measured too (a plain fetch loop, same concurrency), to tell whether the
// high-rate run is held back by the stand-in or by the sender's database work.
//
// The sender is the real program (bot/main.ts) in its own process rather than
// createOutboxSender in this one: its VmHWM is then the sender's alone, not
// mixed with the stand-in and its record of every call; the sender and the
// stand-in each get a core, as the bot and Telegram would; and what runs is
// exactly what `npm start` wires (config, renderer, auto-retry, ticker).
// Run: npm run bench:broadcast  (BENCH_CLIENTS to scale, default 10000; BENCH_HIGH_RATE,
// default 10000; BENCH_ONLY=high or slow for one run; BENCH_PROFILE=<dir> writes the
// sender's CPU profile there, to see where its time goes).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONCURRENCY } from "../bot/outbox-sender.ts";
import { openDb } from "../core/db/client.ts";
import { createServices } from "../core/services.ts";
import { startBotApiServer, type BotApiServer } from "../sandbox/bot-api-server.ts";
import type { RecordedCall } from "../sandbox/fake-telegram.ts";
import { clientChatId, isBroadcastText, queueBroadcast, seedClients } from "../test/support/broadcast-seed.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10_000);
const HIGH_RATE = Number(process.env.BENCH_HIGH_RATE ?? 10_000);
const SLOW_RATE = 30;
const PROBE_WARM_UP = 500;
const TOKEN = "1234567890:BENCH-not-a-real-token-abcdefghij";
const BOT = { id: 1_234_567_890, username: "bench_broadcast_bot" };
const OWNER_ID = 11;
const root = fileURLToPath(new URL("../", import.meta.url));

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const statusKiB = (pid: number, field: "VmHWM" | "VmRSS") => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
/** CPU seconds a process has used (utime + stime from /proc/<pid>/stat). */
const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const exited = (child: ChildProcess) => (child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve())));

/**
 * The moment each accepted sendMessage was answered, read off the stand-in's
 * record every 2 ms (calls are recorded on arrival and marked ok when answered).
 */
function stampDeliveries(server: BotApiServer) {
  const stamps: { chat: number; at: number }[] = [];
  const chats = new Set<number>();
  const open: RecordedCall[] = [];
  let seen = 0;
  const timer = setInterval(() => {
    const calls = server.telegram.calls;
    while (seen < calls.length) open.push(calls[seen++]!);
    const now = performance.now();
    for (let i = open.length - 1; i >= 0; i--) {
      const c = open[i]!;
      if (!c.ok) continue;
      open.splice(i, 1);
      if (c.method === "sendMessage" && isBroadcastText(c.payload.text)) {
        stamps.push({ chat: Number(c.payload.chat_id), at: now });
        chats.add(Number(c.payload.chat_id));
      }
    }
  }, 2);
  return { stamps, chats, stop: () => clearInterval(timer) };
}

interface RunResult {
  configuredRate: number;
  planned: number;
  enqueueMs: number;
  /** From start() returning to the first delivery (the sender ticks once a second). */
  firstAfterMs: number;
  sendingSeconds: number;
  achievedRate: number;
  /** Messages/s between the 5th and the 95th percentile of deliveries. */
  sustainedRate: number;
  duplicates: number;
  missing: number;
  sentInDb: number;
  peakRssMiB: number;
  /** Share of one core each side used while sending. */
  senderCpu: number;
  standInCpu: number;
}

async function runBroadcast(rate: number): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), "shop-bench-broadcast-"));
  const file = join(dir, "bench.db");
  await seedClients(file, CLIENTS);
  const server = await startBotApiServer({ token: TOKEN, botId: BOT.id, botUsername: BOT.username });
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "bot/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: server.url,
      DATABASE_URL: `file:${file}`,
      OWNER_IDS: String(OWNER_ID),
      BROADCAST_RATE: String(rate),
      QUIET_HOURS: "00:00-00:00",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await server.waitFor(() => server.polls > 0, 120_000);
    // The start-up may run the morning job (nothing to do here, but it reads every client): let it pass.
    await sleep(2_000);
    const deliveries = stampDeliveries(server);
    const queued = await queueBroadcast(file, OWNER_ID);
    const enqueuedAt = performance.now();
    const cpuBefore = { sender: cpuSeconds(child.pid!), standIn: process.cpuUsage() };
    const timeoutMs = (queued.planned / rate) * 3_000 + 120_000;
    await server.waitFor(() => deliveries.chats.size >= queued.planned, timeoutMs).catch(() => undefined);
    const cpuAfter = { sender: cpuSeconds(child.pid!), standIn: process.cpuUsage(cpuBefore.standIn) };
    // A copy sent twice would arrive right after: give it a moment before counting.
    await sleep(1_500);
    deliveries.stop();
    const peakRssMiB = Math.round(statusKiB(child.pid!, "VmHWM") / 1024);
    child.kill("SIGTERM");
    await exited(child);

    const times = deliveries.stamps.map((s) => s.at).sort((a, b) => a - b);
    const perChat = new Map<number, number>();
    for (const s of deliveries.stamps) perChat.set(s.chat, (perChat.get(s.chat) ?? 0) + 1);
    const lo = Math.floor(times.length * 0.05);
    const hi = Math.ceil(times.length * 0.95) - 1;
    const sendingSeconds = (times.at(-1)! - times[0]!) / 1000;
    const wallSeconds = (performance.now() - enqueuedAt) / 1000;

    const db = await openDb(`file:${file}`);
    const stats = await createServices(db, { OWNER_IDS: [OWNER_ID], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 }).broadcasts.stats(queued.broadcastId);
    await db.$disconnect();
    if (server.telegram.violations.length) throw new Error(`${server.telegram.violations.length} calls Telegram would refuse`);
    return {
      configuredRate: rate,
      planned: queued.planned,
      enqueueMs: Math.round(queued.enqueueMs),
      firstAfterMs: Math.round(times[0]! - enqueuedAt),
      sendingSeconds: +sendingSeconds.toFixed(2),
      achievedRate: Math.round((times.length - 1) / sendingSeconds),
      sustainedRate: +((hi - lo) / ((times[hi]! - times[lo]!) / 1000)).toFixed(1),
      duplicates: [...perChat.values()].filter((n) => n > 1).length,
      missing: Array.from({ length: CLIENTS }, (_, i) => clientChatId(i)).filter((chat) => !perChat.has(chat)).length,
      sentInDb: stats.sent,
      peakRssMiB,
      senderCpu: +((cpuAfter.sender - cpuBefore.sender) / wallSeconds).toFixed(2),
      standInCpu: +((cpuAfter.standIn.user + cpuAfter.standIn.system) / 1e6 / wallSeconds).toFixed(2),
    };
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The stand-in alone: sendMessage calls like the sender's (text and a button), from a plain fetch loop in another process. */
async function probeStandIn(count: number, concurrency: number) {
  const server = await startBotApiServer({ token: TOKEN, botId: BOT.id, botUsername: BOT.username });
  let started: NodeJS.CpuUsage | undefined;
  try {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--probe", server.url, String(count), String(concurrency)], {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    let cpu: NodeJS.CpuUsage | undefined;
    // The child says "timing" after its warm-up and prints its result when done: the stand-in's CPU is read in between.
    child.stdout.on("data", (d) => {
      out += d;
      if (!started && out.includes("timing")) started = process.cpuUsage();
      else if (started && !cpu && out.includes("}")) cpu = process.cpuUsage(started);
    });
    await exited(child);
    const result = JSON.parse(out.trim().split("\n").at(-1)!) as { messages: number; seconds: number; clientCpu: number };
    const standInCpu = cpu ? (cpu.user + cpu.system) / 1e6 / result.seconds : NaN;
    return { concurrency, rate: Math.round(result.messages / result.seconds), standInCpu: +standInCpu.toFixed(2), clientCpu: +result.clientCpu.toFixed(2) };
  } finally {
    await server.close();
  }
}

async function probeLoop(url: string, count: number, concurrency: number) {
  const call = async (i: number) => {
    const res = await fetch(`${url}/bot${TOKEN}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        chat_id: clientChatId(i),
        text: "Уважаемая Анна Ивановна! К нам поступил танзанит редкого оттенка — приходите посмотреть.",
        reply_markup: { inline_keyboard: [[{ text: "Не присылать новинки", callback_data: "sub:stop:stones" }]] },
      }),
    });
    if (!res.ok) throw new Error(await res.text());
    await res.arrayBuffer();
  };
  let next = 0;
  const loop = (until: number) => Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < until) await call(next++);
  }));
  // Connections and the JIT warm up first, as they are in the bot by the time a broadcast starts.
  await loop(PROBE_WARM_UP);
  console.log("timing");
  const started = performance.now();
  const cpu = process.cpuUsage();
  await loop(PROBE_WARM_UP + count);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ messages: count, seconds, clientCpu: (used.user + used.system) / 1e6 / seconds }));
}

const [mode, url, count, concurrency] = process.argv.slice(2);
if (mode === "--probe" && url) {
  await probeLoop(url, Number(count), Number(concurrency));
} else {
  const standIn = await probeStandIn(CLIENTS, DEFAULT_CONCURRENCY);
  console.log(JSON.stringify({ standInAlone: standIn }));
  const only = process.env.BENCH_ONLY;
  const high = only === "slow" ? undefined : await runBroadcast(HIGH_RATE);
  console.log(JSON.stringify({ high }));
  const slow = only === "high" ? undefined : await runBroadcast(SLOW_RATE);
  console.log(JSON.stringify({ slow }));

  const runs = [high, slow];
  const row = (label: string, cell: (r: RunResult) => string | number) => `| ${label} | ${runs.map((r) => (r ? cell(r) : "—")).join(" | ")} |`;
  const share = (r: RunResult) => `${Math.round((r.sustainedRate / r.configuredRate) * 100)}% of configured`;
  console.log(
    [
      `\n${CLIENTS.toLocaleString("en")} recipients; the stand-in alone answers ${standIn.rate} sendMessage/s at concurrency ${standIn.concurrency}` +
        ` (using ${standIn.standInCpu} of a core; its fetch client ${standIn.clientCpu})\n`,
      `| figure | rate ${HIGH_RATE}/s | rate ${SLOW_RATE}/s |`,
      "|---|---|---|",
      row("enqueue (broadcasts.start)", (r) => `${r.enqueueMs} ms`),
      row("first message after start()", (r) => `${r.firstAfterMs} ms`),
      row("sending, first to last delivery", (r) => `${r.sendingSeconds} s`),
      row("achieved messages/s", (r) => r.achievedRate),
      row("sustained, middle 90%", (r) => `${r.sustainedRate} (${share(r)})`),
      row("duplicates / missing", (r) => `${r.duplicates} / ${r.missing}`),
      row("sent per the database", (r) => `${r.sentInDb} of ${r.planned}`),
      row("sender peak RSS (VmHWM)", (r) => `${r.peakRssMiB} MiB`),
      row("CPU while sending: sender / stand-in (cores)", (r) => `${r.senderCpu} / ${r.standInCpu}`),
    ].join("\n"),
  );
  if (runs.some((r) => r && (r.duplicates || r.missing || r.sentInDb !== r.planned))) process.exitCode = 1;
}
