// Demo data for the sandbox: a regular client with a history, clients created
// at the counter and imported, a seller. Tagged "demo", in the sandbox's own
// database file, and seeded once.
import { fixedClock } from "../core/clock.ts";
import type { Actor } from "../core/audit/audit.ts";
import type { Services } from "../core/services.ts";
import { createServices } from "../core/services.ts";
import { PERSONAS } from "./personas.ts";

const DAY = 86_400_000;
const persona = (role: string, demo = true) => PERSONAS.find((p) => p.role === role && p.demo === demo)!;

export async function seedDemo(services: Services, config: { OWNER_IDS: number[]; SHOP_CURRENCY: "RUB" | "CNY"; STAFF_INVITE_HOURS: number }) {
  const { db } = services;
  if (await db.client.findFirst({ where: { tags: "demo" } })) return false;
  const owner = persona("owner");
  const seller = persona("staff");
  const regular = persona("client");
  const ownerActor: Actor = { telegramId: owner.id, role: "owner" };
  const sellerActor: Actor = { telegramId: seller.id, role: "staff" };

  if ((await services.staff.roleOf(seller.id)) !== "staff") {
    const { token } = await services.staff.createInvite(ownerActor);
    await services.staff.redeemInvite(token, { telegramId: seller.id, name: `${seller.first_name} (демо)`, language: "ru" });
  }

  // History is written "in the past" with a clock that walks forward.
  const clock = fixedClock(new Date(Date.now() - 400 * DAY));
  const past = createServices(db, config, clock);
  await past.onboarding.giveConsent(regular.id, "ru");
  await past.onboarding.setPhone(regular.id, regular.phone, true);
  await past.onboarding.setName(regular.id, "Ольга Сергеевна");
  const { client: olga } = await past.onboarding.finish(regular.id, "12.04.1985");
  await db.client.update({ where: { id: olga.id }, data: { tags: "demo", preferredStones: "сапфир, танзанит", preferredMetals: "белое золото", ringSize: "17" } });
  await db.familyDate.create({ data: { clientId: olga.id, kind: "anniversary", label: "свадьба", month: 6, day: 21 } });

  const maria = (await past.clients.createAtCounter(sellerActor, { phone: "+79035551234", name: "Мария Петровна" })).client;
  const lina = (await past.clients.createAtCounter(sellerActor, { phone: "+8613912345678", name: "李娜" })).client;
  await db.client.updateMany({ where: { id: { in: [maria.id, lina.id] } }, data: { tags: "demo" } });
  await db.client.update({ where: { id: lina.id }, data: { source: "import", language: "zh" } });

  const history: [number, number, number, string, string, string][] = [
    [olga.id, 0, 48_000_00, "Серьги", "сапфир", "белое золото 585"],
    [maria.id, 30, 23_500_00, "Цепочка", "", "золото 585"],
    [olga.id, 120, 96_000_00, "Кольцо", "танзанит", "белое золото 750"],
    [lina.id, 200, 12_800_00, "Подвеска", "жемчуг", "серебро 925"],
    [olga.id, 330, 35_000_00, "Браслет", "бриллиант", "белое золото 585"],
  ];
  for (const [clientId, day, amount, description, stone, metal] of history) {
    clock.set(new Date(Date.now() - (400 - day) * DAY));
    await past.purchases.log({ clientId, amount, items: [{ description, stone, metal }], redeem: 0, idempotencyKey: `demo-${clientId}-${day}` }, sellerActor);
  }
  await past.clients.addNote(olga.id, seller.id, "Демо: любит необычные камни, звонить после 18:00.");
  return true;
}
