// The sandbox page in real Chromium (Debian's package, driven by
// playwright-core; no browser download): a newcomer clicks through onboarding
// and sees the QR card. Leaves test-results/sandbox-*.png to look at.
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxProcess, type SandboxProcess } from "../support/sandbox-process.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// CI installs Chromium (.ci/run) and must run this; elsewhere it is skipped, visibly, without it.
const runs = existsSync(CHROMIUM) || process.env.CI === "true";
const shots = new URL("../../test-results/", import.meta.url);

describe.skipIf(!runs)("the sandbox page in Chromium", () => {
  let sandbox: SandboxProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    mkdirSync(shots, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    expect(await sandbox?.stop()).toBe(0);
  });

  const send = async (text: string) => {
    await page.getByTestId("input").fill(text);
    await page.getByTestId("send").click();
  };
  const botSays = (text: string) => page.getByTestId("message").filter({ hasText: text }).last().waitFor({ timeout: 20_000 });

  it("When a newcomer picks the Russian client and clicks through onboarding, then the QR card is shown", async () => {
    await page.goto(sandbox.url);
    await page.getByTestId("persona-1001").click();
    await send("/start");
    await botSays("согласие");
    await page.locator('[data-testid="inline-button"][data-callback="join:consent"]').last().click();
    await botSays("номером телефона");
    await page.getByTestId("reply-button").first().click();
    await botSays("Как к вам обращаться");
    await send("Анна Ивановна");
    await botSays("день рождения");
    await page.locator('[data-testid="inline-button"][data-callback="join:skip"]').last().click();
    const photo = page.getByTestId("photo").last();
    await photo.waitFor({ timeout: 20_000 });
    await expect.poll(() => photo.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
    await botSays("Баланс: 500 баллов");
    await page.screenshot({ path: new URL("sandbox-onboarding.png", shots).pathname, fullPage: false });
  }, 90_000);

  it("When the Chinese client is picked, then the page switches chats and the bot answers in Chinese", async () => {
    await page.getByTestId("persona-1002").click();
    await send("/start");
    await botSays("您好");
    await page.screenshot({ path: new URL("sandbox-chinese.png", shots).pathname });
  }, 60_000);
});
