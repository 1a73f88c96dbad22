// Service tickets: a client's request for a repair, a cleaning, an appraisal,
// an engraving or a resizing, followed stage by stage by staff, the client
// told of each move in their language. Staff on duty hear of new requests.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { createTicketConfirmations } from "./confirm.ts";
import { createTicketQueries } from "./queries.ts";
import { isFree, recordedWith, requestTicket } from "./request.ts";
import { createTicketStages } from "./stages.ts";
import type { TicketKind, TicketNotify, TicketRequest } from "./types.ts";

export function createTickets(db: Db, clock: Clock, outbox: Outbox, ownerIds: readonly number[]) {
  return {
    /** Records the client's request and tells staff on duty; `key` (the "done" button's) makes a repeated tap return the same ticket. */
    request: (clientId: number, input: TicketRequest, key: string, notify: TicketNotify) => requestTicket(db, clock, outbox, ownerIds, clientId, input, key, notify),
    requestedWith: (key: string) => recordedWith(db, "ticket.requested", key),
    movedWith: (key: string) => recordedWith(db, "ticket.moved", key),
    /** Whether this kind of service would be free for the client now (to tell them before they send). */
    wouldBeFree: (clientId: number, kind: TicketKind) => isFree(db, clientId, kind),
    ...createTicketStages(db, clock, outbox),
    ...createTicketConfirmations(db, clock, outbox, ownerIds),
    ...createTicketQueries(db),
    /** A seller's "tell me of new requests" switch; null for someone who is not active staff (owners are always told). */
    async toggleDuty(telegramId: number): Promise<boolean | null> {
      const member = await db.staff.findFirst({ where: { telegramId: BigInt(telegramId), active: true }, select: { id: true, onDuty: true } });
      if (!member) return null;
      const { onDuty } = await db.staff.update({ where: { id: member.id }, data: { onDuty: !member.onDuty } });
      return onDuty;
    },
  };
}

export type Tickets = ReturnType<typeof createTickets>;
