// Who is told about a viewing, and the outbox rows that tell them: staff on
// duty and owners of a new request; the client of a time confirmed or
// proposed; the staff member who handled it of the client's answer.
import { RECIPIENT_SELECT } from "../clients/recipient.ts";
import type { Db, Prisma } from "../db/client.ts";
import type { Notice } from "../outbox/outbox.ts";
import type { ViewingNoticeKind, ViewingNotify, ViewingRecipient, ViewingView } from "./types.ts";

type Tx = Prisma.TransactionClient;
type Reader = Db | Tx;

export const viewingInclude = {
  client: { select: { ...RECIPIENT_SELECT, phone: true } },
} as const;

type Row = Prisma.ViewingGetPayload<{ include: typeof viewingInclude }>;

export const viewOf = (row: Row): ViewingView => ({
  ...row,
  status: row.status as ViewingView["status"],
  client: { ...row.client, telegramId: row.client.telegramId === null ? null : Number(row.client.telegramId) },
});

export async function loadView(tx: Reader, id: number): Promise<ViewingView | null> {
  const row = await tx.viewing.findUnique({ where: { id }, include: viewingInclude });
  return row ? viewOf(row) : null;
}

/** The client, when they can be reached in the bot. */
export const clientRecipient = (v: ViewingView): ViewingRecipient | null =>
  v.client.telegramId === null ? null : { chatId: v.client.telegramId, clientId: v.clientId, language: v.client.language };

/** A staff member or an owner by Telegram id: staff carry their language, owners none (the bot knows it). */
export async function staffRecipient(tx: Tx, telegramId: number): Promise<ViewingRecipient> {
  const member = await tx.staff.findFirst({ where: { telegramId: BigInt(telegramId), active: true }, select: { language: true } });
  return { chatId: telegramId, clientId: null, language: member?.language ?? null };
}

/** Staff on duty and every owner. */
export async function onDuty(tx: Tx, ownerIds: readonly number[]): Promise<ViewingRecipient[]> {
  const staff = await tx.staff.findMany({ where: { active: true, onDuty: true }, select: { telegramId: true, language: true } });
  const people: ViewingRecipient[] = staff.map((s) => ({ chatId: Number(s.telegramId), clientId: null, language: s.language }));
  for (const id of ownerIds) if (!people.some((p) => p.chatId === id)) people.push({ chatId: id, clientId: null, language: null });
  return people;
}

/** One notice per recipient the bot has words for; `tag` makes the dedupe key (one per change). */
export function noticesFor(kind: ViewingNoticeKind, v: ViewingView, to: ViewingRecipient[], notify: ViewingNotify, tag: string): Notice[] {
  return to.flatMap((r) => {
    const message = notify(kind, v, r);
    return message ? [{ chatId: r.chatId, clientId: r.clientId, kind: `viewing_${kind}`, message, dedupeKey: `viewing:${v.id}:${tag}:${r.chatId}` }] : [];
  });
}
