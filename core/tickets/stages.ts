// Staff move a ticket through its stages, forward only: each move is one
// conditional update on the stage it was read in (two sellers tapping at once:
// one wins, the other is told it already moved), a TicketStage row with the
// note, photo and estimate, and the client's notice, in one transaction. A
// cancel needs a reason. Only an owner steps a ticket back ("reopen"), and
// that is audit-logged like every move.
import { audit, type Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { clientRecipient, clientStageNotices, loadView, noticesFor } from "./notices.ts";
import { recordedWith } from "./request.ts";
import { STAGE_ORDER, type ForwardStage, type MoveDetails, type MoveStage, type TicketNotify, type TicketStageName, type TicketView } from "./types.ts";
import { validateNote, validatePhotos, validateReason } from "./validate.ts";

type Tx = Prisma.TransactionClient;

export interface Moved {
  ticket: TicketView;
  /** False when the key had already recorded this move (a double tap). */
  changed: boolean;
}

const isClosed = (stage: TicketStageName) => stage === "handed_over" || stage === "cancelled";
const telegramIdOf = (actor: Actor) => (actor.telegramId === null ? null : BigInt(actor.telegramId));

/** The ticket as it stands, refused when it cannot move to `to` (closed, the same stage, or back). */
async function current(tx: Tx, id: number, to: TicketStageName): Promise<TicketView> {
  const ticket = await loadView(tx, id);
  if (!ticket) throw new DomainError("ticket_not_found");
  if (ticket.stage === to) throw new DomainError("ticket_stage_same");
  if (isClosed(ticket.stage)) throw new DomainError("ticket_closed");
  if (to !== "cancelled" && STAGE_ORDER.indexOf(to) < STAGE_ORDER.indexOf(ticket.stage)) throw new DomainError("ticket_stage_backwards");
  return ticket;
}

/** Sets the stage only if nobody moved it meanwhile. */
async function claim(tx: Tx, ticket: TicketView, data: Prisma.ServiceTicketUpdateManyMutationInput): Promise<void> {
  const { count } = await tx.serviceTicket.updateMany({ where: { id: ticket.id, stage: ticket.stage }, data });
  if (count === 0) throw new DomainError("ticket_changed");
}

export function createTicketStages(db: Db, clock: Clock, outbox: Outbox) {
  /** One move forward with what staff added; `key` (the move button's) makes a repeated tap return the same move. */
  async function move(actor: Actor, id: number, to: MoveStage, details: MoveDetails, key: string, notify: TicketNotify): Promise<Moved> {
    const note = validateNote(details.note);
    const photos = validatePhotos(details.photos ?? [], false);
    const estimate = details.estimateReadyAt ?? null;
    const now = clock.now();
    // An estimate is a shop day (its midnight): today's passes, yesterday's does not.
    if (estimate && estimate.getTime() < now.getTime() - 86_400_000) throw new DomainError("ticket_estimate_past");
    return db.$transaction(async (tx) => {
      const before = await recordedWith(tx, "ticket.moved", key);
      if (before) return { ticket: before, changed: false };
      const ticket = await current(tx, id, to);
      await claim(tx, ticket, {
        stage: to,
        updatedAt: now,
        ...(estimate ? { estimateReadyAt: estimate } : {}),
        ...(to === "handed_over" ? { handedOverAt: now } : {}),
      });
      const purpose = to === "accepted" ? "intake" : to === "handed_over" ? "pickup" : "stage";
      if (photos.length) await tx.ticketPhoto.createMany({ data: photos.map((fileId) => ({ ticketId: id, fileId, purpose, addedByClient: false, createdAt: now })) });
      const row = await tx.ticketStage.create({
        data: { ticketId: id, stage: to, note, photoFileId: photos[0] ?? null, estimateReadyAt: estimate, actorTelegramId: telegramIdOf(actor), createdAt: now },
      });
      await audit(tx, actor, { action: "ticket.moved", entity: "ticket", entityId: id, details: { key, from: ticket.stage, to } });
      const moved = (await loadView(tx, id))!;
      // At intake every photo is shown with the "is this yours?" question; at other stages staff's photo goes with the notice.
      const photo = to === "accepted" ? null : (photos[0] ?? null);
      await outbox.enqueueMany(tx, clientStageNotices(moved, { kind: "stage", stage: to, note, estimateReadyAt: estimate, photo }, notify, `s${row.id}`));
      return { ticket: moved, changed: true };
    });
  }

  /** Cancels an open ticket with the reason the client will read. */
  async function cancel(actor: Actor, id: number, reasonText: string, notify: TicketNotify): Promise<TicketView> {
    const reason = validateReason(reasonText);
    const now = clock.now();
    return db.$transaction(async (tx) => {
      const ticket = await current(tx, id, "cancelled");
      await claim(tx, ticket, { stage: "cancelled", cancelReason: reason, updatedAt: now });
      const row = await tx.ticketStage.create({ data: { ticketId: id, stage: "cancelled", note: reason, actorTelegramId: telegramIdOf(actor), createdAt: now } });
      await audit(tx, actor, { action: "ticket.cancelled", entity: "ticket", entityId: id, details: { from: ticket.stage, reason } });
      const cancelled = (await loadView(tx, id))!;
      const stage = { kind: "stage" as const, stage: "cancelled" as const, note: reason, estimateReadyAt: null, photo: null };
      await outbox.enqueueMany(tx, clientStageNotices(cancelled, stage, notify, `s${row.id}`));
      return cancelled;
    });
  }

  /** An owner's correction: one stage back, or out of "cancelled" to where it was. */
  async function reopen(actor: Actor, id: number, notify: TicketNotify): Promise<TicketView> {
    if (actor.role !== "owner") throw new DomainError("ticket_reopen_owner_only");
    const now = clock.now();
    return db.$transaction(async (tx) => {
      const ticket = await loadView(tx, id);
      if (!ticket) throw new DomainError("ticket_not_found");
      const to = await previousStage(tx, ticket);
      await claim(tx, ticket, {
        stage: to,
        updatedAt: now,
        ...(ticket.stage === "cancelled" ? { cancelReason: null } : {}),
        ...(ticket.stage === "handed_over" ? { handedOverAt: null } : {}),
      });
      const row = await tx.ticketStage.create({ data: { ticketId: id, stage: to, actorTelegramId: telegramIdOf(actor), createdAt: now } });
      await audit(tx, actor, { action: "ticket.reopened", entity: "ticket", entityId: id, details: { from: ticket.stage, to } });
      const reopened = (await loadView(tx, id))!;
      const client = clientRecipient(reopened);
      if (client) await outbox.enqueueMany(tx, noticesFor({ kind: "reopened" }, reopened, [client], notify, `s${row.id}`));
      return reopened;
    });
  }

  return { move, cancel, reopen };
}

/** Where a reopen leads: the stage before this one, or for a cancelled ticket the stage it was cancelled in. */
async function previousStage(tx: Tx, ticket: TicketView): Promise<ForwardStage> {
  if (ticket.stage === "cancelled") {
    const before = await tx.ticketStage.findFirst({ where: { ticketId: ticket.id, stage: { not: "cancelled" } }, orderBy: { id: "desc" }, select: { stage: true } });
    return (before?.stage as ForwardStage | undefined) ?? "new";
  }
  const i = STAGE_ORDER.indexOf(ticket.stage);
  if (i <= 0) throw new DomainError("ticket_not_reopenable");
  return STAGE_ORDER[i - 1]!;
}
