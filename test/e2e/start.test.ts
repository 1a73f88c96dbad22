// `npm start`'s program as a separate process: config errors end with exit 2
// and one readable line; with a token it migrates a fresh database and serves
// clients and the owner through a Bot API stand-in on loopback.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotApiServer, type BotApiServer } from "../../sandbox/bot-api-server.ts";
import { startSandboxProcess } from "../support/sandbox-process.ts";
import { createUpdateFactory, type Person } from "../support/updates.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** The program as `npm start` runs it: node with tsx as a loader, one process, so a kill reaches the bot itself. */
const MAIN = ["--import", "tsx", "bot/main.ts"];
const TOKEN = "7000000002:TEST-token-abcdefghijklmnopqrstuvw";
const BOT = { id: 7_000_000_002, first_name: "Concierge", username: "shop_e2e_bot" };

function runMain(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(BOT_TOKEN|OWNER_IDS|SHOP_|DIGEST_TIME|LOG_LEVEL|SANDBOX_)/.test(k)));
  return spawnSync(process.execPath, MAIN, { cwd: root, env: { ...clean, ...env }, encoding: "utf8", timeout: 30_000 });
}

describe("start-up", () => {
  it("When BOT_TOKEN is missing, then the sandbox starts with its page and demo data, and SIGTERM stops it", async () => {
    const sandbox = await startSandboxProcess();
    try {
      const { personas } = (await (await fetch(`${sandbox.url}/sandbox/personas`)).json()) as { personas: { role: string }[] };
      expect(personas.map((p) => p.role)).toEqual(expect.arrayContaining(["client", "staff", "owner"]));
      const page = await fetch(`${sandbox.url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
    } finally {
      expect(await sandbox.stop()).toBe(0);
    }
  }, 90_000);

  it("When OWNER_IDS is malformed, then one line names it and the exit code is 2", () => {
    const r = runMain({ BOT_TOKEN: TOKEN, OWNER_IDS: "12,abc" });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toEqual([
      'Configuration error: OWNER_IDS must be comma-separated Telegram user ids (numbers), e.g. 123456789,987654321 (got "12,abc").',
    ]);
  });
});

describe("npm start against a Bot API stand-in", () => {
  let server: BotApiServer;
  let child: ChildProcess;
  let dir: string;
  let output = "";
  const u = createUpdateFactory(() => new Date(), BOT);
  const owner: Person = { id: 11, first_name: "Елена", language_code: "ru" };
  const anna: Person = { id: 21, first_name: "Анна", language_code: "ru" };
  const wang: Person = { id: 22, first_name: "芳", language_code: "zh-hans" };
  const seller: Person = { id: 31, first_name: "Игорь", language_code: "ru" };
  const sentTo = (p: Person, method: string) => server.telegram.callsTo(method).filter((c) => Number(c.payload.chat_id) === p.id && c.ok);
  const waitForCount = (p: Person, method: string, n: number) => server.waitFor(() => sentTo(p, method).length >= n);

  beforeAll(async () => {
    server = await startBotApiServer({ botId: BOT.id, botUsername: BOT.username });
    dir = mkdtempSync(join(tmpdir(), "shop-e2e-"));
    child = spawn(process.execPath, MAIN, {
      cwd: root,
      env: {
        ...process.env,
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: server.url,
        OWNER_IDS: String(owner.id),
        DATABASE_URL: `file:${join(dir, "shop.db")}`,
        SHOP_NAME: "Аметист",
        LOG_LEVEL: "warn",
      },
    });
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    await server.waitFor(() => server.polls > 0, 60_000);
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("When it starts, then it sets the default menus in Russian and Chinese", async () => {
    await server.waitFor((t) => t.callsTo("setMyCommands").filter((c) => !c.payload.scope).length >= 2);
    const defaults = server.telegram.callsTo("setMyCommands").filter((c) => !c.payload.scope);
    expect(defaults.map((c) => c.payload.language_code ?? "default")).toEqual(["default", "zh"]);
  });

  /** Consent, phone, name, birthday: each answer waits for the bot's next question. */
  async function joinAsClient(p: Person, phone: ReturnType<typeof u.text>, name: string, birthday: ReturnType<typeof u.text>) {
    server.push(u.text(p, "/start"));
    await waitForCount(p, "sendMessage", 2);
    const steps = [u.tap(p, "join:consent"), phone, u.text(p, name)];
    for (const [i, update] of steps.entries()) {
      server.push(update);
      await waitForCount(p, "sendMessage", 3 + i);
    }
    server.push(birthday);
    await waitForCount(p, "sendPhoto", 1);
    return String(sentTo(p, "sendPhoto")[0]!.payload.caption);
  }

  it("When a Russian-speaking client joins, then they see their card in Russian", async () => {
    const caption = await joinAsClient(anna, u.contact(anna, "79001234567"), "Анна Ивановна", u.tap(anna, "join:skip"));
    expect(caption).toContain("Баланс: 500 баллов");
  });

  it("When a Chinese-speaking client joins, then they see their card in Chinese", async () => {
    const caption = await joinAsClient(wang, u.text(wang, "+86 138 0013 8000"), "王芳", u.text(wang, "1990年5月3日"));
    expect(caption).toContain("积分余额：500 积分");
  });

  it("When the owner invites a seller, then the seller joins as staff", async () => {
    server.push(u.text(owner, "/staff"));
    await waitForCount(owner, "sendMessage", 1);
    server.push(u.tap(owner, "staff:invite"));
    await waitForCount(owner, "sendMessage", 2);
    const link = String(sentTo(owner, "sendMessage")[1]!.payload.text);
    const token = /start=(staff_[\w-]+)/.exec(link)![1]!;
    server.push(u.text(seller, `/start ${token}`));
    await waitForCount(seller, "sendMessage", 1);
    expect(String(sentTo(seller, "sendMessage")[0]!.payload.text)).toContain("Добро пожаловать в команду");
    await waitForCount(owner, "sendMessage", 3);
  });

  /** Sends one update and waits until the bot has answered `person` once more with `method`. */
  async function exchange(p: Person, update: ReturnType<typeof u.text>, method = "sendMessage") {
    const before = sentTo(p, method).length;
    server.push(update);
    await waitForCount(p, method, before + 1);
    return sentTo(p, method).at(-1)!;
  }
  const lastButton = (p: Person, prefix: string) => {
    const call = [...server.telegram.calls].reverse().find((c) => Number(c.payload.chat_id) === p.id && c.payload.reply_markup);
    const rows = (call?.payload.reply_markup as { inline_keyboard?: { callback_data?: string }[][] })?.inline_keyboard ?? [];
    return rows.flat().map((b) => b.callback_data ?? "").find((d) => d.startsWith(prefix))!;
  };

  it("When the seller logs a 150 000 ₽ purchase for the phone 8 (900) 123-45-67, then Анна is thanked and her card shows the new tier", async () => {
    await exchange(seller, u.text(seller, "/purchase"));
    const found = await exchange(seller, u.text(seller, "8 (900) 123-45-67"));
    expect(String(found.payload.text)).toContain("Анна Ивановна");
    await exchange(seller, u.text(seller, "150 000"));
    await exchange(seller, u.text(seller, "Кольцо; танзанит; золото 585; 17"));
    await exchange(seller, u.tap(seller, lastButton(seller, "pur:items")));
    const summary = await exchange(seller, u.tap(seller, "pur:redeem:0"));
    expect(String(summary.payload.text)).toContain("Проверьте покупку");
    const before = sentTo(anna, "sendMessage").length;
    // The summary itself becomes the result.
    const done = await exchange(seller, u.tap(seller, lastButton(seller, "pur:ok:")), "editMessageText");
    expect(String(done.payload.text)).toMatch(/Покупка № \d+ записана/);
    expect(String(done.payload.text)).toContain("Уровень клиента: «Серебряная»");
    await waitForCount(anna, "sendMessage", before + 1);
    expect(String(sentTo(anna, "sendMessage").at(-1)!.payload.text)).toContain("Спасибо за покупку, Анна Ивановна!");
    const card = await exchange(anna, u.text(anna, "/card"), "sendPhoto");
    expect(String(card.payload.caption)).toContain("Уровень: Серебряная");
  });

  it("When everything is done, then no call was one Telegram would refuse and SIGTERM stops it cleanly", async () => {
    expect(server.telegram.violations).toEqual([]);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).not.toMatch(/"level":(50|60)/);
  });
});
