// The client's answer to the intake photos: "this is my item" records when
// they confirmed; "not mine" takes the confirmation back and alerts staff on
// duty, the owners and whoever accepted the item, once per intake. Only the
// ticket's own client may answer: anyone else's id reads as no ticket at all.
import { audit } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { loadView, noticesFor, onDuty } from "./notices.ts";
import type { TicketNotify, TicketView } from "./types.ts";

export interface Answered {
  ticket: TicketView;
  /** False when the tap repeated the answer already recorded. */
  changed: boolean;
}

export function createTicketConfirmations(db: Db, clock: Clock, outbox: Outbox, ownerIds: readonly number[]) {
  async function ownTicket(clientId: number, id: number): Promise<TicketView> {
    const ticket = await loadView(db, id);
    if (!ticket || ticket.clientId !== clientId) throw new DomainError("ticket_not_found");
    if (ticket.stage === "cancelled" || ticket.intakePhotos.length === 0) throw new DomainError("ticket_closed");
    return ticket;
  }

  return {
    async confirm(clientId: number, id: number): Promise<Answered> {
      await ownTicket(clientId, id);
      const { count } = await db.serviceTicket.updateMany({ where: { id, clientId, clientConfirmedAt: null }, data: { clientConfirmedAt: clock.now() } });
      return { ticket: (await loadView(db, id))!, changed: count > 0 };
    },

    async notMine(clientId: number, id: number, notify: TicketNotify): Promise<Answered> {
      await ownTicket(clientId, id);
      return db.$transaction(async (tx) => {
        await tx.serviceTicket.updateMany({ where: { id, clientId }, data: { clientConfirmedAt: null } });
        const intake = await tx.ticketStage.findFirst({ where: { ticketId: id, stage: "accepted" }, orderBy: { id: "desc" }, select: { id: true, actorTelegramId: true } });
        const tag = `notmine${intake?.id ?? 0}`;
        if (await tx.outbox.findFirst({ where: { dedupeKey: { startsWith: `ticket:${id}:${tag}:` } }, select: { id: true } })) {
          return { ticket: (await loadView(tx, id))!, changed: false };
        }
        const ticket = (await loadView(tx, id))!;
        await audit(tx, { telegramId: ticket.client.telegramId, role: "client" }, { action: "ticket.not_mine", entity: "ticket", entityId: id });
        const accepter = intake?.actorTelegramId == null ? [] : [Number(intake.actorTelegramId)];
        await outbox.enqueueMany(tx, noticesFor({ kind: "not_mine" }, ticket, await onDuty(tx, ownerIds, accepter), notify, tag));
        return { ticket, changed: true };
      });
    },
  };
}
