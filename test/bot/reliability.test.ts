import { describe, expect } from "vitest";
import { botTest, type Person } from "../support/bot-harness.ts";

const test = botTest();
const vera: Person = { id: 601, first_name: "Вера", language_code: "ru" };

describe("when Telegram pushes back", () => {
  test("When Telegram answers 429 with retry_after, then the reply is sent again after the wait, once", async ({ h }) => {
    h.telegram.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const started = Date.now();
    await h.text(vera, "/help");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.textsTo(vera)).toHaveLength(1);
    expect(h.lastTextTo(vera)).toContain("/card");
  });

  test("When a reply fails for good, then the person's next message is still answered", async ({ h }) => {
    h.telegram.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await h.text(vera, "/help");
    await h.text(vera, "/help");
    // The failed update ends in the error boundary (which apologises); the next one is served normally.
    expect(h.textsTo(vera)).toEqual([expect.stringContaining("Что-то пошло не так"), expect.stringContaining("/card")]);
  });
});
