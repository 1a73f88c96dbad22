// A client asks for a private viewing: their preferred dates and times and
// what they want to see. Staff on duty and the owners are told at once,
// through the outbox, in the transaction that records the request. One open
// request at a time: a second would only split staff's attention.
import { audit } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { mayRequest, validateText } from "./access.ts";
import { loadView, noticesFor, onDuty } from "./notices.ts";
import type { ViewingNotify, ViewingRequest, ViewingView } from "./types.ts";

type Reader = Db | Prisma.TransactionClient;

const keyTag = (key: string) => `"key":${JSON.stringify(key)}`;

/** The request a confirm key recorded, if any (a double tap, a tap after a restart). */
export async function requestedWith(db: Reader, key: string): Promise<ViewingView | null> {
  const entry = await db.auditLog.findFirst({ where: { action: "viewing.requested", details: { contains: keyTag(key) } } });
  if (!entry?.entityId) return null;
  return loadView(db, Number(entry.entityId));
}

/** A live viewing: asked and not answered, or confirmed and still to come. */
export const openWhere = (now: Date) => ({
  OR: [{ status: { in: ["requested", "proposed"] } }, { status: "confirmed", at: { gt: now } }],
});

export async function requestViewing(
  db: Db,
  clock: Clock,
  outbox: Outbox,
  ownerIds: readonly number[],
  clientId: number,
  input: ViewingRequest,
  key: string,
  notify: ViewingNotify,
): Promise<{ viewing: ViewingView; created: boolean }> {
  const fields = { preferred: validateText(input.preferred), wants: validateText(input.wants) };
  if (!(await mayRequest(db, clientId))) throw new DomainError("viewing_not_allowed");
  const now = clock.now();
  return db.$transaction(async (tx) => {
    const before = await requestedWith(tx, key);
    if (before) return { viewing: before, created: false };
    if (await tx.viewing.findFirst({ where: { clientId, ...openWhere(now) }, select: { id: true } })) throw new DomainError("viewing_open_exists");
    const { id } = await tx.viewing.create({ data: { clientId, ...fields, createdAt: now, updatedAt: now } });
    const viewing = (await loadView(tx, id))!;
    const telegramId = viewing.client.telegramId;
    await audit(tx, { telegramId, role: "client" }, { action: "viewing.requested", entity: "viewing", entityId: id, details: { key } });
    await outbox.enqueueMany(tx, noticesFor("request", viewing, await onDuty(tx, ownerIds), notify, "request"));
    return { viewing, created: true };
  });
}
