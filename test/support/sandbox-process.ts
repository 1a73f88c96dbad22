// Starts `npm start`'s program without a token (the sandbox) as a separate
// process on a free port with a throw-away demo database.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";
import { sandboxClient } from "./sandbox-client.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface SandboxProcess {
  url: string;
  output(): string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

export async function startSandboxProcess(): Promise<SandboxProcess> {
  const dir = mkdtempSync(join(tmpdir(), "shop-sandbox-"));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "bot/main.ts"], {
    cwd: root,
    env: { ...process.env, BOT_TOKEN: "", SANDBOX_PORT: "0", SANDBOX_DATABASE_URL: `file:${join(dir, "sandbox.db")}`, LOG_LEVEL: "warn" },
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no sandbox URL in: ${out}`)), 60_000);
    const check = () => {
      const m = /Open (http:\/\/localhost:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}: ${out}`)));
  });
  return {
    url,
    output: () => out,
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * One sandbox for a test file: started before its tests, stopped after them
 * (it must exit cleanly); `afterStop` checks what it printed. The client is
 * usable in tests at once: it finds the sandbox's address when it calls.
 */
export function useSandbox(opts: { afterStop?: (output: string) => void } = {}) {
  let sandbox: SandboxProcess | undefined;
  const url = () => {
    if (!sandbox) throw new Error("the sandbox has not started");
    return sandbox.url;
  };
  beforeAll(async () => {
    sandbox = await startSandboxProcess();
  }, 90_000);
  afterAll(async () => {
    if (!sandbox) return;
    const output = sandbox.output();
    expect(await sandbox.stop()).toBe(0);
    opts.afterStop?.(output);
  });
  return { c: sandboxClient(url), url };
}
