// Tiers follow the total a client has spent (over a rolling period, or for
// life when the settings say so).
import { addMonths } from "../clock.ts";
import { audit, type Actor } from "../audit/audit.ts";
import type { Db, Prisma } from "../db/client.ts";

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
