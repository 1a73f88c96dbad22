import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatCardNumber, luhnCheckDigit } from "../../core/loyalty/card-number.ts";
import { pointsBalance } from "../../core/loyalty/points.ts";
import { createHarness, type Harness, type Person } from "../support/bot-harness.ts";

let h: Harness;
const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const ownerZh: Person = { id: 2, first_name: "Li", language_code: "zh" };
const seller: Person = { id: 501, first_name: "Игорь", language_code: "ru" };
const client: Person = { id: 502, first_name: "Вера", language_code: "ru" };

/** Telegram text with the narrow and normal no-break spaces Intl puts in numbers turned into plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
const lastText = (p: Person) => plain(h.lastTextTo(p));

beforeAll(async () => {
  h = await createHarness({ ownerIds: [owner.id, ownerZh.id] });
  const { token } = await h.services.staff.createInvite({ telegramId: owner.id, role: "owner" });
  await h.services.staff.redeemInvite(token, { telegramId: seller.id, name: "Игорь", language: "ru" });
});
afterEach(() => {
  expect(h.telegram.violations).toEqual([]);
});
afterAll(() => h.close());

describe("/settings", () => {
  it("When the owner opens /settings, then every tier and rule is shown in Russian with the /set forms", async () => {
    await h.text(owner, "/settings");
    const text = lastText(owner);
    expect(text).toContain("• Золотая (gold) — от 300 000 ₽: скидка 10%, кешбэк 7%");
    expect(text).toContain("• Классическая (classic) — от 0 ₽: скидка 5%, кешбэк 3%");
    expect(text).toContain("Период для расчёта уровня: всё время");
    expect(text).toContain("Доля чека, которую можно оплатить баллами: 30%");
    expect(text).toContain("Срок действия баллов: 12 месяцев");
    expect(text).toContain("Приветственный бонус: 500 баллов");
    expect(text).toContain("Бонус за приглашение (пригласившему): 1 000 баллов");
    expect(text).toContain("Бонус за приглашение (другу): 500 баллов");
    expect(text).toContain("Бонус за посещение события: 300 баллов");
    expect(text).toContain("Предельная сумма одной покупки: 10 000 000 ₽");
    expect(text).toContain("/set tier <код> <threshold|discount|cashback> <значение>");
  });

  it("When an owner with Chinese Telegram opens /settings, then it is in Chinese with Chinese tier names", async () => {
    await h.text(ownerZh, "/settings");
    const text = lastText(ownerZh);
    expect(text).toContain("金卡（gold）");
    expect(text).toContain("折扣 10%");
    expect(text).toContain("积分有效期：12 个月");
    expect(text).toContain("新会员礼：500 积分");
    expect(text).toContain("/set tier <代码>");
    expect(text).not.toMatch(/[а-яё]/i);
  });
});

describe("/set", () => {
  it("When the owner sets the welcome bonus, then it changes and the reply says from → to", async () => {
    await h.text(owner, "/set welcome 700");
    expect(lastText(owner)).toBe("Приветственный бонус: 500 → 700 баллов");
    expect((await h.services.loyalty.settings()).welcomeBonus).toBe(700);
    const entry = await h.db.auditLog.findFirst({ where: { action: "settings.updated" }, orderBy: { id: "desc" } });
    expect(entry?.actorTelegramId).toBe(1n);
  });

  it("When the owner sets redeem to 40, then 4000 basis points are stored", async () => {
    await h.text(owner, "/set redeem 40");
    expect(lastText(owner)).toBe("Доля чека, которую можно оплатить баллами: 30% → 40%");
    expect((await h.services.loyalty.settings()).maxRedeemBp).toBe(4000);
  });

  it("When the owner sets the period to 12 and then to 0, then it is months and then lifetime", async () => {
    await h.text(owner, "/set period 12");
    expect(lastText(owner)).toBe("Период для расчёта уровня: всё время → 12 месяцев");
    await h.text(owner, "/set period 0");
    expect(lastText(owner)).toBe("Период для расчёта уровня: 12 месяцев → всё время");
    expect((await h.services.loyalty.settings()).tierPeriodMonths).toBeNull();
  });

  it("When the owner sets the ceiling with spaces, then it is stored in kopecks", async () => {
    await h.text(owner, "/set ceiling 5 000 000");
    expect(lastText(owner)).toBe("Предельная сумма одной покупки: 10 000 000 ₽ → 5 000 000 ₽");
    expect((await h.services.loyalty.settings()).maxPurchaseAmount).toBe(500_000_000);
  });

  it("When the owner sets gold's discount to 12,5, then 1250 basis points are stored", async () => {
    await h.text(owner, "/set tier gold discount 12,5");
    expect(lastText(owner)).toBe("Золотая (gold), скидка: 10% → 12,5%");
    const gold = (await h.services.loyalty.tiers()).find((t) => t.code === "gold");
    expect(gold?.discountBp).toBe(1250);
  });

  it("When the owner puts gold's threshold below silver's, then it is refused with the tier rules", async () => {
    await h.text(owner, "/set tier gold threshold 50 000");
    expect(lastText(owner)).toBe("Так нельзя: у первого уровня порог 0, пороги идут по возрастанию, скидка и кешбэк — от 0 до 100%.");
    const gold = (await h.services.loyalty.tiers()).find((t) => t.code === "gold");
    expect(gold?.threshold).toBe(30_000_000);
  });

  it("When the owner names an unknown tier, then it is refused", async () => {
    await h.text(owner, "/set tier diamond discount 5");
    expect(lastText(owner)).toContain("Так нельзя");
  });

  it("When the value is not a number or out of range, then it is refused with the range and nothing changes", async () => {
    const before = await h.services.loyalty.settings();
    await h.text(owner, "/set welcome abc");
    expect(lastText(owner)).toBe("Значение должно быть целым числом от 0 до 1 000 000.");
    await h.text(owner, "/set lifetime 0");
    expect(lastText(owner)).toBe("Значение должно быть целым числом от 1 до 120.");
    await h.text(owner, "/set redeem 150");
    expect(lastText(owner)).toBe("Значение должно быть целым числом от 0% до 100%.");
    expect(await h.services.loyalty.settings()).toEqual(before);
  });

  it("When the rule is unknown or the value missing, then the usage is shown", async () => {
    const audits = await h.db.auditLog.count();
    for (const text of ["/set nonsense 5", "/set welcome", "/set", "/set tier gold", "/set tier gold colour 5"]) {
      await h.text(owner, text);
      expect(lastText(owner), text).toContain("Изменить правило: /set <правило> <значение>");
    }
    await h.text(ownerZh, "/set nonsense 5");
    expect(lastText(ownerZh)).toContain("修改规则：/set <规则> <数值>");
    expect(await h.db.auditLog.count()).toBe(audits);
  });

  it("When a client or a staff member types /settings or /set, then it is refused and nothing changes", async () => {
    const before = await h.services.loyalty.settings();
    const tiers = await h.services.loyalty.tiers();
    const audits = await h.db.auditLog.count();
    for (const person of [client, seller]) {
      for (const text of ["/settings", "/set welcome 1", "/set tier gold discount 50"]) {
        await h.text(person, text);
        expect(h.lastTextTo(person), `${person.first_name}: ${text}`).toBe("Эта команда только для владельца салона.");
      }
    }
    expect(await h.services.loyalty.settings()).toEqual(before);
    expect(await h.services.loyalty.tiers()).toEqual(tiers);
    expect(await h.db.auditLog.count()).toBe(audits);
  });
});

describe("/adjust", () => {
  let clientId: number;
  let card: string;
  const balance = () => pointsBalance(h.db, clientId, h.clock.now());

  beforeAll(async () => {
    const created = await h.services.clients.createAtCounter({ telegramId: owner.id, role: "owner" }, { phone: "+79001234567", name: "Анна" });
    clientId = created.client.id;
    card = (await h.db.card.findUniqueOrThrow({ where: { clientId } })).number;
  });

  it("When the owner adds points by a phone in any format, then the balance grows and the change is audited", async () => {
    await h.text(owner, "/adjust 8 (900) 123-45-67 +500 подарок к юбилею");
    expect(lastText(owner)).toBe("Анна · +7 900 123 45 67: +500 баллов. Баланс: 500 баллов.");
    expect(await balance()).toBe(500);
    const entry = await h.db.auditLog.findFirst({ where: { action: "points.adjust", entityId: String(clientId) } });
    expect(entry?.actorTelegramId).toBe(1n);
    expect(entry?.details).toContain("подарок к юбилею");
  });

  it("When the owner takes points by a card number with spaces and a typographic minus, then the balance drops", async () => {
    await h.text(owner, `/adjust ${formatCardNumber(card)} −200 ошибка ввода`);
    expect(lastText(owner)).toContain("−200 баллов. Баланс: 300 баллов.");
    expect(await balance()).toBe(300);
  });

  it("When there is no reason, then the reason is asked for and the balance stays", async () => {
    await h.text(owner, "/adjust +79001234567 +500");
    expect(lastText(owner)).toBe("Укажите причину (от 3 до 500 символов).");
    await h.text(owner, "/adjust +79001234567 +500 ок");
    expect(lastText(owner)).toBe("Укажите причину (от 3 до 500 символов).");
    expect(await balance()).toBe(300);
  });

  it("When the debit is larger than the balance, then it is refused with the balance", async () => {
    await h.text(owner, "/adjust +79001234567 -1000 списание");
    expect(lastText(owner)).toBe("Напишите целое число баллов, например 500 или −300. Сейчас на балансе: 300 баллов.");
    expect(await balance()).toBe(300);
  });

  it("When the card number has a wrong check digit, then it is said so", async () => {
    const wrong = card.slice(0, -1) + String((luhnCheckDigit(card.slice(0, -1)) + 1) % 10);
    await h.text(owner, `/adjust ${formatCardNumber(wrong)} +100 подарок`);
    expect(lastText(owner)).toBe("Номер карты введён с ошибкой: проверьте цифры.");
    expect(await balance()).toBe(300);
  });

  it("When nobody has the phone, then the client is not found", async () => {
    await h.text(owner, "/adjust +7 900 765-43-21 +100 подарок");
    expect(lastText(owner)).toBe("Клиент не найден.");
  });

  it("When the arguments are missing or malformed, then the usage is shown", async () => {
    for (const text of ["/adjust", "/adjust +79001234567", "/adjust +79001234567 +abc подарок", "/adjust +79001234567 +0 подарок"]) {
      await h.text(owner, text);
      expect(lastText(owner), text).toContain("/adjust <телефон или номер карты> <+N или −N> <причина>");
    }
    await h.text(ownerZh, "/adjust");
    expect(lastText(ownerZh)).toContain("增减积分：/adjust <电话或会员卡号>");
    expect(await balance()).toBe(300);
  });

  it("When the client is named instead of a phone or card, then the owner is asked for one", async () => {
    await h.text(owner, "/adjust Анна +100 подарок");
    expect(lastText(owner)).toBe("Укажите клиента по телефону или номеру карты: по имени можно найти нескольких.");
    expect(await balance()).toBe(300);
  });

  it("When a client or a staff member types /adjust, then it is refused and nothing changes", async () => {
    for (const person of [client, seller]) {
      await h.text(person, "/adjust +79001234567 +500 подарок");
      expect(h.lastTextTo(person)).toBe("Эта команда только для владельца салона.");
    }
    expect(await balance()).toBe(300);
  });
});
