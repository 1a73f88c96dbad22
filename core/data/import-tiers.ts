// After imported history, each client it touched is put on the tier their
// spending reaches today, by the rule recomputeTier applies after a purchase
// (core/loyalty/tiers.ts), but for all of them in one query; every move is
// audit-logged as "tier.changed" with why "import".
import { addMonths } from "../clock.ts";
import { sqlTime } from "../db/client.ts";
import { tierFor, type TierRow } from "../loyalty/tiers.ts";
import { telegramIdOf, transact, type WriteContext } from "./import-write.ts";

interface Spent {
  id: number;
  tierId: number | null;
  spent: number;
}

/** Returns how many clients moved. */
export async function recomputeImportedTiers(ctx: WriteContext, tiers: TierRow[], tierPeriodMonths: number | null): Promise<number> {
  const { sqlite, now } = ctx;
  // Lifetime tiers count everything: every stored time sorts after "".
  const since = tierPeriodMonths ? sqlTime(addMonths(ctx.nowDate, -tierPeriodMonths)) : "";
  const spent = sqlite.prepare(`
    SELECT c.id, c.tierId, coalesce((SELECT sum(p.paid - p.refundedAmount) FROM main.Purchase p
      WHERE p.clientId = c.id AND p.createdAt >= ? AND p.status <> 'refunded'), 0) AS spent
    FROM main.Client c WHERE c.id IN (SELECT clientId FROM stage_purchase WHERE bad = 0)`);
  const moves: { id: number; from: string | null; to: TierRow }[] = [];
  for (const row of spent.iterate(since) as Iterable<Spent>) {
    const target = tierFor(tiers, row.spent).current ?? tiers[0];
    if (target && target.id !== row.tierId) moves.push({ id: row.id, from: tiers.find((t) => t.id === row.tierId)?.code ?? null, to: target });
  }
  const move = sqlite.prepare("UPDATE main.Client SET tierId = ?, updatedAt = ? WHERE id = ?");
  const audit = sqlite.prepare(`INSERT INTO main.AuditLog (actorTelegramId, actorRole, action, entity, entityId, details, createdAt)
    VALUES (?, ?, 'tier.changed', 'client', ?, ?, ?)`);
  const actor = telegramIdOf(ctx.actorTelegramId);
  const role = actor === null ? "system" : "owner";
  const writeMoves = sqlite.transaction((batch: typeof moves) => {
    for (const m of batch) {
      move.run(m.to.id, now, m.id);
      audit.run(actor, role, String(m.id), JSON.stringify({ from: m.from, to: m.to.code, why: "import" }), now);
    }
  });
  for (let i = 0; i < moves.length; i += ctx.chunkRows) {
    await transact(() => writeMoves.immediate(moves.slice(i, i + ctx.chunkRows)));
    await ctx.chunkDone(Math.min(i + ctx.chunkRows, moves.length));
  }
  return moves.length;
}
