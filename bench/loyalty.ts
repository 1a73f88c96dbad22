// Benchmark of the loyalty engine through the core services, on a real SQLite
// file in WAL mode: purchases logged per second (each one a transaction with
// discount, points, cashback, tier and follow-ups), then the /card read
// (getCardView) latency. Run: npm run bench:loyalty  (BENCH_CLIENTS, BENCH_PURCHASES to scale).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { openDb } from "../core/db/client.ts";
import { ensureLoyaltyDefaults } from "../core/loyalty/defaults.ts";
import { generateCardNumber } from "../core/loyalty/card-number.ts";
import { createServices } from "../core/services.ts";
import { applyMigrations } from "../test/support/db.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20_000);
const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 100_000);
const CARD_READS = Number(process.env.BENCH_CARD_READS ?? 5_000);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const dir = mkdtempSync(join(tmpdir(), "shop-bench-"));
const file = join(dir, "bench.db");
applyMigrations(file);
const db = await openDb(`file:${file}`);
await ensureLoyaltyDefaults(db, "RUB");
const services = createServices(db, { OWNER_IDS: [], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 });

// Clients as onboarding leaves them: consent, phone, name, tier, card.
const entry = await db.tier.findFirstOrThrow({ orderBy: { threshold: "asc" } });
const seedStart = performance.now();
for (let i = 0; i < CLIENTS; i += 1000) {
  await db.$transaction(async (tx) => {
    for (let j = i; j < Math.min(i + 1000, CLIENTS); j++) {
      const c = await tx.client.create({
        data: {
          telegramId: BigInt(1_000_000 + j),
          phone: `+7900${String(j).padStart(7, "0")}`,
          givenName: `Клиент${j}`,
          nameSearch: `клиент${j}`,
          referralCode: `bench${j}`,
          consentAt: new Date(),
          onboardedAt: new Date(),
          tierId: entry.id,
        },
      });
      await tx.card.create({ data: { clientId: c.id, number: `${generateCardNumber().slice(0, 5)}${String(j).padStart(7, "0")}` } });
    }
  }, { timeout: 120_000 });
}
const seedMs = performance.now() - seedStart;
const ids = (await db.client.findMany({ select: { id: true, telegramId: true } })).map((c) => ({ id: c.id, tg: Number(c.telegramId) }));

let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const seller = { telegramId: 1, role: "staff" as const };
const purchaseStart = performance.now();
for (let i = 0; i < PURCHASES; i++) {
  const client = ids[Math.floor(random() * ids.length)]!;
  const amount = (5_000 + Math.floor(random() * 200_000)) * 100;
  await services.purchases.log(
    { clientId: client.id, amount, items: [{ description: "Кольцо", stone: "сапфир", metal: "золото 585" }], redeem: 0, idempotencyKey: `b${i}` },
    seller,
  );
}
const purchaseMs = performance.now() - purchaseStart;

const latencies: number[] = [];
for (let i = 0; i < CARD_READS; i++) {
  const client = ids[Math.floor(random() * ids.length)]!;
  const t0 = performance.now();
  await services.cards.view(client.tg);
  latencies.push(performance.now() - t0);
}
latencies.sort((a, b) => a - b);

const result = {
  clients: CLIENTS,
  purchases: PURCHASES,
  seedSeconds: +(seedMs / 1000).toFixed(1),
  purchasesPerSecond: Math.round(PURCHASES / (purchaseMs / 1000)),
  cardReadMs: { p50: +percentile(latencies, 50).toFixed(2), p99: +percentile(latencies, 99).toFixed(2), samples: CARD_READS },
  rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
};
console.log(JSON.stringify(result, null, 2));
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
