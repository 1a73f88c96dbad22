// Writes a staged purchases file with its points, a range of clients per
// transaction: their purchases already in the database and the file's new ones
// are read in date order, each new one gets the cashback of the tier reached by
// then (import-points.ts) and is written with its item and its lot in the same
// transaction. So an interrupted run leaves whole clients done, and importing
// the file again adds the rest (the idempotency keys skip what is there).
import { createReplay, type ReplayRules } from "./import-points.ts";
import { PURCHASE_KEY_SQL } from "./import-stage.ts";
import { telegramIdOf, transact, type WriteContext, type WriteCounts } from "./import-write.ts";

interface Merged {
  clientId: number;
  at: string;
  isNew: 0 | 1;
  counted: number;
  key: string | null;
  description: string | null;
  stone: string | null;
  metal: string | null;
}

// A client's purchases in the database (through the covering index on clientId, createdAt…) and the
// file's rows not imported yet, in one order: by time, those already there first on a tie. Both sides
// come in (clientId, time) order from their indexes, so SQLite merges them instead of sorting.
const MERGED = `
    SELECT p.clientId, p.createdAt AS at, 0 AS isNew, p.id AS ord,
           CASE WHEN p.status = 'refunded' THEN 0 ELSE p.paid - p.refundedAmount END AS counted,
           NULL AS key, NULL AS description, NULL AS stone, NULL AS metal
    FROM main.Purchase p
    WHERE p.clientId BETWEEN @lo AND @hi AND p.clientId IN (SELECT clientId FROM stage_purchase WHERE clientId BETWEEN @lo AND @hi AND bad = 0)
    UNION ALL
    SELECT s.clientId, s.at, 1, s.line, s.amount, ${PURCHASE_KEY_SQL("s")}, s.description, s.stone, s.metal
    FROM stage_purchase s
    WHERE s.clientId BETWEEN @lo AND @hi AND s.bad = 0
      AND NOT EXISTS (SELECT 1 FROM main.Purchase p WHERE p.idempotencyKey = ${PURCHASE_KEY_SQL("s")})
  ORDER BY 1, 2, 3, 4`;

/** Ranges of client ids holding about `rows` staged rows each (one client is never split). */
function clientRanges(ctx: WriteContext): { lo: number; hi: number; rows: number }[] {
  const ranges: { lo: number; hi: number; rows: number }[] = [];
  let current: { lo: number; hi: number; rows: number } | null = null;
  const counts = ctx.sqlite.prepare("SELECT clientId, count(*) AS n FROM stage_purchase WHERE bad = 0 GROUP BY clientId ORDER BY clientId");
  for (const { clientId, n } of counts.iterate() as Iterable<{ clientId: number; n: number }>) {
    if (!current || current.rows >= ctx.chunkRows) ranges.push((current = { lo: clientId, hi: clientId, rows: 0 }));
    current.hi = clientId;
    current.rows += n;
  }
  return ranges;
}

export async function writePurchases(ctx: WriteContext, rules: ReplayRules): Promise<WriteCounts> {
  const { sqlite } = ctx;
  const actor = telegramIdOf(ctx.actorTelegramId);
  // The stage in write order, with every column a chunk reads: a chunk is then one sequential stretch of
  // this index rather than rows scattered over the whole stage (which outgrows its cache).
  sqlite.exec(`CREATE INDEX IF NOT EXISTS stage.stage_purchase_write
    ON stage_purchase (bad, clientId, at, line, amount, hkey, occ, description, stone, metal)`);
  const merged = sqlite.prepare(MERGED);
  const insertPurchase = sqlite.prepare(`INSERT INTO main.Purchase (clientId, staffTelegramId, amount, discount, redeemedPoints, paid,
    cashbackPoints, currency, status, refundedAmount, cashbackReversed, pointsReturned, idempotencyKey, createdAt)
    VALUES (?, NULL, ?, 0, 0, ?, ?, ?, 'completed', 0, 0, 0, ?, ?)`);
  const insertItem = sqlite.prepare("INSERT INTO main.PurchaseItem (purchaseId, description, stone, metal) VALUES (?, ?, ?, ?)");
  const insertLot = sqlite.prepare(`INSERT INTO main.PointsEntry (clientId, kind, amount, remaining, expiresAt, purchaseId, actorTelegramId, createdAt)
    VALUES (?, 'earn', ?, ?, ?, ?, ?, ?)`);
  // As expirePoints writes it, dated when the lot ran out rather than today.
  const insertExpiry = sqlite.prepare("INSERT INTO main.PointsEntry (clientId, kind, amount, remaining, reason, createdAt) VALUES (?, 'expire', ?, 0, ?, ?)");
  const replay = createReplay(rules);

  const writeRange = sqlite.transaction((lo: number, hi: number) => {
    let created = 0;
    let client = -1;
    for (const r of merged.all({ lo, hi }) as Merged[]) {
      if (r.clientId !== client) {
        client = r.clientId;
        replay.start();
      }
      if (!r.isNew) {
        replay.counted(r.at, r.counted);
        continue;
      }
      const e = replay.earn(r.at, r.counted);
      const id = insertPurchase.run(r.clientId, r.counted, r.counted, e.cashback, ctx.currency, r.key, r.at).lastInsertRowid;
      insertItem.run(id, r.description ?? r.stone ?? "—", r.stone, r.metal);
      if (e.cashback > 0) {
        const lot = insertLot.run(r.clientId, e.cashback, e.expired ? 0 : e.cashback, e.expiresAt, id, actor, r.at).lastInsertRowid;
        if (e.expired) insertExpiry.run(r.clientId, -e.cashback, `lot:${lot}`, e.expiresAt);
      }
      created++;
    }
    return created;
  });

  const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  let done = 0;
  for (const range of clientRanges(ctx)) {
    const created = await transact(() => writeRange.immediate(range.lo, range.hi));
    counts.created += created;
    counts.unchanged += range.rows - created;
    done += range.rows;
    await ctx.chunkDone(done);
  }
  return counts;
}
