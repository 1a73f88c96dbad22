// Spending points: the lots that expire first are used first (FIFO), so a
// client never loses points that could have been spent.
import { audit, type Actor } from "../audit/audit.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError, points } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import { creditPoints, pointsBalance } from "./points.ts";
import { getSettings } from "./settings.ts";

type Tx = Prisma.TransactionClient;
export type DebitKind = "redeem" | "reversal" | "adjust" | "expire";

/** Takes `points` from the live lots, soonest-expiring first; returns how many were taken. */
export async function consumePoints(tx: Tx, clientId: number, points: number, now: Date): Promise<number> {
  if (points <= 0) return 0;
  const lots = await tx.pointsEntry.findMany({
    where: { clientId, remaining: { gt: 0 }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
  });
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(left, lot.remaining);
    await tx.pointsEntry.update({ where: { id: lot.id }, data: { remaining: lot.remaining - take } });
    left -= take;
  }
  return points - left;
}

/** Writes a debit entry after consuming the lots it covers. */
export async function debitPoints(
  tx: Tx,
  actor: Actor,
  input: { clientId: number; kind: DebitKind; points: number; now: Date; purchaseId?: number; reason?: string },
): Promise<number> {
  const taken = await consumePoints(tx, input.clientId, input.points, input.now);
  if (taken === 0) return 0;
  await tx.pointsEntry.create({
    data: {
      clientId: input.clientId,
      kind: input.kind,
      amount: -taken,
      purchaseId: input.purchaseId ?? null,
      reason: input.reason ?? null,
      actorTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId),
      createdAt: input.now,
    },
  });
  return taken;
}

/** An owner's correction, up or down, with a mandatory reason; never below zero. */
export async function adjustPoints(db: Db, actor: Actor, clientId: number, delta: number, reason: string, now: Date) {
  const why = meaningfulText(reason) ?? "";
  if (why.length < 3 || why.length > 500) throw new DomainError("reason_required");
  if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > 1_000_000) throw new DomainError("points_invalid");
  return db.$transaction(async (tx) => {
    const client = await tx.client.findUnique({ where: { id: clientId } });
    if (!client || client.forgottenAt) throw new DomainError("client_not_found");
    const balance = await pointsBalance(tx, clientId, now);
    if (delta > 0) {
      const { pointsLifetimeMonths } = await getSettings(tx);
      await creditPoints(tx, actor, { clientId, kind: "adjust", amount: delta, now, lifetimeMonths: pointsLifetimeMonths, reason: why });
    } else {
      if (balance < -delta) throw new DomainError("points_insufficient", { balance: points(balance) });
      await debitPoints(tx, actor, { clientId, kind: "adjust", points: -delta, now, reason: why });
      await audit(tx, actor, { action: "points.adjust", entity: "client", entityId: clientId, details: { amount: delta, reason: why } });
    }
    return { before: balance, after: balance + delta };
  });
}

/** Marks lots past their date as expired (the balance already ignores them). */
export async function expirePoints(db: Db, now: Date): Promise<{ lots: number; points: number }> {
  return db.$transaction(async (tx) => {
    const lots = await tx.pointsEntry.findMany({ where: { remaining: { gt: 0 }, expiresAt: { lte: now } } });
    for (const lot of lots) {
      await tx.pointsEntry.update({ where: { id: lot.id }, data: { remaining: 0 } });
      await tx.pointsEntry.create({
        data: { clientId: lot.clientId, kind: "expire", amount: -lot.remaining, reason: `lot:${lot.id}`, createdAt: now },
      });
    }
    return { lots: lots.length, points: lots.reduce((s, l) => s + l.remaining, 0) };
  });
}
