// Benchmark of the morning job on a big shop: 100,000 clients, 1,000,000
// purchases with their cashback points, family dates, ten sellers. The data is
// written straight into SQLite (fast), then a separate process opens it like
// the bot does and runs the real morning job once: birthday bonuses, every
// follow-up rule, and each seller's and owner's list into the outbox. It
// reports the job's time and the process's peak RSS.
// Run: npm run bench:follow-ups  (BENCH_CLIENTS, BENCH_PURCHASES to scale).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { runMorning } from "../bot/jobs.ts";
import { fixedClock } from "../core/clock.ts";
import { openDb, sqlTime } from "../core/db/client.ts";
import { ensureGreetingDays } from "../core/follow-ups/greetings.ts";
import { ensureLoyaltyDefaults } from "../core/loyalty/defaults.ts";
import { createServices } from "../core/services.ts";
import { applyMigrations } from "../test/support/db.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 1_000_000);
const SELLERS = 10;
/** The morning the job runs: 10:00 in Moscow on 24 November 2026. */
const NOW = new Date("2026-11-24T07:00:00Z");
const DAY = 86_400_000;
const iso = (ms: number) => sqlTime(new Date(ms));

async function seed(file: string) {
  applyMigrations(file);
  const setup = await openDb(`file:${file}`);
  await ensureLoyaltyDefaults(setup, "RUB");
  await ensureGreetingDays(setup);
  await setup.$disconnect();

  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = OFF");
  // mulberry32: a small PRNG whose successive draws are independent enough for birthdays and amounts.
  let seed = 7;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const tiers = sqlite.prepare(`SELECT "id" FROM "Tier" ORDER BY "threshold"`).all() as { id: number }[];
  const staff = sqlite.prepare(`INSERT INTO "Staff" ("telegramId", "name", "language", "joinedAt") VALUES (?, ?, ?, ?)`);
  const client = sqlite.prepare(
    `INSERT INTO "Client" ("telegramId", "phone", "givenName", "patronymic", "nameSearch", "language", "birthday", "consentAt", "onboardedAt", "referralCode", "tierId", "managerId", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const family = sqlite.prepare(`INSERT INTO "FamilyDate" ("clientId", "kind", "month", "day") VALUES (?, ?, ?, ?)`);
  const purchase = sqlite.prepare(
    `INSERT INTO "Purchase" ("clientId", "amount", "discount", "paid", "cashbackPoints", "currency", "createdAt") VALUES (?, ?, ?, ?, ?, 'RUB', ?)`,
  );
  const lot = sqlite.prepare(
    `INSERT INTO "PointsEntry" ("clientId", "kind", "amount", "remaining", "expiresAt", "purchaseId", "createdAt") VALUES (?, 'earn', ?, ?, ?, ?, ?)`,
  );
  const started = performance.now();
  sqlite.transaction(() => {
    for (let s = 0; s < SELLERS; s++) staff.run(900_000 + s, `Продавец ${s}`, s % 3 === 0 ? "zh" : "ru", iso(NOW.getTime() - 400 * DAY));
    for (let i = 0; i < CLIENTS; i++) {
      const zh = random() < 0.2;
      const birthday = random() < 0.6 ? iso(Date.UTC(1950 + Math.floor(random() * 55), Math.floor(random() * 12), 1 + Math.floor(random() * 28))) : null;
      const female = random() < 0.6;
      const created = iso(NOW.getTime() - Math.floor(random() * 1100) * DAY);
      client.run(
        random() < 0.8 ? 10_000_000 + i : null,
        `+7901${String(i).padStart(7, "0")}`,
        zh ? "芳" : female ? "Анна" : "Иван",
        zh ? null : female ? "Ивановна" : "Петрович",
        zh ? "芳" : female ? "анна ивановна" : "иван петрович",
        zh ? "zh" : "ru",
        birthday,
        created,
        created,
        `bench${i}`,
        pick(tiers).id,
        random() < 0.05 ? 1 + Math.floor(random() * SELLERS) : null,
        created,
        created,
      );
      if (random() < 0.1) family.run(i + 1, pick(["anniversary", "spouse_birthday", "child_birthday"] as const), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
    }
    for (let p = 1; p <= PURCHASES; p++) {
      // Some clients buy often, most rarely: a square makes the spread uneven, as in a real shop.
      const clientId = 1 + Math.floor(random() ** 2 * CLIENTS);
      const at = NOW.getTime() - Math.floor(random() * 1095) * DAY - Math.floor(random() * DAY);
      const amount = (3_000 + Math.floor(random() * 150_000)) * 100;
      const discount = Math.floor(amount * 0.05);
      const cashback = Math.floor(((amount - discount) * 0.03) / 100);
      purchase.run(clientId, amount, discount, amount - discount, cashback, iso(at));
      const expires = at + 365 * DAY;
      lot.run(clientId, cashback, expires > NOW.getTime() && random() < 0.7 ? cashback : 0, iso(expires), p, iso(at));
    }
  })();
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.exec("ANALYZE");
  sqlite.close();
  return performance.now() - started;
}

async function measure(file: string) {
  const db = await openDb(`file:${file}`);
  const config = {
    OWNER_IDS: [1],
    SHOP_NAME: "Аметист",
    SHOP_CURRENCY: "RUB" as const,
    SHOP_TIMEZONE: "Europe/Moscow",
    STAFF_INVITE_HOURS: 24,
    DIGEST_TIME: "10:00",
  };
  const clock = fixedClock(NOW);
  const services = createServices(db, config, clock);
  const morning = async () => {
    const started = performance.now();
    const result = await runMorning({ services, config, languageOf: () => Promise.resolve("ru") });
    const { birthdays, pushed } = result;
    const scheduled = Object.values(result.scheduled).reduce((a, b) => a + b, 0);
    return { seconds: +((performance.now() - started) / 1000).toFixed(2), birthdayBonuses: birthdays, reasonsScheduled: scheduled, listsPushed: pushed, byRule: result.scheduled };
  };
  // Day one: a shop that brought three years of history in; every rule finds its backlog at once.
  const dayOne = await morning();
  const dueOnDayOne = (await services.followUps.list({ kind: "all" })).total;
  // The same morning again (a restart, a second cron tick): nothing new.
  const again = await morning();
  // The next morning: that day's birthdays and expiries, yesterday's list still open.
  clock.advance(DAY);
  const nextDay = await morning();
  await db.$disconnect();
  console.log(JSON.stringify({ dayOne: { ...dayOne, clientsDue: dueOnDayOne }, sameMorningAgain: again, nextMorning: nextDay, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

const [mode, file] = process.argv.slice(2);
if (mode === "--measure" && file) {
  await measure(file);
} else {
  const dir = mkdtempSync(join(tmpdir(), "shop-bench-followups-"));
  const db = join(dir, "bench.db");
  const seedMs = await seed(db);
  if (process.env.BENCH_KEEP) copyFileSync(db, `${db}.seeded`);
  // A fresh process, as the bot would be, so the peak RSS is the morning job's and not the seeding's.
  const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--measure", db], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(child.stderr);
  const measured = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
  console.log(JSON.stringify({ clients: CLIENTS, purchases: PURCHASES, sellers: SELLERS, seedSeconds: +(seedMs / 1000).toFixed(1), ...measured }, null, 2));
  if (process.env.BENCH_KEEP) console.log(`database kept: ${db} (and as seeded: ${db}.seeded)`);
  else rmSync(dir, { recursive: true, force: true });
}
