// Demo data for broadcasts and events: clients in Telegram (ids that are no
// persona, so they are recipients on the stand-in, not people to play), in
// both languages and in every tier, four in the top one (Ольга and 陈静 among
// them); tags and stone preferences for the segments; an event a few days ahead for
// the top tier with two answers already; and a piece of news sent twelve days
// ago, so /news shows something to whoever joins now and the weekly cap of
// the demo clients is untouched. Seeded once: each part looks for itself first.
import { addDays, shopDate, startOfShopDay } from "../core/calendar.ts";
import { DAY_MS, fixedClock } from "../core/clock.ts";
import type { Actor } from "../core/audit/audit.ts";
import type { Services, ServicesConfig } from "../core/services.ts";
import { createServices } from "../core/services.ts";
import { PERSONAS } from "./personas.ts";

type Purchase = [daysAgo: number, amount: number, description: string, stone: string, metal: string];
interface DemoClient {
  telegramId: number;
  phone: string;
  name: string;
  language: "ru" | "zh";
  /** For Chinese names (a Russian patronymic tells it already): 女士 or 先生. */
  gender?: "female" | "male";
  stones: string;
  tags?: string[];
  purchases: Purchase[];
}

// Amounts in kopecks. Tiers follow what was paid: 陈静, Дмитрий and 张伟 reach VIP, Ирина gold,
// 刘婷 and Светлана silver. Over the last 12 months Ольга and 陈静 brought the most (the best 20%
// of the ten who bought); Светлана bought once, 14 months ago (gone quiet). No purchase in the
// last month and none a year ago, so nobody new is due for a call today but 陈静, a best client.
export const DEMO_CLIENTS: DemoClient[] = [
  { telegramId: 5001, phone: "+8613811112222", name: "陈静", language: "zh", gender: "female", stones: "танзанит, жемчуг",
    purchases: [[300, 900_000_00, "Серьги", "танзанит", "белое золото 750"], [100, 800_000_00, "Кольцо", "танзанит", "платина"]] },
  { telegramId: 5002, phone: "+79167770011", name: "Дмитрий Александрович", language: "ru", stones: "сапфир", tags: ["vip-презентация"],
    purchases: [[520, 1_350_000_00, "Часы", "бриллиант", "золото 750"], [120, 300_000_00, "Запонки", "сапфир", "белое золото 585"]] },
  { telegramId: 5003, phone: "+8613922223333", name: "张伟", language: "zh", gender: "male", stones: "изумруд",
    purchases: [[470, 1_400_000_00, "Колье", "изумруд", "золото 750"], [90, 220_000_00, "Браслет", "нефрит", "золото 585"]] },
  { telegramId: 5004, phone: "+79165553322", name: "Ирина Владимировна", language: "ru", stones: "изумруд", tags: ["vip-презентация"],
    purchases: [[220, 280_000_00, "Кольцо", "изумруд", "золото 585"], [45, 190_000_00, "Серьги", "изумруд", "золото 585"]] },
  { telegramId: 5005, phone: "+8615011112233", name: "刘婷", language: "zh", gender: "female", stones: "изумруд, танзанит",
    purchases: [[160, 130_000_00, "Подвеска", "танзанит", "белое золото 585"]] },
  { telegramId: 5006, phone: "+79264441100", name: "Светлана Игоревна", language: "ru", stones: "танзанит",
    purchases: [[425, 140_000_00, "Браслет", "аметист", "серебро 925"]] },
];

/** Ольга's tanzanite necklace takes her to the top tier; a key of its own, so it is logged once. */
const OLGA_NECKLACE: Purchase = [200, 1_480_000_00, "Колье", "танзанит", "белое золото 750"];

export const DEMO_EVENT_KEY = "demo-tanzanite-presentation";
export const DEMO_EVENT = {
  titleRu: "Закрытая презентация коллекции с танзанитами",
  titleZh: "坦桑石系列私人发布会",
  textRu: "Покажем новые кольца и серьги с танзанитами до того, как они появятся в витрине, и расскажем, как выбрать камень. Шампанское и десерты.",
  textZh: "在新品上柜之前，抢先为您展示镶嵌坦桑石的戒指和耳环，并介绍如何挑选宝石。备有香槟和甜点。",
  place: "Салон на Петровке, 12",
  capacity: 10,
  daysAhead: 5,
  hour: 19,
};

export const DEMO_NEWS = {
  daysAgo: 12,
  textRu: "{обращение}! В салон пришли танзаниты: фиолетово-синие, от 2 до 6 карат. Приходите посмотреть их при дневном свете — отложим для Вас любимый.",
  textZh: "{称呼}：本店新到一批坦桑石，蓝紫色，2 至 6 克拉。欢迎到店在自然光下欣赏，我们可以为您预留心仪的那一颗。",
};

const personaId = (role: string) => PERSONAS.find((p) => p.role === role && p.demo)!.id;

export async function seedBroadcastDemo(services: Services, config: ServicesConfig & { SHOP_TIMEZONE: string }): Promise<boolean> {
  const created = [await seedClients(services, config), await seedEvent(services, config.SHOP_TIMEZONE), await seedNews(services, config)];
  return created.some(Boolean);
}

/** The clients and their history, written "in the past" with a clock that walks forward (as in demo-data.ts). */
async function seedClients(services: Services, config: ServicesConfig): Promise<boolean> {
  const { db } = services;
  const seller: Actor = { telegramId: personaId("staff"), role: "staff" };
  const now = services.clock.now();
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);
  const clock = fixedClock(daysAgo(600));
  const past = createServices(db, config, clock);
  const settings = await services.loyalty.settings();
  const steps: { at: Date; run: () => Promise<unknown> }[] = [];

  const purchase = (clientId: () => number, [days, amount, description, stone, metal]: Purchase, key: string) => {
    steps.push({ at: daysAgo(days), run: () => past.purchases.log({ clientId: clientId(), amount, items: [{ description, stone, metal }], redeem: 0, idempotencyKey: key }, seller) });
    // The seller called after it (both follow-ups), so none is left open today.
    for (const after of [settings.followUpFirstDays, settings.followUpSecondDays]) {
      if (days - after > 1) steps.push({ at: daysAgo(days - after), run: () => past.followUps.log(seller, clientId(), { outcome: "reached", note: null }) });
    }
  };

  for (const c of DEMO_CLIENTS) {
    if (await services.onboarding.findByTelegramId(c.telegramId)) continue;
    let id = 0;
    steps.push({
      at: daysAgo(Math.max(...c.purchases.map(([days]) => days)) + 1),
      run: async () => {
        await past.onboarding.giveConsent(c.telegramId, c.language);
        await past.onboarding.setPhone(c.telegramId, c.phone, false);
        await past.onboarding.setName(c.telegramId, c.name);
        id = (await past.onboarding.finish(c.telegramId, null)).client.id;
        await past.profile.setPreference(seller, id, "stones", c.stones);
        if (c.gender) await past.profile.setGender(seller, id, c.gender);
        await past.clients.setTags(id, ["demo", ...(c.tags ?? [])]);
      },
    });
    c.purchases.forEach((p, i) => purchase(() => id, p, `demo-${c.telegramId}-${i}`));
  }

  const olga = await services.onboarding.findByTelegramId(personaId("client"));
  const necklaceKey = "demo-olga-tanzanite-necklace";
  if (olga && !olga.forgottenAt && !(await db.purchase.findUnique({ where: { idempotencyKey: necklaceKey } }))) purchase(() => olga.id, OLGA_NECKLACE, necklaceKey);

  for (const { at, run } of steps.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    clock.set(at);
    await run();
  }
  return steps.length > 0;
}

/** The presentation for the top tier, a few days ahead, with Дмитрий (+1) and 张伟 already coming. */
async function seedEvent(services: Services, timeZone: string): Promise<boolean> {
  if (await services.events.createdWith(DEMO_EVENT_KEY)) return false;
  const top = (await services.loyalty.tiers()).at(-1)!;
  const day = addDays(shopDate(services.clock.now(), timeZone), DEMO_EVENT.daysAhead);
  const { daysAhead: _days, hour, ...fields } = DEMO_EVENT;
  const { event } = await services.events.create(
    { telegramId: personaId("owner"), role: "owner" },
    { ...fields, startsAt: new Date(startOfShopDay(day, timeZone).getTime() + hour * 3_600_000), minTierId: top.id, audience: "all", plusOneAllowed: true },
    DEMO_EVENT_KEY,
  );
  const answers: [number, "going" | "plus_one"][] = [[5002, "plus_one"], [5003, "going"]];
  for (const [telegramId, answer] of answers) {
    const client = await services.onboarding.findByTelegramId(telegramId);
    if (client) await services.events.answer(client.id, event.id, answer, () => null);
  }
  return true;
}

/**
 * News of new tanzanites sent to everyone twelve days ago: started through the
 * broadcasts service, then marked delivered here (nobody's chat is flooded at
 * start-up) and done. Twelve days: the weekly cap counts only the last seven.
 */
async function seedNews(services: Services, config: ServicesConfig): Promise<boolean> {
  const { db } = services;
  if (await db.broadcast.findFirst({ where: { textRu: DEMO_NEWS.textRu } })) return false;
  const at = new Date(services.clock.now().getTime() - DEMO_NEWS.daysAgo * DAY_MS);
  const past = createServices(db, config, fixedClock(at));
  const id = await past.broadcasts.saveDraft(personaId("owner"), { topic: "stones", segment: { kind: "all" }, textRu: DEMO_NEWS.textRu, textZh: DEMO_NEWS.textZh });
  await past.broadcasts.start(id);
  await db.outbox.updateMany({ where: { broadcastId: id, status: "pending" }, data: { status: "sent", sentAt: at } });
  await past.broadcasts.finishIfDone(id);
  return true;
}
