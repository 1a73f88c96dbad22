// A client asks for a service: the kind, the item in their words, photos. The
// ticket gets a number anyone can read aloud ("0042": its id, padded, so two
// requests at once can never share one), is marked free when it is a cleaning
// and the client's tier reaches the one the owner set, and staff on duty and
// the owners are told at once, in the transaction that records it.
import { audit } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { loadView, noticesFor, onDuty } from "./notices.ts";
import type { TicketKind, TicketNotify, TicketRequest, TicketView } from "./types.ts";
import { validateDescription, validateKind, validatePhotos } from "./validate.ts";

type Reader = Db | Prisma.TransactionClient;

export const ticketNumber = (id: number) => String(id).padStart(4, "0");

const keyTag = (key: string) => `"key":${JSON.stringify(key)}`;

/** The ticket an audit entry with this confirm key recorded (a double tap, a tap after a restart). */
export async function recordedWith(db: Reader, action: "ticket.requested" | "ticket.moved", key: string): Promise<TicketView | null> {
  const entry = await db.auditLog.findFirst({ where: { action, details: { contains: keyTag(key) } } });
  return entry?.entityId ? loadView(db, Number(entry.entityId)) : null;
}

/** Cleaning is free from the tier the owner set (by threshold; a client without a tier is on the lowest); null = never. */
export async function isFree(db: Reader, clientId: number, kind: TicketKind): Promise<boolean> {
  if (kind !== "cleaning") return false;
  const settings = await db.loyaltySettings.findUnique({ where: { id: 1 }, select: { freeCleaningTierId: true } });
  if (!settings?.freeCleaningTierId) return false;
  const [min, client] = await Promise.all([
    db.tier.findUnique({ where: { id: settings.freeCleaningTierId }, select: { threshold: true } }),
    db.client.findUnique({ where: { id: clientId }, select: { tier: { select: { threshold: true } } } }),
  ]);
  return min !== null && (client?.tier?.threshold ?? 0) >= min.threshold;
}

export async function requestTicket(
  db: Db,
  clock: Clock,
  outbox: Outbox,
  ownerIds: readonly number[],
  clientId: number,
  input: TicketRequest,
  key: string,
  notify: TicketNotify,
): Promise<{ ticket: TicketView; created: boolean }> {
  const kind = validateKind(input.kind);
  const description = validateDescription(input.description);
  const photos = validatePhotos(input.photos, true);
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const before = await recordedWith(tx, "ticket.requested", key);
    if (before) return { ticket: before, created: false };
    const client = await tx.client.findUnique({ where: { id: clientId }, select: { telegramId: true, onboardedAt: true, forgottenAt: true } });
    if (!client?.onboardedAt || client.forgottenAt) throw new DomainError("onboarding_required");
    const free = await isFree(tx, clientId, kind);
    // A placeholder unique to this request until the id is known.
    const { id } = await tx.serviceTicket.create({ data: { number: `new:${key}`, clientId, kind, description, free, createdAt: now, updatedAt: now } });
    await tx.serviceTicket.update({ where: { id }, data: { number: ticketNumber(id) } });
    await tx.ticketPhoto.createMany({ data: photos.map((fileId) => ({ ticketId: id, fileId, purpose: "request", addedByClient: true, createdAt: now })) });
    await tx.ticketStage.create({ data: { ticketId: id, stage: "new", createdAt: now } });
    const telegramId = client.telegramId === null ? null : Number(client.telegramId);
    await audit(tx, { telegramId, role: "client" }, { action: "ticket.requested", entity: "ticket", entityId: id, details: { key, kind, free } });
    const ticket = (await loadView(tx, id))!;
    await outbox.enqueueMany(tx, noticesFor({ kind: "request" }, ticket, await onDuty(tx, ownerIds), notify, "request"));
    return { ticket, created: true };
  });
}
