// Wishes through the real bot and a fake Telegram, in Russian and Chinese: a
// client's /wish (skips, a kind button, a bad budget, save tapped twice),
// staff's wish from a client's file, /wishes by stone, "arrived" reaching the
// client in their language once, closing by the client and by staff, and the
// refusals (a client's /wishes, forged buttons).
import { describe, expect } from "vitest";
import { clientFileCallbacks } from "../../bot/keyboards/client-file.ts";
import { wishCallbacks } from "../../bot/keyboards/wishes.ts";
import { formatter, translator, type Language } from "../../bot/i18n.ts";
import { greetingFor } from "../../bot/notices/broadcast.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();

describe.each(["ru", "zh"] as const)("wishes in %s", (lang: Language) => {
  const t = translator(lang);
  const fmt = formatter(lang, "RUB", "Europe/Moscow");
  const other: Language = lang === "ru" ? "zh" : "ru";
  const anna: Person = { id: 601, first_name: "Анна", language_code: lang };
  /** Reads the other language: the notice to him is in it, whoever marks the wish. */
  const bo: Person = { id: 602, first_name: "Бо", language_code: other };
  const seller: Person = { id: 501, first_name: "Игорь", language_code: lang };

  /** The wish-step buttons go to the newest message carrying them. */
  const saveButton = (h: Harness, p: Person) => h.buttonsOf(p).find((d) => wishCallbacks.ok.filter.test(d))!;

  test("When a client leaves a wish through /wish, then each step is checked, a double tap saves one and staff see it", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.hire(seller);
    await h.text(anna, "/wish");
    expect(h.lastTextTo(anna)).toBe(t("wishes.ask_stone"));
    await h.text(anna, "Изумруд");
    expect(h.lastTextTo(anna)).toBe(t("wishes.ask_kind"));
    await h.tap(anna, wishCallbacks.kind.pack({ kind: "earrings" }));
    expect(h.lastTextTo(anna)).toBe(t("wishes.ask_budget"));
    await h.text(anna, "сто тысяч");
    expect(h.lastTextTo(anna)).toBe(t("errors.amount_invalid"));
    await h.text(anna, "150 000");
    await h.tap(anna, wishCallbacks.skip.pack({ step: "size" }));
    // The size's skip again, once the flow has moved on, skips nothing more.
    await h.tapAgain(anna, wishCallbacks.skip.pack({ step: "size" }));
    expect(h.lastAnswer()?.text).toBe(t("wishes.stale"));
    expect(h.lastTextTo(anna)).toBe(t("wishes.ask_text"));
    await h.text(anna, "К юбилею, в пару к колье");
    const summary = h.lastTextTo(anna);
    expect(summary).toContain(t("wishes.stone", { value: "Изумруд" }));
    expect(summary).toContain(t("wishes.jewelry_kind", { value: t("wishes.kind.earrings") }));
    expect(summary).toContain(plain(t("wishes.budget", { value: fmt.money(150_000_00) })));
    const ok = saveButton(h, anna);
    await h.tap(anna, ok);
    await h.tapAgain(anna, ok);
    const wishes = await h.db.wish.findMany();
    expect(wishes.map((w) => [w.clientId, w.stone, w.jewelryKind, w.budget, w.size, w.text, w.status, w.createdByTelegramId])).toEqual([
      [client.id, "Изумруд", "earrings", 150_000_00, null, "К юбилею, в пару к колье", "open", null],
    ]);
    expect(h.lastAnswer()?.text).toBe(t("wishes.stale"));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toBe(t("wishes.saved", { id: wishes[0]!.id }));
    expect(h.telegram.callsTo("editMessageText").length).toBe(1);

    await h.text(seller, "/wishes");
    expect(h.textsTo(seller).at(-2)).toBe(t("wishes.list_title", { count: 1 }));
    expect(plain(h.lastTextTo(seller))).toContain("+7 900 123 45 67");
    await h.text(seller, "/client +79001234567");
    expect(h.lastTextTo(seller)).toContain(t("wishes.file_title"));
    expect(h.lastTextTo(seller)).toContain("«К юбилею, в пару к колье»");
  });

  test("When nothing but skips is given, then the client is told what is missing and asked again; nothing is saved", async ({ h }) => {
    await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.text(anna, "/wish");
    for (const step of ["stone", "kind", "budget", "size", "text"] as const) await h.tap(anna, wishCallbacks.skip.pack({ step }));
    expect(h.textsTo(anna).slice(-2)).toEqual([t("errors.wish_empty"), t("wishes.ask_stone")]);
    await h.text(anna, "x".repeat(41));
    expect(h.lastTextTo(anna)).toBe(t("errors.wish_field_invalid", { max: "40" }));
    await h.text(anna, "/cancel");
    expect(await h.db.wish.count()).toBe(0);
  });

  test("When staff record a wish on a client's file, then /wishes finds it by stone and 'arrived' tells the client in their language, once", async ({ h }) => {
    await h.hire(seller, 1, lang);
    const client = await h.join(bo, "+79001234568", "Бо Ли", other);
    await h.services.wishes.create(client.id, { stone: "сапфир" }, { telegramId: seller.id, role: "staff" });
    await h.text(seller, "/client +79001234568");
    await h.tap(seller, clientFileCallbacks.wish.pack({ client: client.id }));
    expect(h.lastTextTo(seller)).toBe(t("wishes.ask_stone_staff", { name: "Бо Ли" }));
    await h.text(seller, "изумруд");
    await h.tap(seller, wishCallbacks.kind.pack({ kind: "ring" }));
    for (const step of ["budget", "size", "text"] as const) await h.tap(seller, wishCallbacks.skip.pack({ step }));
    await h.tap(seller, saveButton(h, seller));
    const wish = await h.db.wish.findFirstOrThrow({ where: { stone: "изумруд" } });
    expect(wish.createdByTelegramId).toBe(BigInt(seller.id));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toBe(t("wishes.saved_staff", { id: wish.id }));

    await h.text(seller, "/wishes ИЗУМРУД");
    expect(h.textsTo(seller).at(-2)).toBe(t("wishes.list_title_stone", { stone: "ИЗУМРУД", count: 1 }));
    expect(h.lastTextTo(seller)).toContain(t("wishes.staff_by_staff"));
    await h.tap(seller, wishCallbacks.arrived.pack({ wish: wish.id }));
    expect(h.lastAnswer()?.text).toBe(t("wishes.arrived_toast"));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain(t("wishes.arrived_done", { date: fmt.dateTime(h.clock.now()) }));
    await h.tapAgain(seller, wishCallbacks.arrived.pack({ wish: wish.id }));
    expect(h.lastAnswer()?.text).toBe(t("wishes.arrived_already"));
    await h.flushOutbox();
    const boT = translator(other);
    const notices = h.textsTo(bo);
    expect(notices.length).toBe(1);
    const greeting = greetingFor(await h.db.client.findUniqueOrThrow({ where: { id: client.id } }));
    expect(notices[0]).toBe(boT("wishes.notice", { greeting, details: `изумруд, ${boT("wishes.kind.ring").toLocaleLowerCase()}`, shop: "Аметист" }));
    expect((await h.db.wish.findUniqueOrThrow({ where: { id: wish.id } })).status).toBe("found");
    await h.text(seller, "/wishes изумруд");
    expect(h.lastTextTo(seller)).toBe(t("wishes.list_none_stone", { stone: "изумруд" }));
  });

  test("When a client closes a wish from /wish, then it closes with the reason; another client's forged close and a client's /wishes are refused", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.join(bo, "+79001234568", "Бо", other);
    await h.hire(seller);
    const { wish } = await h.services.wishes.create(client.id, { stone: "рубин", jewelryKind: "ring" }, { telegramId: anna.id, role: "client" });
    const close = wishCallbacks.close.pack({ wish: wish.id, reason: "found_elsewhere" });

    await h.tap(bo, close);
    expect(h.lastAnswer()).toMatchObject({ text: translator(other)("errors.wish_not_found"), show_alert: true });
    await h.text(bo, "/wishes");
    expect(h.lastTextTo(bo)).toBe(translator(other)("errors.not_allowed"));
    await h.tap(bo, wishCallbacks.arrived.pack({ wish: wish.id }));
    expect(h.lastAnswer()).toMatchObject({ text: translator(other)("errors.not_allowed"), show_alert: true });
    await h.tap(bo, clientFileCallbacks.wish.pack({ client: client.id }));
    expect(h.lastAnswer()).toMatchObject({ text: translator(other)("errors.not_allowed"), show_alert: true });
    expect((await h.db.wish.findUniqueOrThrow({ where: { id: wish.id } })).status).toBe("open");
    expect(h.textsTo(bo).some((x) => x.includes("рубин"))).toBe(false);

    await h.text(anna, "/wish");
    expect(h.textsTo(anna).slice(-3)).toEqual([t("wishes.mine_title"), t("wishes.line", { id: wish.id, date: fmt.date(wish.createdAt), details: `рубин, ${t("wishes.kind.ring").toLocaleLowerCase()}` }), t("wishes.more_prompt")]);
    await h.tap(anna, close);
    expect(h.lastAnswer()?.text).toBe(t("wishes.closed_toast"));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain(t("wishes.closed.found_elsewhere"));
    await h.tapAgain(anna, close);
    expect(h.lastAnswer()?.text).toBe(t("wishes.already_closed"));
    expect(await h.db.wish.findUniqueOrThrow({ where: { id: wish.id } })).toMatchObject({ status: "closed", closedReason: "found_elsewhere" });
    await h.text(seller, "/wishes");
    expect(h.lastTextTo(seller)).toBe(t("wishes.list_none"));
    // With nothing open, /wish starts a new one at once.
    await h.text(anna, "/wish");
    expect(h.lastTextTo(anna)).toBe(t("wishes.ask_stone"));
  });

  test("When staff close a wish as no longer wanted, then it leaves /wishes and the client is not told", async ({ h }) => {
    const client = await h.join(anna, "+79001234567", "Анна Ивановна", lang);
    await h.hire(seller, 1, lang);
    const { wish } = await h.services.wishes.create(client.id, { text: "браслет с гранатом" }, { telegramId: anna.id, role: "client" });
    await h.text(seller, "/wishes гранат");
    await h.tap(seller, wishCallbacks.close.pack({ wish: wish.id, reason: "not_wanted" }));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toContain(t("wishes.closed.not_wanted"));
    expect(await h.db.outbox.count()).toBe(0);
    await h.text(seller, "/wishes");
    expect(h.lastTextTo(seller)).toBe(t("wishes.list_none"));
  });
});
