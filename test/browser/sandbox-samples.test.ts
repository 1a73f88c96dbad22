// The owner's sample files on the sandbox page in real Chromium (skipped, as
// the page test is, without Debian's Chromium): only the owner persona has
// the "📎 пример" button; a click sends the sample clients file into her chat
// as a document, the bot's dry run names the broken lines, and the menu's
// link downloads the same file. Leaves test-results/sandbox-sample-*.png.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSample } from "../../sandbox/samples.ts";
import { startSandboxProcess, type SandboxProcess } from "../support/sandbox-process.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const runs = existsSync(CHROMIUM) || process.env.CI === "true";
const shots = new URL("../../test-results/", import.meta.url);

describe.skipIf(!runs)("the owner's sample files on the sandbox page", () => {
  let sandbox: SandboxProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    mkdirSync(shots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    expect(await sandbox?.stop()).toBe(0);
  });

  it("When the owner clicks '📎 пример: клиенты', then the file arrives in her chat and the dry run names its broken lines; a client has no such button", async () => {
    await page.goto(sandbox.url);
    await page.getByTestId("persona-1003").click();
    await expect.poll(() => page.getByTestId("sample").isVisible()).toBe(false);
    await page.getByTestId("persona-9001").click();
    await page.getByTestId("sample").click();
    await page.screenshot({ path: new URL("sandbox-sample-menu.png", shots).pathname });
    await page.getByTestId("sample-clients").click();

    const { brokenLines } = await makeSample("clients", new Date());
    await page.getByTestId("message").filter({ hasText: "📎 clients-sample.csv" }).last().waitFor({ timeout: 20_000 });
    const dryRun = page.getByTestId("message").filter({ hasText: "📋 Файл «clients-sample.csv»" }).last();
    await dryRun.waitFor({ timeout: 30_000 });
    for (const line of brokenLines) expect(await dryRun.innerText()).toContain(`строка ${line}`);
    await page.screenshot({ path: new URL("sandbox-sample-dry-run.png", shots).pathname });
  }, 90_000);

  it("When the owner follows the menu's download link, then she gets the same sample file", async () => {
    await page.getByTestId("sample").click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByText("⬇ скачать clients-sample.csv").click()]);
    expect(download.suggestedFilename()).toBe("clients-sample.csv");
    const path = await download.path();
    const { bytes } = await makeSample("clients", new Date());
    expect(readFileSync(path).equals(bytes)).toBe(true);
  }, 60_000);
});
