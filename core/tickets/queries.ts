// What people read about tickets: a client their own (open ones first, then
// the last few closed), staff the open ones oldest first with a filter by
// stage. A client asking for a ticket by id gets it only when it is theirs.
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { loadView, ticketInclude, viewOf } from "./notices.ts";
import { ticketNumber } from "./request.ts";
import { OPEN_STAGES, type OpenStage, type TicketView } from "./types.ts";

/** The most one list shows (a message each for staff). */
export const LIST_LIMIT = 10;
const CLOSED_SHOWN = 3;

export function createTicketQueries(db: Db) {
  return {
    async forClient(clientId: number): Promise<TicketView[]> {
      const open = await db.serviceTicket.findMany({ where: { clientId, stage: { in: [...OPEN_STAGES] } }, include: ticketInclude, orderBy: { id: "asc" }, take: LIST_LIMIT });
      const closed = await db.serviceTicket.findMany({ where: { clientId, stage: { notIn: [...OPEN_STAGES] } }, include: ticketInclude, orderBy: { updatedAt: "desc" }, take: CLOSED_SHOWN });
      return [...open, ...closed].map(viewOf);
    },

    /** Open tickets, oldest first (optionally in one stage), and how many there are in all. */
    async open(stage?: OpenStage): Promise<{ tickets: TicketView[]; total: number }> {
      const where = { stage: stage ?? { in: [...OPEN_STAGES] }, client: { forgottenAt: null } };
      const [rows, total] = await Promise.all([
        db.serviceTicket.findMany({ where, include: ticketInclude, orderBy: { id: "asc" }, take: LIST_LIMIT }),
        db.serviceTicket.count({ where }),
      ]);
      return { tickets: rows.map(viewOf), total };
    },

    /** Open tickets per stage, for the filter buttons. */
    async counts(): Promise<Record<OpenStage, number>> {
      const groups = await db.serviceTicket.groupBy({ by: ["stage"], where: { stage: { in: [...OPEN_STAGES] }, client: { forgottenAt: null } }, _count: true });
      const counts = Object.fromEntries(OPEN_STAGES.map((s) => [s, 0])) as Record<OpenStage, number>;
      for (const g of groups) counts[g.stage as OpenStage] = g._count;
      return counts;
    },

    byId: (id: number) => loadView(db, id),

    /** By the number people read aloud: "42", "0042". */
    async byNumber(n: number): Promise<TicketView | null> {
      const row = await db.serviceTicket.findUnique({ where: { number: ticketNumber(n) }, include: ticketInclude });
      return row ? viewOf(row) : null;
    },

    /** The client's own ticket; anyone else's reads as missing. */
    async ofClient(clientId: number, id: number): Promise<TicketView> {
      const ticket = await loadView(db, id);
      if (!ticket || ticket.clientId !== clientId) throw new DomainError("ticket_not_found");
      return ticket;
    },

    /** The stage rows of a ticket, oldest first: who moved it, when, with what note. */
    history: (id: number) => db.ticketStage.findMany({ where: { ticketId: id }, orderBy: { id: "asc" } }),
  };
}
