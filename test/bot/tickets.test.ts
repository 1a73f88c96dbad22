// Service tickets through the real bot and a fake Telegram, in Russian and
// Chinese: a cleaning requested with a photo and followed to "handed over",
// the client told of each stage in their language with the intake photos and
// the "is this yours?" buttons; files that are not images or too large for a
// bot refused; a move tapped twice written once, a stale button that would
// move a ticket back refused; forged ticket ids and role-less taps changing
// nothing; a cancel with its reason and an owner's reopen; /duty.
import { describe, expect } from "vitest";
import { BOT_API_DOWNLOAD_LIMIT_BYTES } from "../../bot/features/tickets/request.ts";
import { formatter, translator, type Language } from "../../bot/i18n.ts";
import { ticketCallbacks as cb, ticketStaffCallbacks as st } from "../../bot/keyboards/tickets.ts";
import { greetingFor } from "../../bot/notices/broadcast.ts";
import type { MoveStage } from "../../core/tickets/types.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const test = botTest();
/** 28 November 2026 in Moscow (its midnight): the harness's today is the 24th. */
const NOV_28 = new Date("2026-11-27T21:00:00Z");
const DESCRIPTION = "Кольцо с сапфиром, белое золото";

describe.each(["ru", "zh"] as const)("service tickets in %s", (lang: Language) => {
  const t = translator(lang);
  const fmt = formatter(lang, "RUB", "Europe/Moscow");
  const other: Language = lang === "ru" ? "zh" : "ru";
  const oT = translator(other);
  const owner: Person = { id: 1, first_name: "Елена", language_code: lang };
  const anna: Person = { id: 601, first_name: "Анна", language_code: lang };
  const bo: Person = { id: 602, first_name: "Бо", language_code: other };
  /** On duty, reads the other language. */
  const seller: Person = { id: 501, first_name: "Игорь", language_code: other };

  const join = (h: Harness) => h.join(anna, "+79001234567", "Анна Ивановна", lang);

  /** Anna asks for a cleaning with one photo; returns the ticket. */
  async function request(h: Harness, who: Person = anna) {
    await h.text(who, "/service");
    await h.tap(who, cb.kind.pack({ kind: "cleaning" }));
    await h.text(who, DESCRIPTION);
    await h.photo(who, `photo-${who.id}`);
    await h.tap(who, cb.done);
    return h.db.serviceTicket.findFirstOrThrow({ orderBy: { id: "desc" } });
  }

  /** Staff open the ticket by its number, tap its next stage, add what `extra` adds, and move it. */
  async function move(h: Harness, by: Person, id: number, to: MoveStage, extra?: () => Promise<unknown>) {
    await h.text(by, `/tickets ${id}`);
    await h.tap(by, st.next.pack({ ticket: id, to }));
    await extra?.();
    await h.tap(by, st.go);
  }

  test("When a client requests a cleaning with a photo and staff follow it to handed over, then the client gets every notice in their language, with the intake photos and the confirm buttons", async ({ h }) => {
    const silver = await h.db.tier.findUniqueOrThrow({ where: { code: "silver" } });
    await h.db.loyaltySettings.update({ where: { id: 1 }, data: { freeCleaningTierId: silver.id } });
    await h.text(owner, "/help");
    await h.hire(seller, owner.id, other);
    const client = await join(h);
    await h.db.client.update({ where: { id: client.id }, data: { tier: { connect: { code: "gold" } } } });
    const greeting = greetingFor({ ...client, language: lang });

    await h.text(anna, "/service");
    expect(h.lastTextTo(anna)).toBe(t("tickets.ask_kind"));
    await h.tap(anna, cb.kind.pack({ kind: "cleaning" }));
    expect(h.lastTextTo(anna)).toBe(t("tickets.ask_description", { kind: t("tickets.kind.cleaning") }));
    await h.text(anna, "ok");
    expect(h.lastTextTo(anna)).toBe(t("errors.ticket_description_invalid", { max: plain(fmt.number(1000)) }));
    await h.text(anna, DESCRIPTION);
    expect(h.lastTextTo(anna)).toBe(t("tickets.ask_photos"));
    await h.text(anna, "вот");
    expect(h.lastTextTo(anna)).toBe(t("tickets.photos_expected"));
    await h.photo(anna, "photo-anna");
    expect(h.lastTextTo(anna)).toBe(t("tickets.photo_added", { n: 1 }));
    const done = h.buttonsOf(anna).find((d) => cb.done.filter.test(d))!;
    await h.tap(anna, done);
    await h.tapAgain(anna, done);
    const ticket = await h.db.serviceTicket.findFirstOrThrow({ include: { photos: true } });
    expect(await h.db.serviceTicket.count()).toBe(1);
    expect(ticket).toMatchObject({ number: "0001", kind: "cleaning", stage: "new", free: true, description: DESCRIPTION });
    expect(ticket.photos.map((p) => [p.fileId, p.purpose])).toEqual([["photo-anna", "request"]]);
    expect(h.lastAnswer()?.text).toBe(t("tickets.already", { number: "0001" }));
    expect(h.telegram.lastCall("editMessageText")!.payload.text).toBe(`${t("tickets.sent", { number: "0001", kind: t("tickets.kind.cleaning") })}\n${t("tickets.sent_free")}`);

    // Staff on duty and the owner are told at once, each in their language.
    expect(await h.flushOutbox()).toBe(2);
    const request = { number: "0001", kind: oT("tickets.kind.cleaning"), free: oT("tickets.notice.request_free"), name: "Анна Ивановна", phone: "+79001234567", description: DESCRIPTION, photos: 1 };
    expect(h.lastTextTo(seller)).toBe(oT("tickets.notice.request", request));
    expect(h.buttonsOf(seller)).toEqual([st.next.pack({ ticket: ticket.id, to: "accepted" }), st.photos.pack({ ticket: ticket.id }), st.cancel.pack({ ticket: ticket.id })]);
    expect(h.lastTextTo(owner)).toContain(t("tickets.kind.cleaning"));

    // Intake: a date, a note and two photos of the item and its stones; the move tapped twice is written once.
    await h.tap(seller, st.photos.pack({ ticket: ticket.id }));
    expect(h.telegram.lastCall("sendPhoto")!.payload).toMatchObject({ chat_id: seller.id, photo: "photo-anna" });
    await h.tap(seller, st.next.pack({ ticket: ticket.id, to: "accepted" }));
    expect(h.lastTextTo(seller)).toBe(oT("tickets.staff.move_prompt_intake", { number: "0001", stage: oT("tickets.stage.accepted") }));
    await h.text(seller, "28.11");
    await h.text(seller, "Один камень шатается");
    await h.photo(seller, "intake-1");
    await h.photo(seller, "intake-2");
    expect(h.lastTextTo(seller)).toContain(oT("tickets.staff.move_photos", { n: 2 }));
    const go = h.buttonsOf(seller).find((d) => st.go.filter.test(d))!;
    await h.tap(seller, go);
    await h.tapAgain(seller, go);
    expect(h.lastAnswer()?.text).toBe(oT("tickets.staff.moved_already", { number: "0001", stage: oT("tickets.stage.accepted") }));
    expect(await h.db.ticketStage.count({ where: { stage: "accepted" } })).toBe(1);
    expect(await h.db.serviceTicket.findFirstOrThrow()).toMatchObject({ stage: "accepted", estimateReadyAt: NOV_28 });

    await h.flushOutbox();
    const accepted = [
      t("tickets.notice.stage.accepted", { greeting, number: "0001", kind: t("tickets.kind.cleaning") }),
      t("tickets.notice.note", { note: "Один камень шатается" }),
      t("tickets.notice.estimate", { date: fmt.date(NOV_28) }),
      t("tickets.notice.free"),
    ].join("\n");
    const photosTo = () => h.telegram.callsTo("sendPhoto").filter((c) => c.payload.chat_id === anna.id);
    expect(h.textsTo(anna).map(plain)).toContain(plain(accepted));
    expect(photosTo().map((c) => [c.payload.photo, c.payload.caption])).toEqual([
      ["intake-1", t("tickets.notice.photo_intake", { index: 1, total: 2 })],
      ["intake-2", t("tickets.notice.photo_confirm", { index: 2, total: 2 })],
    ]);
    expect(h.buttonsOf(anna)).toEqual([cb.mine.pack({ ticket: ticket.id }), cb.notmine.pack({ ticket: ticket.id })]);
    await h.tap(anna, cb.mine);
    expect(h.lastAnswer()?.text).toBe(t("tickets.mine_done"));
    await h.tapAgain(anna, cb.mine.pack({ ticket: ticket.id }));
    expect(h.lastAnswer()?.text).toBe(t("tickets.unchanged"));
    expect((await h.db.serviceTicket.findFirstOrThrow()).clientConfirmedAt).not.toBeNull();

    // The rest of the way, nothing added; at "ready" and "handed over" the intake photos come again.
    for (const to of ["in_work", "ready", "handed_over"] as const) {
      await move(h, seller, ticket.id, to);
      expect(h.lastTextTo(seller)).toBe(oT("tickets.staff.moved", { number: "0001", stage: oT(`tickets.stage.${to}`) }));
      await h.flushOutbox();
      expect(h.textsTo(anna)).toContain(t(`tickets.notice.stage.${to}`, { greeting, number: "0001", kind: t("tickets.kind.cleaning") }));
    }
    expect(photosTo().slice(2).map((c) => c.payload.caption)).toEqual([1, 2, 1, 2].map((index) => t("tickets.notice.photo_pickup", { index, total: 2 })));
    const final = await h.db.serviceTicket.findFirstOrThrow();
    expect(final).toMatchObject({ stage: "handed_over" });
    expect(final.handedOverAt).not.toBeNull();

    // Anna's own list: the ticket and where it is.
    await h.text(anna, "/tickets");
    expect(h.lastTextTo(anna)).toContain(t("tickets.client.line", { number: "0001", kind: t("tickets.kind.cleaning"), stage: t("tickets.stage.handed_over") }));
  });

  test("When a client sends a file that is not an image, or an image over 20 MB, then each is refused with its reason; an image file under the limit is taken", async ({ h }) => {
    await join(h);
    await h.text(anna, "/service");
    await h.tap(anna, cb.kind.pack({ kind: "repair" }));
    await h.text(anna, "Цепочка порвалась у замка");
    await h.document(anna, { fileId: "doc-pdf", mimeType: "application/pdf", fileName: "чек.pdf", size: 20_000 });
    expect(h.lastTextTo(anna)).toBe(t("tickets.not_image"));
    await h.document(anna, { fileId: "doc-big", mimeType: "image/jpeg", fileName: "IMG_0001.JPG", size: BOT_API_DOWNLOAD_LIMIT_BYTES + 1 });
    expect(h.lastTextTo(anna)).toBe(t("tickets.too_large", { max: 20 }));
    await h.document(anna, { fileId: "doc-ok", mimeType: "image/heic", fileName: "IMG_0002.HEIC", size: BOT_API_DOWNLOAD_LIMIT_BYTES });
    expect(h.lastTextTo(anna)).toBe(t("tickets.photo_added", { n: 1 }));
    await h.tap(anna, cb.done);
    const ticket = await h.db.serviceTicket.findFirstOrThrow({ include: { photos: true } });
    expect(ticket.photos.map((p) => p.fileId)).toEqual(["doc:doc-ok"]);
    // Staff get it back as a file: Telegram will not send a file's id as a photo.
    await h.text(owner, `/tickets ${ticket.id}`);
    await h.tap(owner, st.photos.pack({ ticket: ticket.id }));
    expect(h.telegram.lastCall("sendDocument")!.payload).toMatchObject({ chat_id: owner.id, document: "doc-ok" });
  });

  test("When a stale button would move a ticket back or to its own stage, then it is refused and nothing changes; staff's document at intake is refused", async ({ h }) => {
    await h.hire(seller, owner.id, other);
    await join(h);
    const ticket = await request(h);
    await h.text(seller, `/tickets ${ticket.id}`);
    const accept = st.next.pack({ ticket: ticket.id, to: "accepted" });
    await move(h, seller, ticket.id, "accepted", () => h.document(seller, { fileId: "scan", mimeType: "image/png", fileName: "a.png", size: 10 }));
    expect(h.textsTo(seller).map(plain)).toContain(plain(oT("tickets.staff.photo_as_photo")));
    await h.tapAgain(seller, accept);
    expect(h.lastAnswer()).toEqual({ text: oT("tickets.staff.moved_already", { number: "0001", stage: oT("tickets.stage.accepted") }), show_alert: true, callback_query_id: expect.any(String) as string });
    await move(h, seller, ticket.id, "in_work");
    await h.tapAgain(seller, accept);
    expect(h.lastAnswer()?.text).toBe(oT("errors.ticket_stage_backwards"));
    const stages = await h.db.ticketStage.findMany({ where: { ticketId: ticket.id }, orderBy: { id: "asc" } });
    expect(stages.map((s) => s.stage)).toEqual(["new", "accepted", "in_work"]);
    expect((await h.db.serviceTicket.findFirstOrThrow()).stage).toBe("in_work");
  });

  test("When a client forges another client's ticket id or taps a staff button or types /duty, then they are refused and nothing changes", async ({ h }) => {
    await h.hire(seller, owner.id, other);
    await join(h);
    await h.join(bo, "+79001234568", "Бо", other);
    const annas = await request(h);
    await move(h, seller, annas.id, "accepted", () => h.photo(seller, "intake-1"));
    await h.tap(bo, cb.mine.pack({ ticket: annas.id }));
    expect(h.lastAnswer()).toMatchObject({ text: oT("errors.ticket_not_found"), show_alert: true });
    await h.tap(bo, cb.notmine.pack({ ticket: annas.id }));
    expect(h.lastAnswer()).toMatchObject({ text: oT("errors.ticket_not_found"), show_alert: true });
    await h.tap(bo, st.next.pack({ ticket: annas.id, to: "in_work" }));
    expect(h.lastAnswer()).toMatchObject({ text: oT("errors.not_allowed"), show_alert: true });
    await h.tap(bo, st.cancel.pack({ ticket: annas.id }));
    expect(h.lastAnswer()).toMatchObject({ text: oT("errors.not_allowed"), show_alert: true });
    await h.text(bo, "/duty");
    expect(h.lastTextTo(bo)).toBe(oT("errors.not_allowed"));
    await h.text(bo, "/tickets");
    expect(h.lastTextTo(bo)).toBe(oT("tickets.client.empty"));
    const after = await h.db.serviceTicket.findFirstOrThrow();
    expect(after).toMatchObject({ stage: "accepted", clientConfirmedAt: null });
    await h.flushOutbox();
    expect(h.textsTo(seller).some((x) => x.includes("⚠️"))).toBe(false);
    // Anna's own "not mine" reaches the seller who took the item in.
    await h.tap(anna, cb.notmine);
    expect(h.lastAnswer()?.text).toBe(t("tickets.not_mine_done"));
    await h.flushOutbox();
    expect(h.lastTextTo(seller)).toBe(oT("tickets.notice.not_mine", { number: "0001", name: "Анна Ивановна", phone: "+79001234567" }));
  });

  test("When staff list tickets, cancel one with a reason, and the owner reopens it, then the filter counts, the client reads the reason, and only the owner sees the reopen", async ({ h }) => {
    await h.text(owner, "/help");
    await h.hire(seller, owner.id, other);
    const client = await join(h);
    const first = await request(h);
    await request(h);
    await move(h, seller, first.id, "accepted");
    await h.text(seller, "/tickets");
    expect(h.textsTo(seller).map(plain)).toContain(plain(oT("tickets.staff.title")));
    await h.tap(seller, st.list.pack({ stage: "accepted" }));
    expect(h.lastTextTo(seller)).toContain("№ 0001");
    expect(h.buttonsOf(seller)).not.toContain(st.reopen.pack({ ticket: first.id }));
    await h.tap(seller, st.cancel.pack({ ticket: first.id }));
    expect(h.lastTextTo(seller)).toBe(oT("tickets.staff.cancel_prompt", { number: "0001" }));
    await h.text(seller, "no");
    expect(h.lastTextTo(seller)).toBe(oT("errors.reason_required"));
    await h.text(seller, "Камень не выдержит чистку");
    expect(h.lastTextTo(seller)).toBe(oT("tickets.staff.cancelled", { number: "0001" }));
    await h.flushOutbox();
    const greeting = greetingFor({ ...client, language: lang });
    expect(h.lastTextTo(anna)).toBe(`${t("tickets.notice.stage.cancelled", { greeting, number: "0001", kind: t("tickets.kind.cleaning") })}\n${t("tickets.notice.reason", { reason: "Камень не выдержит чистку" })}`);

    await h.text(seller, "/tickets 1");
    expect(h.buttonsOf(seller)).toEqual([st.photos.pack({ ticket: first.id })]);
    await h.tap(seller, st.reopen.pack({ ticket: first.id }));
    expect(h.lastAnswer()?.text).toBe(oT("errors.owner_only"));
    await h.text(owner, "/tickets 1");
    await h.tap(owner, st.reopen.pack({ ticket: first.id }));
    expect(h.textsTo(owner)).toContain(t("tickets.staff.reopened", { number: "0001", stage: t("tickets.stage.accepted") }));
    await h.flushOutbox();
    expect(h.lastTextTo(anna)).toBe(t("tickets.notice.reopened", { greeting, number: "0001", kind: t("tickets.kind.cleaning"), stage: t("tickets.stage.accepted") }));
    expect(await h.db.auditLog.count({ where: { action: "ticket.reopened", actorTelegramId: 1n } })).toBe(1);
  });

  test("When a seller types /duty, then new requests stop reaching them and come back with the next /duty; the owner is always told", async ({ h }) => {
    await h.text(owner, "/help");
    await h.hire(seller, owner.id, other);
    await join(h);
    await h.text(seller, "/duty");
    expect(h.lastTextTo(seller)).toBe(oT("tickets.staff.duty_off"));
    await request(h);
    await h.flushOutbox();
    expect(h.textsTo(seller).some((x) => x.includes("0001"))).toBe(false);
    expect(h.lastTextTo(owner)).toContain("0001");
    await h.text(seller, "/duty");
    expect(h.lastTextTo(seller)).toBe(oT("tickets.staff.duty_on"));
    await h.text(owner, "/duty");
    expect(h.lastTextTo(owner)).toBe(t("tickets.staff.duty_owner"));
  });
});

describe("the owner's tier settings for services", () => {
  const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
  const ownerZh: Person = { id: 1, first_name: "Елена", language_code: "zh" };
  const seller: Person = { id: 501, first_name: "Игорь", language_code: "ru" };
  const t = translator("ru");

  test("When the owner sets free cleaning from silver and viewings from gold, then /settings shows both, each change is audit-logged, and 'none'/'all' clear them", async ({ h }) => {
    await h.text(owner, "/settings");
    expect(h.lastTextTo(owner)).toContain("Бесплатная чистка: никому");
    expect(h.lastTextTo(owner)).toContain("Частный показ по записи: всем");
    await h.text(owner, "/set free_cleaning silver");
    expect(h.lastTextTo(owner)).toBe("Бесплатная чистка: никому → с уровня «Серебряная»");
    await h.text(owner, "/set viewing GOLD");
    expect(h.lastTextTo(owner)).toBe("Частный показ по записи: всем → с уровня «Золотая»");
    await h.text(owner, "/settings");
    expect(h.lastTextTo(owner)).toContain("Бесплатная чистка: с уровня «Серебряная»");
    const [silver, gold] = await Promise.all(["silver", "gold"].map((code) => h.db.tier.findUniqueOrThrow({ where: { code } })));
    expect(await h.services.loyalty.settings()).toMatchObject({ freeCleaningTierId: silver!.id, viewingTierId: gold!.id });
    const entries = await h.db.auditLog.findMany({ where: { action: "settings.updated" }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.actorTelegramId, JSON.parse(e.details!) as unknown])).toEqual([
      [1n, { name: "freeCleaningTierId", from: null, to: "silver" }],
      [1n, { name: "viewingTierId", from: null, to: "gold" }],
    ]);
    await h.text(owner, "/set free_cleaning none");
    await h.text(owner, "/set viewing all");
    expect(await h.services.loyalty.settings()).toMatchObject({ freeCleaningTierId: null, viewingTierId: null });
  });

  test("When the code is unknown or missing, then nothing changes; a seller is refused", async ({ h }) => {
    await h.hire(seller);
    await h.text(owner, "/set free_cleaning diamond");
    expect(h.lastTextTo(owner)).toBe(t("errors.tier_invalid"));
    await h.text(owner, "/set viewing");
    expect(h.lastTextTo(owner)).toBe(t("settings.services.usage"));
    await h.text(seller, "/set free_cleaning silver");
    expect(h.lastTextTo(seller)).toBe(t("errors.owner_only"));
    expect(await h.services.loyalty.settings()).toMatchObject({ freeCleaningTierId: null, viewingTierId: null });
  });

  test("When an owner with Chinese Telegram sets free cleaning, then the reply and /settings read in Chinese", async ({ h }) => {
    await h.text(ownerZh, "/set free_cleaning gold");
    expect(h.lastTextTo(ownerZh)).toBe("免费清洗：无人 → “金卡”及以上");
    await h.text(ownerZh, "/settings");
    expect(h.lastTextTo(ownerZh)).toContain("私人预约赏鉴：所有人");
    expect(h.lastTextTo(ownerZh)).not.toMatch(/[а-яё]/i);
  });
});
