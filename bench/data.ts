// Benchmark of a shop moving in from spreadsheets, then asking for its report:
// 100,000 clients and 1,000,000 purchases over three years, written as a
// Russian Excel saves them (sandbox/spreadsheets.ts), imported through the real
// importer (dry run, then the write with points and tiers rebuilt as of the
// purchases' dates), then the owner's full report for the year — every metric
// and the four chart images. Each step runs in a fresh process, as the bot or
// `npm run import` would, so its time and peak RSS are its own.
// Run: npm run bench:data  (BENCH_CLIENTS, BENCH_PURCHASES to scale; BENCH_KEEP=1 keeps the files).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { formatter, translator } from "../bot/i18n.ts";
import { chartLabels } from "../bot/reports/labels.ts";
import { renderCharts } from "../bot/reports/charts.ts";
import { fixedClock } from "../core/clock.ts";
import { createDataImport } from "../core/data/import.ts";
import { IMPORT_KINDS, type ImportKind } from "../core/data/rows.ts";
import { openDb } from "../core/db/client.ts";
import { ensureGreetingDays } from "../core/follow-ups/greetings.ts";
import { ensureLoyaltyDefaults } from "../core/loyalty/defaults.ts";
import { createReports } from "../core/reports/reports.ts";
import { writeShopSpreadsheets } from "../sandbox/spreadsheets.ts";
import { applyMigrations } from "../test/support/db.ts";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 1_000_000);
/** 12:00 in Moscow on 24 November 2026. */
const NOW = new Date("2026-11-24T09:00:00Z");
const TIME_ZONE = "Europe/Moscow";
const seconds = (since: number) => +((performance.now() - since) / 1000).toFixed(2);
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** One import in this process: the dry run, then the write, as `npm run import -- <kind> <file> --commit` does. */
async function importStep(dbFile: string, kind: ImportKind, file: string) {
  const db = await openDb(`file:${dbFile}`);
  const data = createDataImport(db, fixedClock(NOW), { timeZone: TIME_ZONE, region: "RU", currency: "RUB" });
  let started = performance.now();
  const check = await data.check({ path: file }, file, { kind });
  if ("fileProblem" in check) throw new Error(`file refused: ${JSON.stringify(check)}`);
  const checkSeconds = seconds(started);
  started = performance.now();
  const id = await data.save(check, { fileName: file, actorTelegramId: null });
  if (!(await data.claim(id, "all_or_nothing"))) throw new Error("could not claim the import");
  const result = await data.run(id, { path: file });
  const runSeconds = seconds(started);
  await db.$disconnect();
  return { rows: check.total, problems: check.problemCount, checkSeconds, runSeconds, totalSeconds: +(checkSeconds + runSeconds).toFixed(2), result, peakRssMiB: peakRssMiB() };
}

/** The owner's /report for this year: the metrics, then the four charts in Russian; first in a fresh process, then again. */
async function reportStep(dbFile: string) {
  const db = await openDb(`file:${dbFile}`);
  const reports = createReports(db, fixedClock(NOW), TIME_ZONE);
  const logger = pino({ level: "silent" });
  const labels = chartLabels({ t: translator("ru"), fmt: formatter("ru", "RUB", TIME_ZONE), lang: "ru" });
  let started = performance.now();
  const report = await reports.build(reports.year());
  const metricsSeconds = seconds(started);
  started = performance.now();
  const charts = await renderCharts(report, labels, (name, err) => logger.error({ err, name }, "chart failed"));
  const chartsSeconds = seconds(started);
  // The same report again: what an owner waits once the bot has been running (modules loaded, code warm).
  started = performance.now();
  const again = await reports.build(reports.year());
  const againMetricsSeconds = seconds(started);
  started = performance.now();
  await renderCharts(again, labels, (name, err) => logger.error({ err, name }, "chart failed"));
  const againChartsSeconds = seconds(started);
  await db.$disconnect();
  return {
    metricsSeconds,
    chartsSeconds,
    totalSeconds: +(metricsSeconds + chartsSeconds).toFixed(2),
    again: { metricsSeconds: againMetricsSeconds, chartsSeconds: againChartsSeconds, totalSeconds: +(againMetricsSeconds + againChartsSeconds).toFixed(2) },
    charts: charts.map((c) => `${c.name} ${Math.round(c.png.length / 1024)} KiB`),
    figures: { revenue: report.revenue, purchases: report.purchases, buyers: report.buyers, ladder: report.ladder, top20Share: report.byTotal.revenueShare, crr: report.retention.crr },
    peakRssMiB: peakRssMiB(),
  };
}

function child(...args: string[]): Record<string, unknown> {
  const run = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${args.join(" ")} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

const [mode, dbFile, kind, file] = process.argv.slice(2);
if (mode === "--import" && dbFile && file && (IMPORT_KINDS as readonly string[]).includes(kind ?? "")) {
  console.log(JSON.stringify(await importStep(dbFile, kind as ImportKind, file)));
} else if (mode === "--report" && dbFile) {
  console.log(JSON.stringify(await reportStep(dbFile)));
} else {
  const dir = mkdtempSync(join(tmpdir(), "shop-bench-data-"));
  const db = join(dir, "bench.db");
  const started = performance.now();
  const files = await writeShopSpreadsheets(dir, { clients: CLIENTS, purchases: PURCHASES, now: NOW, years: 3 });
  const writeSeconds = seconds(started);
  applyMigrations(db);
  const setup = await openDb(`file:${db}`);
  await ensureLoyaltyDefaults(setup, "RUB");
  await ensureGreetingDays(setup);
  await setup.$disconnect();
  const mib = (f: string) => +(statSync(f).size / 1024 / 1024).toFixed(1);
  const clients = child("--import", db, "clients", files.clientsFile);
  const purchases = child("--import", db, "purchases", files.purchasesFile);
  const report = child("--report", db);
  console.log(
    JSON.stringify(
      {
        clients: CLIENTS,
        purchases: PURCHASES,
        files: { writeSeconds, clientsMiB: mib(files.clientsFile), purchasesMiB: mib(files.purchasesFile), databaseMiB: mib(db) },
        importClients: clients,
        importPurchases: purchases,
        report,
      },
      null,
      2,
    ),
  );
  if (process.env.BENCH_KEEP) console.log(`kept: ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
