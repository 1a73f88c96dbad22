import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, type Person } from "../support/bot-harness.ts";

let h: Harness;
const vera: Person = { id: 601, first_name: "Вера", language_code: "ru" };

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("when Telegram pushes back", () => {
  it("When Telegram answers 429 with retry_after, then the reply is sent again after the wait, once", async () => {
    h.telegram.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const started = Date.now();
    await h.text(vera, "/help");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.textsTo(vera)).toHaveLength(1);
    expect(h.lastTextTo(vera)).toContain("/card");
  });

  it("When a reply fails for good, then the person's next message is still answered", async () => {
    h.telegram.clear();
    h.telegram.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await h.text(vera, "/help");
    await h.text(vera, "/help");
    // The failed update ends in the error boundary (which apologises); the next one is served normally.
    expect(h.textsTo(vera)).toEqual([expect.stringContaining("Что-то пошло не так"), expect.stringContaining("/card")]);
  });
});
