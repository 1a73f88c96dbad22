// Demo data for services (issue 10): tickets of the demo clients at every
// stage — a new appraisal, a repair just accepted with intake photos, a
// resizing in work with its estimate, a cleaning ready for pickup, and two
// handed over (Ольга's, and Светлана's with a low rating and what went
// wrong) — free cleaning from the gold tier, a cleaning day a few days ahead
// with a full time and another booked, two open wishes and a private viewing
// request. Everything goes through the services with a clock walking through
// the past, sending nothing (nobody's chat fills up at start-up: a notice
// returns null, the day's invitations are marked delivered). Each part looks
// for itself first, so a restart adds nothing.
import { addDays, shopDate, startOfShopDay, type CivilDate } from "../core/calendar.ts";
import { fixedClock } from "../core/clock.ts";
import type { Actor } from "../core/audit/audit.ts";
import type { FeedbackProblem } from "../core/feedback/types.ts";
import { createServices, type Services, type ServicesConfig } from "../core/services.ts";
import type { MoveStage, TicketKind } from "../core/tickets/types.ts";
import { cleaningInvite } from "../bot/notices/cleaning.ts";
import { DEMO_PHOTOS } from "./demo-photos.ts";
import { PERSONAS } from "./personas.ts";

type DemoConfig = ServicesConfig & { SHOP_TIMEZONE: string; SHOP_NAME: string };

/** `estimateDay`: the estimated ready day, in days from today (before today for a ticket long handed over). */
interface DemoMove { to: MoveStage; daysAgo: number; note?: string; estimateDay?: number; photos?: string[] }
interface DemoTicket {
  key: string;
  telegramId: number;
  kind: TicketKind;
  description: string;
  daysAgo: number;
  moves: DemoMove[];
  rating?: { stars: number; problem: FeedbackProblem; comment: string };
}

const personaId = (role: string) => PERSONAS.find((p) => p.role === role && p.demo)!.id;
const INTAKE = [DEMO_PHOTOS.intake, DEMO_PHOTOS.stones];

export const DEMO_TICKETS: DemoTicket[] = [
  { key: "demo-ticket-olga", telegramId: personaId("client"), kind: "cleaning", description: "Серьги с сапфирами, белое золото 585 — почистить и проверить закрепку камней", daysAgo: 45,
    moves: [{ to: "accepted", daysAgo: 44, photos: INTAKE }, { to: "in_work", daysAgo: 44 }, { to: "ready", daysAgo: 42 }, { to: "handed_over", daysAgo: 41 }] },
  { key: "demo-ticket-svetlana", telegramId: 5006, kind: "repair", description: "Браслет с аметистом, серебро 925: порвалось звено у замка", daysAgo: 20,
    moves: [{ to: "accepted", daysAgo: 19, photos: INTAKE }, { to: "in_work", daysAgo: 18, estimateDay: -14 }, { to: "ready", daysAgo: 13 }, { to: "handed_over", daysAgo: 12 }],
    rating: { stars: 2, problem: "staff", comment: "Браслет был готов на неделю позже обещанного, никто не предупредил." } },
  { key: "demo-ticket-chen", telegramId: 5001, kind: "cleaning", description: "坦桑石耳环，白金750——清洗、抛光", daysAgo: 9,
    moves: [{ to: "accepted", daysAgo: 8, photos: INTAKE }, { to: "in_work", daysAgo: 6 }, { to: "ready", daysAgo: 1, note: "每天 11:00–20:00 都可以来取。" }] },
  { key: "demo-ticket-irina", telegramId: 5004, kind: "resizing", description: "Кольцо с изумрудом, золото 585 — уменьшить с 17 до 16,5", daysAgo: 6,
    moves: [{ to: "accepted", daysAgo: 5, photos: INTAKE }, { to: "in_work", daysAgo: 3, estimateDay: 2, note: "Камень не снимаем, размер подгоним по мерке." }] },
  { key: "demo-ticket-dmitry", telegramId: 5002, kind: "repair", description: "Часы, золото 750: сам расстёгивается замок браслета", daysAgo: 3,
    moves: [{ to: "accepted", daysAgo: 2, photos: INTAKE }] },
  { key: "demo-ticket-zhang", telegramId: 5003, kind: "appraisal", description: "翡翠手镯——估价，为保险用", daysAgo: 0, moves: [] },
];

export const DEMO_CLEANING = {
  key: "demo-cleaning-day",
  daysAhead: 4,
  announcedDaysAgo: 2,
  /** 11:00 to 17:00, an hour each. */
  slots: [11, 12, 13, 14, 15, 16].map((h) => h * 60),
  capacity: 2,
  note: "Ультразвуковая чистка и полировка — 20–30 минут, пока вы пьёте кофе. Закрепку камней проверим под лупой.",
  /** Who is booked at which hour: 12:00 is full. */
  bookings: [[5002, 12], [5001, 12], [5004, 15]] as [number, number][],
};

const DEMO_WISHES: { telegramId: number; byStaff: boolean; daysAgo: number; stone: string; jewelryKind: string; budget: number; size: string | null; text: string }[] = [
  { telegramId: 5004, byStaff: true, daysAgo: 20, stone: "изумруд", jewelryKind: "earrings", budget: 250_000_00, size: null, text: "Серьги к кольцу с изумрудом, которое купила в прошлом году" },
  { telegramId: 5005, byStaff: false, daysAgo: 4, stone: "танзанит", jewelryKind: "ring", budget: 150_000_00, size: "16", text: "想要一枚简单的坦桑石戒指" },
];

const DEMO_VIEWING = { key: "demo-viewing-dmitry", telegramId: 5002, daysAgo: 1, preferred: "Четверг или пятница после 19:00", wants: "Запонки и часы с сапфирами из новой коллекции" };

/** Seeds what is missing; true when anything was created. */
export async function seedServicesDemo(services: Services, config: DemoConfig): Promise<boolean> {
  const created = [await seedTickets(services, config), await seedCleaningDay(services, config), await seedWishes(services, config), await seedViewing(services, config)];
  return created.some(Boolean);
}

const noNotice = () => null;

/** A time on a shop day `daysAgo` before today, never later than now (a ticket "requested today" at 14:00 seeded at 9:00). */
function pastAt(services: Services, timeZone: string, daysAgo: number, hour: number): Date {
  const now = services.clock.now();
  const at = new Date(startOfShopDay(addDays(shopDate(now, timeZone), -daysAgo), timeZone).getTime() + hour * 3_600_000);
  return at.getTime() < now.getTime() ? at : new Date(now.getTime() - 60_000);
}

async function clientId(services: Services, telegramId: number): Promise<number | null> {
  const client = await services.onboarding.findByTelegramId(telegramId);
  return client?.onboardedAt && !client.forgottenAt ? client.id : null;
}

async function seedTickets(services: Services, config: DemoConfig): Promise<boolean> {
  const owner: Actor = { telegramId: personaId("owner"), role: "owner" };
  const seller: Actor = { telegramId: personaId("staff"), role: "staff" };
  const clock = fixedClock(services.clock.now());
  const past = createServices(services.db, config, clock);
  const today = shopDate(services.clock.now(), config.SHOP_TIMEZONE);
  const dayStart = (d: CivilDate) => startOfShopDay(d, config.SHOP_TIMEZONE);
  let created = false;
  for (const t of DEMO_TICKETS) {
    if (await services.tickets.requestedWith(t.key)) continue;
    const id = await clientId(services, t.telegramId);
    if (id === null) continue;
    // Cleaning is free from the gold tier: set with the first ticket, so an owner's later choice stays.
    if (!created && (await services.loyalty.settings()).freeCleaningTierId === null) await services.loyalty.updateTierSetting(owner, "freeCleaningTierId", "gold");
    created = true;
    clock.set(pastAt(services, config.SHOP_TIMEZONE, t.daysAgo, 12));
    const { ticket } = await past.tickets.request(id, { kind: t.kind, description: t.description, photos: [DEMO_PHOTOS.ring] }, t.key, noNotice);
    for (const m of t.moves) {
      clock.set(pastAt(services, config.SHOP_TIMEZONE, m.daysAgo, 15));
      const estimateReadyAt = m.estimateDay === undefined ? null : dayStart(addDays(today, m.estimateDay));
      await past.tickets.move(seller, ticket.id, m.to, { note: m.note ?? null, photos: m.photos ?? [], estimateReadyAt }, `${t.key}:${m.to}`, noNotice);
      // Every client but Дмитрий (his watch was accepted two days ago) has confirmed the intake photos.
      if (m.to === "accepted" && t.key !== "demo-ticket-dmitry") await past.tickets.confirm(id, ticket.id);
    }
    if (t.rating) {
      clock.set(pastAt(services, config.SHOP_TIMEZONE, t.moves.at(-1)!.daysAgo - 1, 11));
      const { feedbackId } = await past.feedback.rate(id, "ticket", ticket.id, t.rating.stars);
      await past.feedback.problem(id, feedbackId, t.rating.problem);
      await past.feedback.finish(id, feedbackId, t.rating.comment, noNotice);
    }
  }
  return created;
}

/** A day a few days ahead, announced two days ago (its invitations marked delivered), with 12:00 full and 15:00 taken. */
async function seedCleaningDay(services: Services, config: DemoConfig): Promise<boolean> {
  const c = DEMO_CLEANING;
  if (await services.cleaning.announcedWith(c.key)) return false;
  const at = pastAt(services, config.SHOP_TIMEZONE, c.announcedDaysAgo, 10);
  const past = createServices(services.db, config, fixedClock(at));
  const date = addDays(shopDate(services.clock.now(), config.SHOP_TIMEZONE), c.daysAhead);
  const input = { date, slots: c.slots, capacity: c.capacity, note: c.note };
  const { day } = await past.cleaning.announce({ telegramId: personaId("owner"), role: "owner" }, input, c.key, cleaningInvite(config));
  await services.db.outbox.updateMany({ where: { kind: "cleaning_invite", dedupeKey: { startsWith: `cleaning:${day.id}:invite:` }, status: "pending" }, data: { status: "sent", sentAt: at } });
  const slots = await services.db.cleaningSlot.findMany({ where: { dayId: day.id }, orderBy: { startsAt: "asc" } });
  for (const [telegramId, hour] of c.bookings) {
    const id = await clientId(services, telegramId);
    const slot = slots[c.slots.indexOf(hour * 60)];
    if (id !== null && slot) await past.cleaning.book(id, day.id, slot.id);
  }
  return true;
}

/** Ирина's emerald earrings (recorded by the seller) and 刘婷's tanzanite ring (her own). */
async function seedWishes(services: Services, config: DemoConfig): Promise<boolean> {
  let created = false;
  for (const w of DEMO_WISHES) {
    const id = await clientId(services, w.telegramId);
    if (id === null || (await services.db.wish.findFirst({ where: { clientId: id, text: w.text } }))) continue;
    const past = createServices(services.db, config, fixedClock(pastAt(services, config.SHOP_TIMEZONE, w.daysAgo, 13)));
    const actor: Actor = w.byStaff ? { telegramId: personaId("staff"), role: "staff" } : { telegramId: w.telegramId, role: "client" };
    const { telegramId: _id, byStaff: _by, daysAgo: _days, ...input } = w;
    await past.wishes.create(id, input, actor);
    created = true;
  }
  return created;
}

/** Дмитрий asked for a private viewing yesterday; staff have not answered yet. */
async function seedViewing(services: Services, config: DemoConfig): Promise<boolean> {
  const v = DEMO_VIEWING;
  const id = await clientId(services, v.telegramId);
  if (id === null || (await services.viewings.requestedWith(v.key))) return false;
  const past = createServices(services.db, config, fixedClock(pastAt(services, config.SHOP_TIMEZONE, v.daysAgo, 17)));
  await past.viewings.request(id, { preferred: v.preferred, wants: v.wants }, v.key, noNotice);
  return true;
}
