// The points ledger. Every credit is a lot with `remaining` and `expiresAt`;
// the balance is what remains in lots that have not expired.
import { addMonths, DAY_MS } from "../clock.ts";
import type { Db, Prisma } from "../db/client.ts";
import { audit, type Actor } from "../audit/audit.ts";

export type CreditKind = "earn" | "welcome" | "birthday" | "referral" | "event" | "adjust" | "refund";

/** Every kind of ledger entry: credits (above) and debits (ledger.ts DebitKind). */
export const POINTS_ENTRY_KINDS = ["earn", "welcome", "birthday", "referral", "event", "adjust", "refund", "redeem", "reversal", "expire"] as const;
export type PointsEntryKind = (typeof POINTS_ENTRY_KINDS)[number];
export const isPointsEntryKind = (s: string): s is PointsEntryKind => (POINTS_ENTRY_KINDS as readonly string[]).includes(s);

export interface ExpiringLot {
  amount: number;
  expiresAt: Date;
}

export async function pointsBalance(db: Db | Prisma.TransactionClient, clientId: number, now: Date): Promise<number> {
  const result = await db.pointsEntry.aggregate({
    where: { clientId, remaining: { gt: 0 }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    _sum: { remaining: true },
  });
  return result._sum.remaining ?? 0;
}

/** Lots that expire within `days`, soonest first, summed per day. */
export async function expiringSoon(db: Db, clientId: number, now: Date, days = 30): Promise<ExpiringLot[]> {
  return (await pointsSummary(db, clientId, now, days)).expiring;
}

/** The balance and what expires soon, from one read of the live lots (the /card hot path). */
export async function pointsSummary(db: Db, clientId: number, now: Date, days = 30): Promise<{ balance: number; expiring: ExpiringLot[] }> {
  const lots = await db.pointsEntry.findMany({
    where: { clientId, remaining: { gt: 0 }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    select: { remaining: true, expiresAt: true },
  });
  const horizon = now.getTime() + days * DAY_MS;
  const byDay = new Map<string, ExpiringLot>();
  let balance = 0;
  for (const lot of lots) {
    balance += lot.remaining;
    if (!lot.expiresAt || lot.expiresAt.getTime() > horizon) continue;
    const key = lot.expiresAt.toISOString().slice(0, 10);
    const entry = byDay.get(key) ?? { amount: 0, expiresAt: lot.expiresAt };
    entry.amount += lot.remaining;
    byDay.set(key, entry);
  }
  return { balance, expiring: [...byDay.values()] };
}

/** Credits a lot of points that lives `lifetimeMonths`, with its audit entry. */
export async function creditPoints(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: { clientId: number; kind: CreditKind; amount: number; now: Date; lifetimeMonths: number; reason?: string; purchaseId?: number },
  /** A purchase's cashback is covered by the purchase's own audit entry. */
  opts: { audited?: boolean } = {},
): Promise<void> {
  if (input.amount <= 0) return;
  const entry = await tx.pointsEntry.create({
    data: {
      clientId: input.clientId,
      kind: input.kind,
      amount: input.amount,
      remaining: input.amount,
      expiresAt: addMonths(input.now, input.lifetimeMonths),
      reason: input.reason ?? null,
      purchaseId: input.purchaseId ?? null,
      actorTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId),
      createdAt: input.now,
    },
  });
  if (opts.audited === false) return;
  await audit(tx, actor, {
    action: `points.${input.kind}`,
    entity: "client",
    entityId: input.clientId,
    details: { entryId: entry.id, amount: input.amount, reason: input.reason },
  });
}
