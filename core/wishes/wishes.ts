// "I am looking for…": a client's wish (from the client in the bot, or recorded
// by staff on the client's file), staff's list of open ones, and its end —
// arrived (the client is told in the same transaction, through the outbox,
// once), or closed as found elsewhere or no longer wanted.
import type { Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { OutboxMessage, Outbox } from "../outbox/outbox.ts";
import { clientSelect, listOpen, openOf, wishClientOf, wishOf } from "./queries.ts";
import type { CloseReason, Wish, WishClient, WishInput, WishWithClient } from "./types.ts";
import { validateWish } from "./validate.ts";

/** Words the client reads when their wish arrives; null sends nothing. */
export type WishNotify = (wish: Wish, client: WishClient) => OutboxMessage | null;

/** The same wish sent again this soon (a double tap, a retry after a crash) is the one already recorded. */
const REPEAT_WINDOW_MS = 60 * 60_000;

export function createWishes(db: Db, clock: Clock, outbox: Outbox) {
  async function withClient(id: number, tx: Db | Prisma.TransactionClient = db): Promise<WishWithClient & { blocked: boolean }> {
    const row = await tx.wish.findUnique({ where: { id }, include: { client: { select: { ...clientSelect, forgottenAt: true, blockedAt: true } } } });
    if (!row || row.kind !== "wish" || row.client.forgottenAt) throw new DomainError("wish_not_found");
    return { ...wishOf(row), client: wishClientOf(row.client), blocked: row.client.blockedAt !== null };
  }

  return {
    /** A new open wish; staff's carries who recorded it. The same details again within the hour return the first. */
    async create(clientId: number, input: WishInput, actor: Actor): Promise<{ wish: Wish; created: boolean }> {
      const details = validateWish(input);
      const now = clock.now();
      return db.$transaction(async (tx) => {
        const client = await tx.client.findUnique({ where: { id: clientId }, select: { forgottenAt: true } });
        if (!client || client.forgottenAt) throw new DomainError("client_not_found");
        const data = { ...details, text: details.text ?? "" };
        const same = await tx.wish.findFirst({ where: { clientId, kind: "wish", status: "open", ...data, createdAt: { gte: new Date(now.getTime() - REPEAT_WINDOW_MS) } } });
        if (same) return { wish: wishOf(same), created: false };
        const createdByTelegramId = actor.role === "client" || actor.telegramId === null ? null : BigInt(actor.telegramId);
        const row = await tx.wish.create({ data: { clientId, kind: "wish", ...data, createdByTelegramId, createdAt: now } });
        return { wish: wishOf(row), created: true };
      });
    },

    get: (id: number) => withClient(id),
    listOpen: (stone: string | null, limit = 10) => listOpen(db, { stone, limit }),
    openOf: (clientId: number) => openOf(db, clientId),

    /** Staff found it: status "found", and the client (on Telegram) is invited in, once. */
    async arrived(id: number, notify: WishNotify): Promise<{ wish: WishWithClient; changed: boolean; notified: boolean }> {
      const now = clock.now();
      return db.$transaction(async (tx) => {
        const { blocked, ...current } = await withClient(id, tx);
        const reachable = current.client.telegramId !== null && !blocked;
        if (current.status === "found") return { wish: current, changed: false, notified: current.notifiedAt !== null };
        if (current.status !== "open") throw new DomainError("wish_closed");
        const { count } = await tx.wish.updateMany({ where: { id, status: "open" }, data: { status: "found", notifiedAt: reachable ? now : null } });
        if (count === 0) throw new DomainError("wish_closed");
        const wish = { ...current, status: "found", notifiedAt: reachable ? now : null };
        const message = reachable ? notify(wish, current.client) : null;
        if (message) {
          await outbox.enqueue(tx, { chatId: current.client.telegramId!, clientId: current.clientId, kind: "wish_arrived", message, dedupeKey: `wish:${id}:arrived` });
        }
        return { wish, changed: true, notified: message !== null };
      });
    },

    /** Closed without arriving: by staff (any wish) or by its client (only their own; another's reads as not found). */
    async close(id: number, reason: CloseReason, by: { clientId: number } | { staff: true }): Promise<{ wish: WishWithClient; changed: boolean }> {
      const { blocked: _blocked, ...wish } = await withClient(id);
      if ("clientId" in by && wish.clientId !== by.clientId) throw new DomainError("wish_not_found");
      if (wish.status !== "open") return { wish, changed: false };
      const { count } = await db.wish.updateMany({ where: { id, status: "open" }, data: { status: "closed", closedReason: reason } });
      return { wish: { ...wish, status: "closed", closedReason: count ? reason : wish.closedReason }, changed: count > 0 };
    },
  };
}

export type Wishes = ReturnType<typeof createWishes>;
