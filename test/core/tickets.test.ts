// Service tickets against a real (throw-away) database with a fixed clock in
// Moscow: numbers unique and stable (two requests at once too), the request
// checked before anything is written, free cleaning by the owner's tier,
// stages forward only, a cancel with its reason, a reopen by an owner only
// (audit-logged), the client's intake-photo answer, and every notice queued
// once whatever is tapped twice.
import { describe, expect, test as base } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createServices, type Services } from "../../core/services.ts";
import type { TicketNotify, TicketRequest } from "../../core/tickets/types.ts";
import { photoRef, readPhotoRef } from "../../core/tickets/validate.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

const OWNER = { telegramId: 1, role: "owner" as const };
const CONFIG = { OWNER_IDS: [1], SHOP_CURRENCY: "RUB" as const, STAFF_INVITE_HOURS: 24, SHOP_TIMEZONE: "Europe/Moscow" };
/** 12:00 in Moscow on 24 November 2026. */
const NOW = new Date("2026-11-24T09:00:00Z");
/** 28 November in Moscow (its midnight). */
const NOV_28 = new Date("2026-11-27T21:00:00Z");
const notify: TicketNotify = (n, v, to) => ({ text: `${n.kind}${n.kind === "stage" ? `:${n.stage}` : ""}${n.kind === "photo" && n.confirm ? ":confirm" : ""} №${v.number} → ${to.chatId} ${to.language ?? "?"}` });
const CLEANING: TicketRequest = { kind: "cleaning", description: "Кольцо с сапфиром, белое золото", photos: ["ph-1"] };

interface Env {
  t: TestDb;
  s: Services;
  /** A client on Telegram (id 100 + n) who joined, on a tier by its code. */
  client(n: number, tier?: string, language?: "ru" | "zh"): Promise<number>;
  /** A seller (Telegram id 50 + n) reading this language. */
  seller(n: number, language?: string): Promise<{ telegramId: number; role: "staff" }>;
  /** Outbox texts, oldest first. */
  notices(): Promise<string[]>;
}

const test = base.extend<{ env: Env }>({
  env: async ({}, use) => { // eslint-disable-line no-empty-pattern -- vitest reads a fixture's dependencies from this destructuring
    const t = await createTestDb();
    await ensureLoyaltyDefaults(t.db, "RUB");
    const s = createServices(t.db, CONFIG, fixedClock(NOW));
    const env: Env = {
      t,
      s,
      async client(n, tier = "classic", language: "ru" | "zh" = "ru") {
        const telegramId = 100 + n;
        await s.onboarding.giveConsent(telegramId, language);
        await s.onboarding.setPhone(telegramId, `+7900100${String(n).padStart(4, "0")}`, false);
        await s.onboarding.setName(telegramId, "Анна Ивановна");
        const { client } = await s.onboarding.finish(telegramId, null);
        await t.db.client.update({ where: { id: client.id }, data: { tier: { connect: { code: tier } } } });
        return client.id;
      },
      async seller(n, language = "ru") {
        const { token } = await s.staff.createInvite(OWNER);
        await s.staff.redeemInvite(token, { telegramId: 50 + n, name: `Продавец ${n}`, language });
        return { telegramId: 50 + n, role: "staff" };
      },
      async notices() {
        const rows = await t.db.outbox.findMany({ orderBy: { id: "asc" } });
        return rows.map((r) => (JSON.parse(r.payload) as { text: string }).text);
      },
    };
    await use(env);
    await t.close();
  },
});

const expectDomainError = (p: Promise<unknown>, code: string) => expect(p).rejects.toMatchObject({ name: "DomainError", code });

describe("a request", () => {
  test("When two clients ask at the same moment, then each ticket has its own number, read from its id and kept", async ({ env }) => {
    const [a, b] = [await env.client(1), await env.client(2)];
    const [x, y] = await Promise.all([env.s.tickets.request(a, CLEANING, "k1", notify), env.s.tickets.request(b, CLEANING, "k2", notify)]);
    expect(new Set([x.ticket.number, y.ticket.number]).size).toBe(2);
    expect([x.ticket.number, y.ticket.number].sort()).toEqual(["0001", "0002"]);
    const third = await env.s.tickets.request(a, { ...CLEANING, kind: "repair" }, "k3", notify);
    expect(third.ticket.number).toBe("0003");
    expect((await env.s.tickets.byNumber(3))?.id).toBe(third.ticket.id);
    expect(x.ticket.stage).toBe("new");
  });

  test("When the same done key comes twice, then one ticket is written and staff are told once", async ({ env }) => {
    const a = await env.client(1);
    const first = await env.s.tickets.request(a, CLEANING, "same", notify);
    const again = await env.s.tickets.request(a, CLEANING, "same", notify);
    expect(again).toMatchObject({ created: false, ticket: { id: first.ticket.id } });
    expect(await env.t.db.serviceTicket.count()).toBe(1);
    expect(await env.notices()).toEqual(["request №0001 → 1 ?"]);
    expect((await env.s.tickets.requestedWith("same"))?.id).toBe(first.ticket.id);
  });

  test("When the kind, the description or the photos are wrong, then nothing is written", async ({ env }) => {
    const a = await env.client(1);
    await expectDomainError(env.s.tickets.request(a, { ...CLEANING, kind: "polishing" as "cleaning" }, "k", notify), "ticket_kind_invalid");
    await expectDomainError(env.s.tickets.request(a, { ...CLEANING, description: " \u200b " }, "k", notify), "ticket_description_invalid");
    await expectDomainError(env.s.tickets.request(a, { ...CLEANING, description: "x".repeat(1001) }, "k", notify), "ticket_description_invalid");
    await expectDomainError(env.s.tickets.request(a, { ...CLEANING, photos: [] }, "k", notify), "ticket_photos_required");
    await expectDomainError(env.s.tickets.request(a, { ...CLEANING, photos: Array.from({ length: 11 }, (_, i) => `p${i}`) }, "k", notify), "ticket_photos_too_many");
    expect(await env.t.db.serviceTicket.count()).toBe(0);
    expect(await env.t.db.outbox.count()).toBe(0);
  });

  test("When staff on duty, off duty and the owner exist, then a new request reaches those on duty and the owner, each in their language", async ({ env }) => {
    await env.seller(1, "zh");
    await env.seller(2, "ru");
    expect(await env.s.tickets.toggleDuty(52)).toBe(false);
    expect(await env.s.tickets.toggleDuty(999)).toBeNull();
    await env.s.tickets.request(await env.client(1), CLEANING, "k", notify);
    expect(await env.notices()).toEqual(["request №0001 → 51 zh", "request №0001 → 1 ?"]);
  });

  test("When an image came as a file, then its reference says so and gives back Telegram's id", () => {
    expect(readPhotoRef(photoRef("AgAD", true))).toEqual({ fileId: "AgAD", asDocument: true });
    expect(readPhotoRef(photoRef("AgAD", false))).toEqual({ fileId: "AgAD", asDocument: false });
  });
});

describe("free cleaning", () => {
  test("When the owner set free cleaning from silver, then gold's cleaning is free, classic's is not, and no repair is; with no tier set, nothing is", async ({ env }) => {
    const [gold, classic] = [await env.client(1, "gold"), await env.client(2, "classic")];
    expect((await env.s.tickets.request(gold, CLEANING, "k0", notify)).ticket.free).toBe(false);
    const silver = await env.t.db.tier.findUniqueOrThrow({ where: { code: "silver" } });
    await env.t.db.loyaltySettings.update({ where: { id: 1 }, data: { freeCleaningTierId: silver.id } });
    expect((await env.s.tickets.request(gold, CLEANING, "k1", notify)).ticket.free).toBe(true);
    expect((await env.s.tickets.request(classic, CLEANING, "k2", notify)).ticket.free).toBe(false);
    expect((await env.s.tickets.request(gold, { ...CLEANING, kind: "repair" }, "k3", notify)).ticket.free).toBe(false);
    expect(await env.s.tickets.wouldBeFree(gold, "cleaning")).toBe(true);
  });
});

describe("stages", () => {
  test("When staff move a ticket forward, then each move writes a stage row and tells the client; the same stage or a step back is refused", async ({ env }) => {
    const seller = await env.seller(1);
    const a = await env.client(1, "classic", "zh");
    const { ticket } = await env.s.tickets.request(a, CLEANING, "k", notify);
    await env.s.tickets.move(seller, ticket.id, "accepted", { note: "Камень шатается", estimateReadyAt: NOV_28, photos: ["in-1", "in-2"] }, "m1", notify);
    await expectDomainError(env.s.tickets.move(seller, ticket.id, "accepted", {}, "m2", notify), "ticket_stage_same");
    await env.s.tickets.move(seller, ticket.id, "in_work", {}, "m3", notify);
    await expectDomainError(env.s.tickets.move(seller, ticket.id, "accepted", {}, "m4", notify), "ticket_stage_backwards");
    await env.s.tickets.move(seller, ticket.id, "ready", {}, "m5", notify);
    const { ticket: done } = await env.s.tickets.move(seller, ticket.id, "handed_over", {}, "m6", notify);
    expect(done).toMatchObject({ stage: "handed_over", handedOverAt: NOW, estimateReadyAt: NOV_28, intakePhotos: ["in-1", "in-2"] });
    await expectDomainError(env.s.tickets.move(seller, ticket.id, "ready", {}, "m7", notify), "ticket_closed");
    const stages = await env.s.tickets.history(ticket.id);
    expect(stages.map((r) => r.stage)).toEqual(["new", "accepted", "in_work", "ready", "handed_over"]);
    expect(stages[1]).toMatchObject({ note: "Камень шатается", photoFileId: "in-1", actorTelegramId: 51n });
    const toClient = (await env.notices()).filter((n) => n.includes("→ 101"));
    expect(toClient).toEqual([
      "stage:accepted №0001 → 101 zh",
      "photo №0001 → 101 zh",
      "photo:confirm №0001 → 101 zh",
      "stage:in_work №0001 → 101 zh",
      "stage:ready №0001 → 101 zh",
      "photo №0001 → 101 zh",
      "photo №0001 → 101 zh",
      "stage:handed_over №0001 → 101 zh",
      "photo №0001 → 101 zh",
      "photo №0001 → 101 zh",
    ]);
  });

  test("When the same move key comes twice, then one stage row and one notice are written", async ({ env }) => {
    const seller = await env.seller(1);
    const { ticket } = await env.s.tickets.request(await env.client(1), CLEANING, "k", notify);
    const first = await env.s.tickets.move(seller, ticket.id, "accepted", {}, "twice", notify);
    const again = await env.s.tickets.move(seller, ticket.id, "accepted", {}, "twice", notify);
    expect([first.changed, again.changed]).toEqual([true, false]);
    expect(await env.t.db.ticketStage.count({ where: { stage: "accepted" } })).toBe(1);
    expect((await env.notices()).filter((n) => n.startsWith("stage"))).toEqual(["stage:accepted №0001 → 101 ru"]);
  });

  test("When a note is too long or the estimate has passed, then the ticket stays where it was", async ({ env }) => {
    const seller = await env.seller(1);
    const { ticket } = await env.s.tickets.request(await env.client(1), CLEANING, "k", notify);
    await expectDomainError(env.s.tickets.move(seller, ticket.id, "accepted", { note: "x".repeat(501) }, "m", notify), "ticket_note_invalid");
    await expectDomainError(env.s.tickets.move(seller, ticket.id, "accepted", { estimateReadyAt: new Date("2026-11-20T21:00:00Z") }, "m", notify), "ticket_estimate_past");
    await expectDomainError(env.s.tickets.move(seller, 999, "accepted", {}, "m", notify), "ticket_not_found");
    expect((await env.s.tickets.byId(ticket.id))?.stage).toBe("new");
  });

  test("When staff cancel, then a reason is required, the client reads it, and a cancelled ticket moves no more", async ({ env }) => {
    const seller = await env.seller(1);
    const { ticket } = await env.s.tickets.request(await env.client(1), CLEANING, "k", notify);
    await expectDomainError(env.s.tickets.cancel(seller, ticket.id, "  ", notify), "reason_required");
    const cancelled = await env.s.tickets.cancel(seller, ticket.id, "Камень не подлежит чистке ультразвуком", notify);
    expect(cancelled).toMatchObject({ stage: "cancelled", cancelReason: "Камень не подлежит чистке ультразвуком" });
    await expectDomainError(env.s.tickets.cancel(seller, ticket.id, "Ещё раз", notify), "ticket_stage_same");
    await expectDomainError(env.s.tickets.move(seller, ticket.id, "accepted", {}, "m", notify), "ticket_closed");
    expect((await env.notices()).filter((n) => n.includes("→ 101"))).toEqual(["stage:cancelled №0001 → 101 ru"]);
  });

  test("When a seller tries to reopen, then it is refused; the owner reopens a cancelled ticket to its stage and a handed-over one to ready, audit-logged", async ({ env }) => {
    const seller = await env.seller(1);
    const { ticket } = await env.s.tickets.request(await env.client(1), CLEANING, "k", notify);
    await env.s.tickets.move(seller, ticket.id, "accepted", {}, "m1", notify);
    await env.s.tickets.cancel(seller, ticket.id, "Клиент передумал", notify);
    await expectDomainError(env.s.tickets.reopen(seller, ticket.id, notify), "ticket_reopen_owner_only");
    expect(await env.s.tickets.reopen(OWNER, ticket.id, notify)).toMatchObject({ stage: "accepted", cancelReason: null });
    await env.s.tickets.move(seller, ticket.id, "handed_over", {}, "m2", notify);
    expect(await env.s.tickets.reopen(OWNER, ticket.id, notify)).toMatchObject({ stage: "ready", handedOverAt: null });
    const logs = await env.t.db.auditLog.findMany({ where: { action: "ticket.reopened" }, orderBy: { id: "asc" } });
    expect(logs.map((l) => [l.actorTelegramId, JSON.parse(l.details!) as unknown])).toEqual([
      [1n, { from: "cancelled", to: "accepted" }],
      [1n, { from: "handed_over", to: "ready" }],
    ]);
    expect((await env.notices()).filter((n) => n.startsWith("reopened"))).toHaveLength(2);
    const fresh = await env.s.tickets.request(await env.client(2), CLEANING, "k2", notify);
    await expectDomainError(env.s.tickets.reopen(OWNER, fresh.ticket.id, notify), "ticket_not_reopenable");
  });
});

describe("the client's answer to the intake photos", () => {
  test("When the client confirms, then it is recorded once; 'not mine' alerts staff on duty, the owner and whoever accepted it, once; another client's tap changes nothing", async ({ env }) => {
    const accepter = await env.seller(1);
    await env.seller(2);
    await env.s.tickets.toggleDuty(51);
    const [a, b] = [await env.client(1), await env.client(2)];
    const { ticket } = await env.s.tickets.request(a, CLEANING, "k", notify);
    await expectDomainError(env.s.tickets.confirm(a, ticket.id), "ticket_closed");
    await env.s.tickets.move(accepter, ticket.id, "accepted", { photos: ["in-1"] }, "m", notify);
    await expectDomainError(env.s.tickets.confirm(b, ticket.id), "ticket_not_found");
    await expectDomainError(env.s.tickets.notMine(b, ticket.id, notify), "ticket_not_found");
    expect((await env.s.tickets.confirm(a, ticket.id)).changed).toBe(true);
    expect((await env.s.tickets.confirm(a, ticket.id)).changed).toBe(false);
    expect((await env.s.tickets.byId(ticket.id))?.clientConfirmedAt).toEqual(NOW);
    const first = await env.s.tickets.notMine(a, ticket.id, notify);
    const again = await env.s.tickets.notMine(a, ticket.id, notify);
    expect([first.changed, again.changed, first.ticket.clientConfirmedAt]).toEqual([true, false, null]);
    expect((await env.notices()).filter((n) => n.startsWith("not_mine")).sort()).toEqual(["not_mine №0001 → 1 ?", "not_mine №0001 → 51 ru", "not_mine №0001 → 52 ru"]);
  });
});

describe("lists", () => {
  test("When staff list open tickets, then they come oldest first, by stage when asked, with counts; a client sees only their own", async ({ env }) => {
    const seller = await env.seller(1);
    const [a, b] = [await env.client(1), await env.client(2)];
    const t1 = (await env.s.tickets.request(a, CLEANING, "k1", notify)).ticket;
    const t2 = (await env.s.tickets.request(b, CLEANING, "k2", notify)).ticket;
    const t3 = (await env.s.tickets.request(a, { ...CLEANING, kind: "engraving" }, "k3", notify)).ticket;
    await env.s.tickets.move(seller, t2.id, "accepted", {}, "m", notify);
    await env.s.tickets.cancel(seller, t3.id, "Передумали", notify);
    expect((await env.s.tickets.open()).tickets.map((v) => v.id)).toEqual([t1.id, t2.id]);
    expect((await env.s.tickets.open("accepted")).tickets.map((v) => v.id)).toEqual([t2.id]);
    expect(await env.s.tickets.counts()).toEqual({ new: 1, accepted: 1, in_work: 0, ready: 0 });
    expect((await env.s.tickets.forClient(a)).map((v) => v.id)).toEqual([t1.id, t3.id]);
    // The client's file shows the open ones.
    expect((await env.s.clients.file(a)).openTickets).toEqual([{ number: "0001", kind: "cleaning", stage: "new" }]);
    await expectDomainError(env.s.tickets.ofClient(a, t2.id), "ticket_not_found");
  });
});
