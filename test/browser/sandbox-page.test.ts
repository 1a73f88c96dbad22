// The sandbox page in real Chromium (Debian's package, driven by
// playwright-core; no browser download): a newcomer clicks through onboarding
// and sees the QR card; the seller moves the sandbox a day on and gets the
// morning's call list; the regular client asks for a cleaning with a photo
// attached from the disk. Leaves test-results/sandbox-*.png to look at.
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { solidPng } from "../support/png.ts";
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

  it("When the seller clicks next day, then the sandbox's date moves on and the morning's call list arrives in the seller's chat", async () => {
    await page.getByTestId("persona-2001").click();
    // The first morning ran at start-up: the seller's list is there.
    await botSays("Доброе утро");
    const mornings = page.getByTestId("message").filter({ hasText: "Доброе утро" });
    const date = page.getByTestId("sandbox-date");
    await expect.poll(() => date.getAttribute("data-date")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const before = (await date.getAttribute("data-date"))!;
    const shown = await date.innerText();
    const count = await mornings.count();

    await page.getByTestId("next-day").click();
    await expect.poll(() => date.getAttribute("data-date"), { timeout: 20_000 }).not.toBe(before);
    expect((await date.getAttribute("data-date"))! > before).toBe(true);
    expect(await date.innerText()).not.toBe(shown);
    await expect.poll(() => mornings.count(), { timeout: 20_000 }).toBe(count + 1);
    expect(await mornings.last().innerText()).toContain("Кому позвонить сегодня");
    await expect.poll(() => page.getByTestId("toast").innerText()).toContain("утренний список звонков отправлен");
    await page.screenshot({ path: new URL("sandbox-due.png", shots).pathname });
  }, 60_000);

  it("When a button's answer shows in one persona's chat and another persona is picked, then the answer goes away", async () => {
    const push = page.getByTestId("message").filter({ hasText: "Доброе утро" }).last();
    await push.locator('[data-testid="inline-button"]', { hasText: "Ольга Сергеевна" }).click();
    await botSays("💎 лучший клиент");
    await page.locator('[data-testid="inline-button"][data-callback$=":reached"]').last().click();
    await page.locator('[data-testid="inline-button"][data-callback^="due:nonote:"]').last().click();
    const toast = page.getByTestId("toast");
    await expect.poll(() => toast.innerText(), { timeout: 20_000 }).toContain("без заметки");
    expect(await toast.isVisible()).toBe(true);
    await page.getByTestId("persona-9001").click();
    expect(await toast.isHidden()).toBe(true);
  }, 60_000);

  it("When the regular client asks for a cleaning and attaches a photo from the disk, then it shows in her chat as Telegram's photo and she gets a ticket number", async () => {
    await page.getByTestId("persona-1003").click();
    await send("/service");
    await botSays("Что нужно сделать");
    await page.locator('[data-testid="inline-button"][data-callback="ticket:kind:cleaning"]').last().click();
    await botSays("Опишите изделие");
    await send("Кольцо с танзанитом, белое золото — почистить");
    await botSays("Пришлите одно или несколько фото");

    await page.getByTestId("attach").click();
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByTestId("attach-photo").click()]);
    await chooser.setFiles({ name: "ring.png", mimeType: "image/png", buffer: solidPng(1600, 1200) });
    const sent = page.locator('[data-testid="message"][data-from="user"] [data-testid="photo"]').last();
    await sent.waitFor({ timeout: 20_000 });
    // The page sends what Telegram's apps send: a JPEG at most 1280 px a side.
    await expect.poll(() => sent.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1280);
    await botSays("Фото получено (1)");
    await page.locator('[data-testid="inline-button"][data-callback^="ticket:done:"]').last().click();
    await botSays("отправлена: Чистка");
    await page.screenshot({ path: new URL("sandbox-service-photo.png", shots).pathname });
  }, 60_000);
});
