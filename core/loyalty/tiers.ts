// Tiers follow the total a client has spent (over a rolling period, or for
// life when the settings say so).
import { addMonths } from "../clock.ts";
import { audit, auditMany, SYSTEM, type Actor } from "../audit/audit.ts";
import { Prisma, sqlTime, type Db } from "../db/client.ts";

type Reader = Db | Prisma.TransactionClient;

export async function listTiers(db: Reader) {
  return db.tier.findMany({ orderBy: { threshold: "asc" } });
}

/** Money actually paid, less refunds, in minor units. */
export async function totalSpent(db: Reader, clientId: number, now: Date, periodMonths: number | null): Promise<number> {
  const result = await db.purchase.aggregate({
    where: { clientId, ...(periodMonths ? { createdAt: { gte: addMonths(now, -periodMonths) } } : {}) },
    _sum: { paid: true, refundedAmount: true },
  });
  return (result._sum.paid ?? 0) - (result._sum.refundedAmount ?? 0);
}

/** The highest tier whose threshold the total reaches, and the next one up. */
export function tierFor<T extends { threshold: number }>(tiers: T[], total: number): { current: T | null; next: T | null } {
  let current: T | null = null;
  let next: T | null = null;
  for (const tier of tiers) {
    if (total >= tier.threshold) current = tier;
    else if (!next) next = tier;
  }
  return { current, next };
}

export type TierRow = Awaited<ReturnType<typeof listTiers>>[number];

/** Puts the client on the tier their total now reaches (up after a purchase, down after a return). */
export async function recomputeTier(
  tx: Prisma.TransactionClient,
  actor: Actor,
  client: { id: number; tierId: number | null },
  now: Date,
  periodMonths: number | null,
  tiers?: TierRow[],
): Promise<TierRow | null> {
  const all = tiers ?? (await listTiers(tx));
  const clientId = client.id;
  const { current } = tierFor(all, await totalSpent(tx, clientId, now, periodMonths));
  const target = current ?? all[0] ?? null;
  if (target && target.id !== client.tierId) {
    await tx.client.update({ where: { id: clientId }, data: { tierId: target.id } });
    const from = all.find((t) => t.id === client.tierId)?.code ?? null;
    await audit(tx, actor, { action: "tier.changed", entity: "client", entityId: clientId, details: { from, to: target.code } });
  }
  return target;
}

/**
 * With tiers over a rolling period, time alone moves a client down: spending
 * that leaves the window stops counting. Run at night: every client whose
 * spending inside the window no longer reaches their tier is put on the tier it
 * does reach, in one pass, each move audit-logged. Moves up happen at purchase.
 */
export async function dropExpiredTiers(db: Db, now: Date): Promise<number> {
  const { tierPeriodMonths } = await db.loyaltySettings.findUniqueOrThrow({ where: { id: 1 } });
  if (!tierPeriodMonths) return 0;
  const since = sqlTime(addMonths(now, -tierPeriodMonths));
  return db.$transaction(async (tx) => {
    const tiers = await listTiers(tx);
    const spent = await tx.$queryRaw<{ id: number | bigint; tierId: number | bigint; spent: number | bigint }[]>(Prisma.sql`
      SELECT "id", "tierId", "spent" FROM (
        SELECT c."id", c."tierId", t."threshold",
               COALESCE((SELECT SUM(p."paid" - p."refundedAmount") FROM "Purchase" p WHERE p."clientId" = c."id" AND p."createdAt" >= ${since}), 0) AS "spent"
        FROM "Client" c JOIN "Tier" t ON t."id" = c."tierId"
        WHERE c."forgottenAt" IS NULL AND t."threshold" > 0
      ) WHERE "spent" < "threshold"`);
    const byTier = new Map<number, number[]>();
    const moves: { clientId: number; from: string | null; to: string }[] = [];
    for (const row of spent) {
      const target = tierFor(tiers, Number(row.spent)).current ?? tiers[0];
      if (!target || target.id === Number(row.tierId)) continue;
      byTier.set(target.id, [...(byTier.get(target.id) ?? []), Number(row.id)]);
      moves.push({ clientId: Number(row.id), from: tiers.find((t) => t.id === Number(row.tierId))?.code ?? null, to: target.code });
    }
    for (const [tierId, ids] of byTier) await tx.client.updateMany({ where: { id: { in: ids } }, data: { tierId } });
    await auditMany(tx, SYSTEM, moves.map((m) => ({ action: "tier.changed", entity: "client", entityId: m.clientId, details: { from: m.from, to: m.to, why: "period" } })));
    return moves.length;
  });
}
