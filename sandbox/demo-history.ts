// Three years of a small shop's history in the sandbox, so the owner's
// /report has something to draw: revenue in every month, every step of the
// client ladder, a Pareto curve and an ABC×XYZ matrix worth reading. The shop
// arrives the way a real one would, as a clients file and a purchases file
// from its old till (sandbox/spreadsheets.ts, with the few steady buyers of
// steady-clients.ts), through the owner's own importer: check → save → claim
// → run, which also gives the clients their cards, points and tiers as of
// each purchase's date. Then what no spreadsheet carries: who brought whom
// (so "advocate" is not empty), a seller of their own for the history's
// clients (so the demo seller's call list keeps the demo's stories on its
// first page instead of a hundred imported regulars gone quiet), and this
// month's calls by the demo seller (so "follow-ups per staff" shows him).
// Seeded once: each file is skipped when its DataImport row is done.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Actor } from "../core/audit/audit.ts";
import { isoDate, shopDate, startOfShopDay } from "../core/calendar.ts";
import { DAY_MS, fixedClock } from "../core/clock.ts";
import { createDataImport } from "../core/data/import.ts";
import type { ImportKind } from "../core/data/rows.ts";
import { Prisma } from "../core/db/client.ts";
import type { Outcome } from "../core/follow-ups/reasons.ts";
import { createServices, type Services, type ServicesConfig } from "../core/services.ts";
import { PERSONAS } from "./personas.ts";
import { HISTORY_SHOP } from "./samples.ts";
import { writeShopSpreadsheets } from "./spreadsheets.ts";
import { appendSteadyClients } from "./steady-clients.ts";

type HistoryConfig = ServicesConfig & { SHOP_TIMEZONE: string };

/** The DataImport rows' file names: their "done" marks the history as seeded. */
export const HISTORY_FILES: Record<ImportKind, string> = { clients: "demo-history-clients.csv", purchases: "demo-history-purchases.csv" };
/** The seller who looks after the history's clients: staff, but no persona of the page. */
export const HISTORY_MANAGER = { telegramId: 2002, name: "Марина (демо)" } as const;
/** Imported clients who brought a friend, each friend one of the history's later clients. */
const REFERRERS = 8;
/** This month's calls by the demo seller: most got through, a few clients said no. */
const CALLS: Outcome[] = ["reached", "reached", "not_interested", "reached", "reached", "reached", "not_interested", "reached"];
const CALL_NOTES = ["Поздравили, ждёт новую коллекцию.", null, "Пока не планирует покупок.", "Интересуется серьгами с сапфиром."];

/** Seeds what is missing; true when anything was created. */
export async function seedHistoryDemo(services: Services, config: HistoryConfig): Promise<boolean> {
  const { db } = services;
  const done = await db.dataImport.findMany({ where: { fileName: { in: Object.values(HISTORY_FILES) }, status: "done" }, select: { fileName: true } });
  if (done.length === 2) return false;
  const seller = PERSONAS.find((p) => p.role === "staff" && p.demo)!;
  const owner = PERSONAS.find((p) => p.role === "owner")!;
  const now = services.clock.now();
  const dir = await mkdtemp(join(tmpdir(), "shop-history-"));
  try {
    // The till's export ends yesterday: a row dated today would be recorded at noon, maybe after now.
    const yesterday = new Date(now.getTime() - DAY_MS);
    const files = await writeShopSpreadsheets(dir, { ...HISTORY_SHOP, now: yesterday });
    await appendSteadyClients(files, yesterday, HISTORY_SHOP.years * 12);
    const importer = createDataImport(db, services.clock, { timeZone: config.SHOP_TIMEZONE, region: services.phoneRegion, currency: config.SHOP_CURRENCY });
    for (const [kind, path] of [["clients", files.clientsFile], ["purchases", files.purchasesFile]] as const) {
      if (done.some((d) => d.fileName === HISTORY_FILES[kind])) continue;
      const checked = await importer.check({ path }, HISTORY_FILES[kind]);
      if ("fileProblem" in checked) throw new Error(`demo history ${kind}: ${checked.fileProblem.problem}`);
      if (checked.problemCount > 0) throw new Error(`demo history ${kind}: ${JSON.stringify(checked.problems.slice(0, 3))}`);
      const id = await importer.save(checked, { fileName: HISTORY_FILES[kind], actorTelegramId: owner.id });
      await importer.claim(id, "all_or_nothing");
      const run = await importer.run(id, { path });
      if (run.status !== "done") throw new Error(`demo history ${kind}: ${run.status} ${run.error ?? ""}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  await addReferrals(services);
  await assignManager(services, { telegramId: owner.id, role: "owner" });
  await addSellerCalls(services, config, { telegramId: seller.id, role: "staff" });
  return true;
}

/** The history's clients, in file order (the importer creates them in it); the bot's own clients have other phones. */
const historyClients = (services: Services) =>
  services.db.client.findMany({
    where: { source: "import", OR: [{ phone: { startsWith: "+7900000" } }, { phone: { startsWith: "+861380000" } }] },
    orderBy: { id: "asc" },
    select: { id: true, referredById: true, _count: { select: { purchases: true } } },
  });

/**
 * A spreadsheet has no "who brought whom", so a few of the best clients
 * (low numbers buy most) are given a friend among the later ones, set here
 * directly: the bot records a referral when a friend joins by link, which
 * imported clients never did. The ladder's "advocate" needs exactly this.
 */
async function addReferrals(services: Services) {
  const clients = (await historyClients(services)).filter((c) => c._count.purchases > 0);
  if (clients.some((c) => c.referredById !== null)) return;
  for (let k = 0; k < REFERRERS && k * 7 + 150 < clients.length; k++) {
    const referrer = clients[k * 3 + 1]!;
    const friend = clients[k * 7 + 150]!;
    await services.db.client.update({ where: { id: friend.id }, data: { referredById: referrer.id } });
  }
}

/**
 * The morning puts many of the history's clients on the call list (regulars
 * gone quiet, the best clients, points about to expire): a real shop's list
 * after an import. Given to a seller of their own, they stay in hers and the
 * owner's lists, and the demo seller's list (his clients and the pool) keeps
 * the demo's five stories.
 */
async function assignManager(services: Services, owner: Actor) {
  if ((await services.staff.roleOf(HISTORY_MANAGER.telegramId)) !== "staff") {
    const { token } = await services.staff.createInvite(owner);
    await services.staff.redeemInvite(token, { telegramId: HISTORY_MANAGER.telegramId, name: HISTORY_MANAGER.name, language: "ru" });
  }
  // Off duty: the demo's service requests and viewings are the demo seller's to hear about.
  const manager = await services.db.staff.update({ where: { telegramId: BigInt(HISTORY_MANAGER.telegramId) }, data: { onDuty: false } });
  const ids = (await historyClients(services)).map((c) => c.id);
  await services.db.client.updateMany({ where: { id: { in: ids } }, data: { managerId: manager.id } });
}

/**
 * The demo seller called some of the best imported clients this month. Each
 * call answers a "best client" reason, written with the morning rule's own
 * dedupe key (so this morning does not list them again), and is logged
 * through the follow-up service with the clock at the call: a done follow-up
 * by him, a contact on the client's file.
 */
async function addSellerCalls(services: Services, config: HistoryConfig, seller: Actor) {
  const { db } = services;
  const tz = config.SHOP_TIMEZONE;
  const now = services.clock.now();
  const today = shopDate(now, tz);
  const monthStart = startOfShopDay({ ...today, day: 1 }, tz);
  const best = await db.$queryRaw<{ id: number | bigint; revenue: number | bigint }[]>(Prisma.sql`
    SELECT p."clientId" AS id, SUM(p."paid") AS revenue FROM "Purchase" p JOIN "Client" c ON c."id" = p."clientId"
    WHERE c."source" = 'import' AND (c."phone" LIKE '+7900000%' OR c."phone" LIKE '+861380000%')
    GROUP BY p."clientId" ORDER BY revenue DESC, p."clientId" LIMIT ${CALLS.length}`);
  const clock = fixedClock(monthStart);
  const past = createServices(db, config, clock);
  for (const [i, row] of best.entries()) {
    // Spread over the month so far (today's calls a little before now).
    const at = new Date(monthStart.getTime() + ((now.getTime() - monthStart.getTime()) * (i + 1)) / (best.length + 1));
    const clientId = Number(row.id);
    await db.followUp.create({
      data: {
        clientId,
        reason: "best_client",
        context: JSON.stringify({ revenue: Number(row.revenue) }),
        dueAt: startOfShopDay(shopDate(at, tz), tz),
        dedupeKey: `best:${clientId}:${isoDate(today).slice(0, 7)}`,
        createdAt: at,
      },
    });
    clock.set(at);
    await past.followUps.log(seller, clientId, { outcome: CALLS[i]!, note: CALL_NOTES[i % CALL_NOTES.length] });
  }
}
