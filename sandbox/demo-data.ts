// Demo data for the sandbox: a regular client with a history, clients created
// at the counter and imported, a seller, and clients due for a call today for
// different reasons, so the seller's /due has a real list; then the clients,
// the event and the news of demo-broadcasts.ts, and the tickets, cleaning day,
// wishes and viewing of demo-services.ts, and the shop's three years of
// imported history of demo-history.ts (for /report). Tagged "demo", in the
// sandbox's own database file, and seeded once. Everything goes through the
// core services with a clock that walks through the past: the follow-up
// rules, not this file, put the clients on the list.
import { addDays, shopDate } from "../core/calendar.ts";
import { addMonths, DAY_MS, fixedClock } from "../core/clock.ts";
import type { Actor } from "../core/audit/audit.ts";
import type { Services } from "../core/services.ts";
import { createServices, type ServicesConfig } from "../core/services.ts";
import { seedBroadcastDemo } from "./demo-broadcasts.ts";
import { seedHistoryDemo } from "./demo-history.ts";
import { seedServicesDemo } from "./demo-services.ts";
import { PERSONAS } from "./personas.ts";

const persona = (role: string, demo = true) => PERSONAS.find((p) => p.role === role && p.demo === demo)!;
const ddmmyyyy = (d: { year: number; month: number; day: number }) => `${String(d.day).padStart(2, "0")}.${String(d.month).padStart(2, "0")}.${d.year}`;

type DemoConfig = ServicesConfig & { SHOP_TIMEZONE: string; SHOP_NAME: string };

/** Seeds what is missing; true when anything was created. */
export async function seedDemo(services: Services, config: DemoConfig) {
  const base = await seedBase(services, config);
  const broadcasts = await seedBroadcastDemo(services, config);
  // Services after the clients of demo-broadcasts.ts: the tickets are theirs.
  const serviceDemo = await seedServicesDemo(services, config);
  // The imported history last: its clients come after the demo's own in the seller's list (ordered by id).
  const history = await seedHistoryDemo(services, config);
  return base || broadcasts || serviceDemo || history;
}

async function seedBase(services: Services, config: DemoConfig) {
  const { db } = services;
  if (await db.client.findFirst({ where: { tags: "demo" } })) return false;
  const owner = persona("owner");
  const seller = persona("staff");
  const regular = persona("client");
  const ownerActor: Actor = { telegramId: owner.id, role: "owner" };
  const sellerActor: Actor = { telegramId: seller.id, role: "staff" };
  const now = services.clock.now();
  const settings = await services.loyalty.settings();

  if ((await services.staff.roleOf(seller.id)) !== "staff") {
    const { token } = await services.staff.createInvite(ownerActor);
    await services.staff.redeemInvite(token, { telegramId: seller.id, name: `${seller.first_name} (демо)`, language: "ru" });
  }

  // History is written "in the past" with a clock that walks forward.
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);
  const clock = fixedClock(daysAgo(400));
  const past = createServices(db, config, clock);
  await past.onboarding.giveConsent(regular.id, "ru");
  await past.onboarding.setPhone(regular.id, regular.phone, true);
  await past.onboarding.setName(regular.id, "Ольга Сергеевна");
  const { client: olga } = await past.onboarding.finish(regular.id, "12.04.1985");
  await db.client.update({ where: { id: olga.id }, data: { tags: "demo", preferredStones: "сапфир, танзанит", preferredMetals: "белое золото", ringSize: "17" } });
  await db.familyDate.create({ data: { clientId: olga.id, kind: "anniversary", label: "свадьба", month: 6, day: 21 } });

  const counter = async (phone: string, name: string) => (await past.clients.createAtCounter(sellerActor, { phone, name })).client;
  const maria = await counter("+79035551234", "Мария Петровна");
  const lina = await counter("+8613912345678", "李娜");
  const katya = await counter("+79037771122", "Екатерина Андреевна");
  const natalia = await counter("+79265554433", "Наталья Викторовна");
  await db.client.updateMany({ where: { id: { in: [maria.id, lina.id, katya.id, natalia.id] } }, data: { tags: "demo" } });
  await db.client.update({ where: { id: lina.id }, data: { source: "import", language: "zh" } });

  // Due today, each for its own rule: Екатерина's birthday is `datesLeadDays` ahead;
  // Наталья bought `followUpFirstDays` ago ("is the jewelry all right?"); Мария,
  // a regular, last bought a month past the quiet period; 李娜's cashback
  // expires within the points lead; Ольга is the best client, not called this month.
  const birthday = addDays(shopDate(now, config.SHOP_TIMEZONE), settings.datesLeadDays);
  await past.profile.setBirthday(sellerActor, katya.id, ddmmyyyy({ ...birthday, year: 1992 }));
  await past.profile.setContactTime(sellerActor, katya.id, "evening");
  await past.profile.setPreference(sellerActor, katya.id, "stones", "изумруд");
  const afterPurchase = daysAgo(settings.followUpFirstDays);
  const quiet = addMonths(now, -(settings.quietMonths + 1));
  const expiring = new Date(addMonths(now, -settings.pointsLifetimeMonths).getTime() + Math.max(1, settings.pointsExpiryLeadDays - 4) * DAY_MS);

  const purchases: [Date, number, number, string, string, string][] = [
    [daysAgo(400), olga.id, 48_000_00, "Серьги", "сапфир", "белое золото 585"],
    [daysAgo(370), maria.id, 23_500_00, "Цепочка", "", "золото 585"],
    [expiring, lina.id, 12_800_00, "Подвеска", "жемчуг", "серебро 925"],
    [daysAgo(280), olga.id, 96_000_00, "Кольцо", "танзанит", "белое золото 750"],
    [quiet, maria.id, 61_000_00, "Браслет", "гранат", "золото 585"],
    [daysAgo(150), katya.id, 58_000_00, "Кольцо", "изумруд", "золото 585"],
    [daysAgo(70), olga.id, 35_000_00, "Браслет", "бриллиант", "белое золото 585"],
    [afterPurchase, natalia.id, 42_000_00, "Серьги-пусеты", "бриллиант", "белое золото 585"],
  ];
  // The seller called after each past purchase (both follow-ups), so only today's reasons are open.
  const notes = ["Всё понравилось, носит каждый день.", null, "Спрашивала о новой коллекции.", null];
  const events: { at: Date; run: () => Promise<unknown> }[] = [];
  purchases.forEach(([at, clientId, amount, description, stone, metal], i) => {
    events.push({ at, run: () => past.purchases.log({ clientId, amount, items: [{ description, stone, metal }], redeem: 0, idempotencyKey: `demo-${clientId}-${i}` }, sellerActor) });
    [settings.followUpFirstDays, settings.followUpSecondDays].forEach((days, j) => {
      const call = new Date(at.getTime() + days * DAY_MS);
      if (call.getTime() < daysAgo(1).getTime()) {
        events.push({ at: call, run: () => past.followUps.log(sellerActor, clientId, { outcome: "reached", note: notes[(i + j) % notes.length] }) });
      }
    });
  });
  events.push({ at: daysAgo(60), run: () => past.clients.addNote(olga.id, seller.id, "Демо: любит необычные камни, звонить после 18:00.") });
  for (const { at, run } of events.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    clock.set(at);
    await run();
  }
  return true;
}
