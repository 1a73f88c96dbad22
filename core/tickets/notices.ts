// Who is told about a ticket, and the outbox rows that tell them: staff on
// duty and owners of a new request and of a "not mine"; the client of every
// move. Each row's dedupe key names the change (the stage row's id), so a
// retried transaction queues nothing twice and a reopened ticket moved again
// is told again.
import { RECIPIENT_SELECT } from "../clients/recipient.ts";
import type { Db, Prisma } from "../db/client.ts";
import type { Notice } from "../outbox/outbox.ts";
import type { TicketNotice, TicketNotify, TicketRecipient, TicketView } from "./types.ts";

type Tx = Prisma.TransactionClient;
type Reader = Db | Tx;

export const ticketInclude = {
  client: { select: { ...RECIPIENT_SELECT, phone: true } },
  photos: { select: { fileId: true, purpose: true }, orderBy: { id: "asc" } },
} as const;

type Row = Prisma.ServiceTicketGetPayload<{ include: typeof ticketInclude }>;

export function viewOf(row: Row): TicketView {
  const { photos, createdByTelegramId: _by, ...rest } = row;
  return {
    ...rest,
    kind: row.kind as TicketView["kind"],
    stage: row.stage as TicketView["stage"],
    client: { ...row.client, telegramId: row.client.telegramId === null ? null : Number(row.client.telegramId) },
    requestPhotos: photos.filter((p) => p.purpose === "request").map((p) => p.fileId),
    intakePhotos: photos.filter((p) => p.purpose === "intake").map((p) => p.fileId),
  };
}

export async function loadView(tx: Reader, id: number): Promise<TicketView | null> {
  const row = await tx.serviceTicket.findUnique({ where: { id }, include: ticketInclude });
  return row ? viewOf(row) : null;
}

/** The client, when they can be reached in the bot. */
export const clientRecipient = (v: TicketView): TicketRecipient | null =>
  v.client.telegramId === null ? null : { chatId: v.client.telegramId, clientId: v.clientId, language: v.client.language };

/** Staff on duty and every owner (owners carry no language: the bot knows theirs from the chat). */
export async function onDuty(tx: Tx, ownerIds: readonly number[], also: number[] = []): Promise<TicketRecipient[]> {
  const staff = await tx.staff.findMany({
    where: { active: true, OR: [{ onDuty: true }, { telegramId: { in: also.map(BigInt) } }] },
    select: { telegramId: true, language: true },
  });
  const people: TicketRecipient[] = staff.map((s) => ({ chatId: Number(s.telegramId), clientId: null, language: s.language }));
  for (const id of ownerIds) if (!people.some((p) => p.chatId === id)) people.push({ chatId: id, clientId: null, language: null });
  return people;
}

/** One row per recipient the bot has words for; `tag` makes the dedupe key unique to the change. */
export function noticesFor(notice: TicketNotice, v: TicketView, to: TicketRecipient[], notify: TicketNotify, tag: string): Notice[] {
  return to.flatMap((r) => {
    const message = notify(notice, v, r);
    return message ? [{ chatId: r.chatId, clientId: r.clientId, kind: `ticket_${notice.kind}`, message, dedupeKey: `ticket:${v.id}:${tag}:${r.chatId}` }] : [];
  });
}

/**
 * The client's notices of a move: the stage (with staff's photo, if any), then
 * the intake photos at intake (the last asking whether it is their item) and
 * at "ready" and "handed over" (so they recognise it at pickup).
 */
export function clientStageNotices(v: TicketView, stage: Extract<TicketNotice, { kind: "stage" }>, notify: TicketNotify, tag: string): Notice[] {
  const client = clientRecipient(v);
  if (!client) return [];
  const notices = noticesFor(stage, v, [client], notify, tag);
  const showPhotos = stage.stage === "accepted" || stage.stage === "ready" || stage.stage === "handed_over";
  if (!showPhotos) return notices;
  const total = v.intakePhotos.length;
  v.intakePhotos.forEach((photo, i) => {
    const notice = { kind: "photo" as const, photo, index: i + 1, total, confirm: stage.stage === "accepted" && i === total - 1 };
    notices.push(...noticesFor(notice, v, [client], notify, `${tag}:photo${i + 1}`));
  });
  return notices;
}
