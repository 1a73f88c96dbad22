// Reports and data in the sandbox (issue 11, item 6), the way the owner
// persona plays them on the page: /report for this year over the demo
// history (the figures, then four charts), and the page's sample clients file
// sent into the chat — the dry run names each broken line, "import the valid
// rows" imports them once, and a second tap changes nothing.
import { describe, expect, it } from "vitest";
import { makeSample } from "../../sandbox/samples.ts";
import { useSandbox } from "../support/sandbox-process.ts";

const OWNER = 9001;

// Nothing the bot did was refused or failed (warnings and errors are all the sandbox logs here).
const { c, url } = useSandbox({ afterStop: (output) => expect(output).not.toMatch(/"level":(40|50)/) });

type Message = Awaited<ReturnType<typeof c.waitForBot>>;
const text = (m: Message) => m.text ?? m.caption ?? "";

/** A tap as the page sends it, on a given message (c.tap finds only buttons still shown). */
async function tapOn(messageId: number, data: string) {
  const res = await fetch(`${url()}/sandbox/chat/${OWNER}/callback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ message_id: messageId, data }) });
  expect(res.status).toBe(200);
}

/** Waits for the button's answer on top of the owner's chat to say `words`. */
async function toast(words: string, before: string) {
  await expect.poll(async () => {
    const now = (await c.state(OWNER)).toast;
    return now && JSON.stringify(now) !== before ? now.text : "";
  }, { timeout: 20_000 }).toContain(words);
}

describe("reports and data in the sandbox", () => {
  it("When Елена asks for this year's report, then the figures of the demo history arrive, then its four charts", async () => {
    let seen = await c.count(OWNER);
    await c.say(OWNER, "/report");
    await c.waitForBot(OWNER, c.contains("Отчёт за какой период"), undefined, seen);
    seen = await c.count(OWNER);
    await c.tap(OWNER, "rep:period:this_year");
    const figures = await c.waitForBot(OWNER, c.contains("💰 Выручка:"), 60_000, seen);
    expect(text(figures)).not.toContain("💰 Выручка: 0");
    await expect.poll(async () => (await c.state(OWNER)).messages.slice(seen).filter((m) => m.from === "bot" && m.photo).length, { timeout: 60_000 }).toBe(4);
    const photos = (await c.state(OWNER)).messages.slice(seen).filter((m) => m.photo);
    expect(text(photos[0]!)).toContain("📊 Графики");
    for (const p of photos) expect((await fetch(`${url()}${p.photo!}`)).headers.get("content-type")).toBe("image/png");
  }, 120_000);

  it("When Елена sends the page's sample clients file, then the dry run names its broken lines, and the valid rows are imported once however often she taps", async () => {
    const res = await fetch(`${url()}/sandbox/samples/clients.csv`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // The lines the sample was written wrong on, as the server says and as samples.ts makes them.
    const broken = (res.headers.get("x-broken-lines") ?? "").split(",").map(Number);
    const sample = await makeSample("clients", new Date());
    expect(broken).toEqual(sample.brokenLines);
    expect(Buffer.from(bytes).equals(sample.bytes)).toBe(true);
    expect(broken).toHaveLength(4);

    const seen = await c.count(OWNER);
    await c.document(OWNER, bytes, sample.name, "text/csv");
    const dryRun = await c.waitForBot(OWNER, c.contains("📋 Файл «clients-sample.csv»"), 30_000, seen);
    for (const line of broken) expect(text(dryRun)).toContain(`строка ${line}`);
    expect(text(dryRun)).toContain("С ошибками: 4");
    expect(text(dryRun)).toContain("Новых клиентов: 36");
    const go = c.button(dryRun, "Загрузить верные");
    expect(go).toMatch(/^dataimp:go:\d+:valid_only$/);

    // A double tap: the first starts the import, the second only hears where it stands.
    await tapOn(dryRun.id, go);
    await tapOn(dryRun.id, go);
    const done = await c.waitForBot(OWNER, (m) => m.id === dryRun.id && text(m).includes("✅ Импорт «clients-sample.csv» завершён"), 30_000);
    expect(text(done)).toContain("Пропущено строк с ошибками: 4");

    const before = (await c.state(OWNER)).messages;
    const lastToast = JSON.stringify((await c.state(OWNER)).toast);
    await tapOn(dryRun.id, go);
    await toast("Этот файл уже загружен", lastToast);
    const after = (await c.state(OWNER)).messages;
    expect(after.map((m) => [m.id, text(m)])).toEqual(before.map((m) => [m.id, text(m)]));
  }, 120_000);
});
