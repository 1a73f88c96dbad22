// `npm start` under a supervisor: systemd or a container runtime sends SIGTERM
// to the npm process only. The signal has to reach the bot, which then stops
// cleanly — no orphan left answering on its port. Linux only (reads /proc).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  argv: string[];
}

function readProc(pid: number): Proc | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    return { pid, ppid: Number(ppid), state: state!, argv };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** Every live process below `ancestor`, from /proc. */
function descendants(ancestor: number): Proc[] {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((p): p is Proc => p !== undefined);
  const below = new Set([ancestor]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (below.has(p.ppid) && !below.has(p.pid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== ancestor && below.has(p.pid));
}

/** Running (a zombie has exited: it only waits for its parent to collect it). */
function alive(pid: number): boolean {
  const p = readProc(pid);
  return p !== undefined && p.state !== "Z";
}

/** The node process that runs bot/main.ts itself: not `sh -c …`, not the tsx CLI wrapper around it. */
function findBot(npmPid: number): Proc {
  const runsMain = descendants(npmPid).filter((p) => basename(p.argv[0] ?? "") === "node" && p.argv.includes("bot/main.ts"));
  const innermost = runsMain.filter((p) => !descendants(p.pid).some((d) => runsMain.some((r) => r.pid === d.pid)));
  expect(innermost, `processes under npm: ${JSON.stringify(descendants(npmPid).map((p) => p.argv.join(" ")))}`).toHaveLength(1);
  return innermost[0]!;
}

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return condition();
}

describe.skipIf(process.platform !== "linux")("npm start under a supervisor", () => {
  it("When SIGTERM is sent to the npm process only, then the bot stops within 5 s, its port goes quiet and npm exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shop-npm-start-"));
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(BOT_TOKEN|OWNER_IDS|SHOP_|DIGEST_TIME|LOG_LEVEL|SANDBOX_)/.test(k)));
    const env = { ...inherited, BOT_TOKEN: "", SANDBOX_PORT: "0", SANDBOX_DATABASE_URL: `file:${join(dir, "sandbox.db")}`, LOG_LEVEL: "warn" };
    const npm = spawn("npm", ["start"], { cwd: root, env });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      npm.once("exit", (code, signal) => resolve({ code, signal })),
    );
    let out = "";
    npm.stdout.on("data", (d) => (out += d));
    npm.stderr.on("data", (d) => (out += d));
    let seen: Proc[] = [];
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no sandbox URL in: ${out}`)), 60_000);
        npm.stdout.on("data", () => {
          const m = /Open (http:\/\/localhost:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!.replace("localhost", "127.0.0.1"));
          }
        });
        void exited.then(({ code }) => reject(new Error(`npm start exited with ${code}: ${out}`)));
      });
      expect((await fetch(url)).status).toBe(200);
      seen = descendants(npm.pid!);
      const bot = findBot(npm.pid!);

      const sent = Date.now();
      process.kill(npm.pid!, "SIGTERM");
      const gone = await waitUntil(() => !alive(bot.pid), 5_000);
      const tookMs = Date.now() - sent;
      expect(gone, `bot (pid ${bot.pid}: ${bot.argv.join(" ")}) still running 5 s after SIGTERM to npm`).toBe(true);
      console.info(`bot gone ${tookMs} ms after SIGTERM to npm`);

      await expect(fetch(url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      // On failure nothing may outlive the test: end what npm started (orphans included, checked
      // by command line so that a reused pid is left alone), then npm.
      const same = (p: Proc) => alive(p.pid) && readProc(p.pid)?.argv.join("\0") === p.argv.join("\0");
      const left = [...seen.filter(same), ...descendants(npm.pid!)];
      for (const p of [...left, ...left.flatMap((p) => descendants(p.pid))]) if (alive(p.pid)) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {
          // exited meanwhile
        }
      }
      if (npm.exitCode === null && npm.signalCode === null) npm.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
