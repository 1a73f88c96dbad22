import { describe, expect, it } from "vitest";
import { defineCallbacks, definedPrefixes } from "../../bot/callback-data.ts";
import "../../bot/create-bot.ts";
import { historyCallbacks } from "../../bot/keyboards/history.ts";
import { languageCallbacks } from "../../bot/keyboards/language.ts";
import { purchaseCallbacks } from "../../bot/keyboards/purchase.ts";

describe("callback data", () => {
  it("When a button is packed, then the handler's filter matches it and unpacks the same values", () => {
    const data = purchaseCallbacks.pick.pack({ client: 42 });
    expect(data).toBe("pur:pick:42");
    expect(purchaseCallbacks.pick.filter.test(data)).toBe(true);
    expect(purchaseCallbacks.pick.unpack(data)).toEqual({ client: 42 });
    expect(historyCallbacks.page.unpack(historyCallbacks.page.pack({ view: "l", page: 3 }))).toEqual({ view: "l", page: 3 });
  });

  it.each(["pur:pick:abc", "pur:pick:", "pur:pick:1:2", "pur:pick:-1", "lang:set:en", "hist:page:x:0", "pur:ok:a b"])(
    "When forged data %j arrives, then no action's filter takes it",
    (data) => {
      const actions = [purchaseCallbacks.pick, purchaseCallbacks.ok, languageCallbacks.set, historyCallbacks.page];
      expect(actions.filter((a) => a.filter.test(data))).toEqual([]);
    },
  );

  it("When a value does not fit its definition or the data would pass 64 bytes, then packing refuses it", () => {
    const cb = defineCallbacks("longtest", { x: { a: "token", b: "token", c: "token" } });
    expect(() => cb.x.pack({ a: "a".repeat(20), b: "b".repeat(20), c: "c".repeat(20) })).toThrow(/64 bytes/);
    expect(() => purchaseCallbacks.ok.pack({ key: "has space" })).toThrow(/does not fit/);
  });

  it("When every feature's buttons are defined, then no two features share a prefix", () => {
    expect([...definedPrefixes()]).toEqual(expect.arrayContaining(["join", "lang", "pur", "refund", "file", "staff", "hist", "forget", "flow"]));
    expect(() => defineCallbacks("pur", { again: {} })).toThrow(/already defined/);
  });
});
