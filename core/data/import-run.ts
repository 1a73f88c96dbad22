// The writing half of a run, once its rows are staged and checked again: all
// or nothing refuses a file with any bad row; otherwise clients, or purchases
// with their points and then the tiers of the clients they touched.
import { sqlTime } from "../db/client.ts";
import type { TierRow } from "../loyalty/tiers.ts";
import { writeClients } from "./import-clients.ts";
import { writePurchases } from "./import-purchases.ts";
import type { Staged } from "./import-read.ts";
import { recomputeImportedTiers } from "./import-tiers.ts";
import { yieldToBot, type ImportPhase, type WriteContext, type WriteCounts } from "./import-write.ts";
import type { Sqlite } from "./sqlite.ts";

export interface RunPlan {
  mode: string | null;
  now: Date;
  actorTelegramId: number | null;
  currency: string;
  chunkRows: number;
  settings: { tierPeriodMonths: number | null; pointsLifetimeMonths: number };
  tiers: TierRow[];
  progress(phase: ImportPhase, done: number, total: number): Promise<void>;
}

export type RunOutcome =
  | { error: "has_problems" }
  | { counts: WriteCounts; moved: number; rows: { totalRows: number; validRows: number; badRows: number } };

export async function writeStaged(sqlite: Sqlite, staged: Staged, plan: RunPlan): Promise<RunOutcome> {
  if (plan.mode === "all_or_nothing" && staged.problems.count > 0) return { error: "has_problems" };
  const ctx = (phase: "writing" | "points", total: number): WriteContext => ({
    sqlite,
    now: sqlTime(plan.now),
    nowDate: plan.now,
    actorTelegramId: plan.actorTelegramId,
    currency: plan.currency,
    chunkRows: plan.chunkRows,
    chunkDone: async (done) => {
      await yieldToBot();
      await plan.progress(phase, done, total);
    },
  });
  // The rows as this run found them: a client created since the check turns a row good.
  const rows = { totalRows: staged.total, validRows: staged.valid, badRows: staged.total - staged.valid };
  if (staged.kind === "clients") return { counts: await writeClients(ctx("writing", staged.valid)), moved: 0, rows };
  const { tierPeriodMonths, pointsLifetimeMonths } = plan.settings;
  const counts = await writePurchases(ctx("writing", staged.valid), { tiers: plan.tiers, tierPeriodMonths, pointsLifetimeMonths, now: plan.now });
  const clients = staged.purchases?.clients ?? 0;
  await plan.progress("points", 0, clients);
  return { counts, moved: await recomputeImportedTiers(ctx("points", clients), plan.tiers, tierPeriodMonths), rows };
}
