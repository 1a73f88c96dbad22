// What happens to a request: staff confirm a time or propose another; the
// client accepts or declines a proposal, or cancels. Each move is one
// conditional update written first in its transaction (two staff members
// tapping at once: one wins, the other is told it is handled), and the person
// on the other side is told through the outbox in the same transaction.
import type { Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { clientRecipient, loadView, noticesFor, staffRecipient } from "./notices.ts";
import type { ViewingNotify, ViewingStatus, ViewingView } from "./types.ts";

export interface Changed {
  viewing: ViewingView;
  /** False when the tap repeated what is already recorded. */
  changed: boolean;
}

export function createViewingActions(db: Db, clock: Clock, outbox: Outbox) {
  /** Staff set the time: "confirmed" at once, or "proposed" for the client to accept. */
  async function setTime(actor: Actor, id: number, at: Date, status: "confirmed" | "proposed", notify: ViewingNotify): Promise<ViewingView> {
    const now = clock.now();
    if (Number.isNaN(at.getTime())) throw new DomainError("viewing_time_invalid");
    if (at.getTime() <= now.getTime()) throw new DomainError("viewing_time_past");
    return db.$transaction(async (tx) => {
      const { count } = await tx.viewing.updateMany({
        where: { id, status: { in: ["requested", "proposed"] } },
        data: { status, at, staffTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId), updatedAt: now },
      });
      const viewing = await loadView(tx, id);
      if (!viewing) throw new DomainError("viewing_not_found");
      if (count === 0) throw new DomainError("viewing_handled");
      const client = clientRecipient(viewing);
      if (client) await outbox.enqueueMany(tx, noticesFor(status, viewing, [client], notify, `${status}:${at.getTime()}`));
      return viewing;
    });
  }

  /** A client's move from `from` to `to`; the staff member who handled it is told. */
  async function clientMove(clientId: number, id: number, from: ViewingStatus[], to: ViewingStatus, notify: ViewingNotify): Promise<Changed> {
    const now = clock.now();
    return db.$transaction(async (tx) => {
      const { count } = await tx.viewing.updateMany({
        where: { id, clientId, status: { in: from }, OR: [{ at: null }, { at: { gt: now } }] },
        data: { status: to, updatedAt: now },
      });
      const viewing = await loadView(tx, id);
      // Another client's viewing is no more theirs to see than a missing one.
      if (!viewing || viewing.clientId !== clientId) throw new DomainError("viewing_not_found");
      if (count === 0) {
        if (viewing.status === to) return { viewing, changed: false };
        throw new DomainError("viewing_handled");
      }
      const kind = to === "confirmed" ? "accepted" : to === "declined" ? "declined" : "cancelled";
      if (viewing.staffTelegramId !== null) {
        const staff = await staffRecipient(tx, Number(viewing.staffTelegramId));
        await outbox.enqueueMany(tx, noticesFor(kind, viewing, [staff], notify, kind));
      }
      return { viewing, changed: true };
    });
  }

  return {
    confirm: (actor: Actor, id: number, at: Date, notify: ViewingNotify) => setTime(actor, id, at, "confirmed", notify),
    propose: (actor: Actor, id: number, at: Date, notify: ViewingNotify) => setTime(actor, id, at, "proposed", notify),
    accept: (clientId: number, id: number, notify: ViewingNotify) => clientMove(clientId, id, ["proposed"], "confirmed", notify),
    decline: (clientId: number, id: number, notify: ViewingNotify) => clientMove(clientId, id, ["proposed"], "declined", notify),
    cancel: (clientId: number, id: number, notify: ViewingNotify) => clientMove(clientId, id, ["requested", "proposed", "confirmed"], "cancelled", notify),
  };
}
