// Starts `npm start`'s program without a token (the sandbox) as a separate
// process on a free port with a throw-away demo database.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

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
