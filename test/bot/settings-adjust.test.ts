import { describe, expect } from "vitest";
import { formatCardNumber, luhnCheckDigit } from "../../core/loyalty/card-number.ts";
import { pointsBalance } from "../../core/loyalty/points.ts";
import { botTest, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const ownerZh: Person = { id: 2, first_name: "Li", language_code: "zh" };
const seller: Person = { id: 501, first_name: "Игорь", language_code: "ru" };
const client: Person = { id: 502, first_name: "Вера", language_code: "ru" };

const test = botTest({ ownerIds: [owner.id, ownerZh.id] });

/** A seller who joined the team and a client who joined the programme: the people who may not change the rules. */
async function notOwners(h: Harness) {
  await h.hire(seller);
  await h.join(client, "+79007776655", "Вера Павловна");
  return [client, seller];
}

describe("/settings", () => {
  test("When the owner opens /settings, then every tier and rule is shown in Russian with the /set forms", async ({ h }) => {
    await h.text(owner, "/settings");
    const text = h.lastTextTo(owner);
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

  test("When an owner with Chinese Telegram opens /settings, then it is in Chinese with Chinese tier names", async ({ h }) => {
    await h.text(ownerZh, "/settings");
    const text = h.lastTextTo(ownerZh);
    expect(text).toContain("金卡（gold）");
    expect(text).toContain("折扣 10%");
    expect(text).toContain("积分有效期：12 个月");
    expect(text).toContain("新会员礼：500 积分");
    expect(text).toContain("/set tier <代码>");
    expect(text).not.toMatch(/[а-яё]/i);
  });
});

describe("/set", () => {
  test("When the owner sets the welcome bonus, then it changes and the reply says from → to", async ({ h }) => {
    await h.text(owner, "/set welcome 700");
    expect(h.lastTextTo(owner)).toBe("Приветственный бонус: 500 → 700 баллов");
    expect((await h.services.loyalty.settings()).welcomeBonus).toBe(700);
    const entry = await h.db.auditLog.findFirst({ where: { action: "settings.updated" }, orderBy: { id: "desc" } });
    expect(entry?.actorTelegramId).toBe(1n);
  });

  test("When the owner sets redeem to 40, then 4000 basis points are stored", async ({ h }) => {
    await h.text(owner, "/set redeem 40");
    expect(h.lastTextTo(owner)).toBe("Доля чека, которую можно оплатить баллами: 30% → 40%");
    expect((await h.services.loyalty.settings()).maxRedeemBp).toBe(4000);
  });

  test("When the owner sets when to ask for a rating, then it is days after a purchase, within its range", async ({ h }) => {
    await h.text(owner, "/set feedback 5");
    expect(h.lastTextTo(owner)).toBe("Просить оценку после покупки через: 3 → 5 дней");
    expect((await h.services.loyalty.settings()).feedbackAfterDays).toBe(5);
    await h.text(owner, "/set feedback 0");
    expect(h.lastTextTo(owner)).toContain("1 день — 60 дней");
  });

  test("When the owner sets the period to 12 and then to 0, then it is months and then lifetime", async ({ h }) => {
    await h.text(owner, "/set period 12");
    expect(h.lastTextTo(owner)).toBe("Период для расчёта уровня: всё время → 12 месяцев");
    await h.text(owner, "/set period 0");
    expect(h.lastTextTo(owner)).toBe("Период для расчёта уровня: 12 месяцев → всё время");
    expect((await h.services.loyalty.settings()).tierPeriodMonths).toBeNull();
  });

  test("When the owner sets the ceiling with spaces, then it is stored in kopecks", async ({ h }) => {
    await h.text(owner, "/set ceiling 5 000 000");
    expect(h.lastTextTo(owner)).toBe("Предельная сумма одной покупки: 10 000 000 ₽ → 5 000 000 ₽");
    expect((await h.services.loyalty.settings()).maxPurchaseAmount).toBe(500_000_000);
  });

  test("When the owner sets gold's discount to 12,5, then 1250 basis points are stored", async ({ h }) => {
    await h.text(owner, "/set tier gold discount 12,5");
    expect(h.lastTextTo(owner)).toBe("Золотая (gold), скидка: 10% → 12,5%");
    const gold = (await h.services.loyalty.tiers()).find((t) => t.code === "gold");
    expect(gold?.discountBp).toBe(1250);
  });

  test("When the owner puts gold's threshold below silver's, then it is refused with the tier rules", async ({ h }) => {
    await h.text(owner, "/set tier gold threshold 50 000");
    expect(h.lastTextTo(owner)).toBe("Так нельзя: у первого уровня порог 0, пороги идут по возрастанию, скидка и кешбэк — от 0 до 100%.");
    const gold = (await h.services.loyalty.tiers()).find((t) => t.code === "gold");
    expect(gold?.threshold).toBe(30_000_000);
  });

  test("When the owner names an unknown tier, then it is refused", async ({ h }) => {
    const tiers = await h.services.loyalty.tiers();
    await h.text(owner, "/set tier diamond discount 5");
    expect(h.lastTextTo(owner)).toContain("Так нельзя");
    expect(await h.services.loyalty.tiers()).toEqual(tiers);
  });

  test("When the value is not a number or out of range, then it is refused with the range and nothing changes", async ({ h }) => {
    const before = await h.services.loyalty.settings();
    const audits = await h.db.auditLog.count();
    const refusals: [string, string][] = [
      ["/set welcome abc", "Значение должно быть в пределах: 0 баллов — 1 000 000 баллов."],
      ["/set redeem 150", "Значение должно быть в пределах: 0% — 100%."],
      ["/set ceiling 0", "Значение должно быть в пределах: 1 ₽ — 1 000 000 000 ₽."],
      ["/set lifetime 0", "Значение должно быть в пределах: 1 месяц — 120 месяцев."],
    ];
    for (const [command, reply] of refusals) {
      await h.text(owner, command);
      // Soft, so one wrong wording does not hide the others or the check that nothing changed.
      expect.soft(h.lastTextTo(owner), command).toBe(reply);
    }
    expect(await h.services.loyalty.settings()).toEqual(before);
    expect(await h.db.auditLog.count()).toBe(audits);
  });

  test("When the rule is unknown or the value missing, then the usage is shown", async ({ h }) => {
    const audits = await h.db.auditLog.count();
    for (const text of ["/set nonsense 5", "/set welcome", "/set", "/set tier gold", "/set tier gold colour 5"]) {
      await h.text(owner, text);
      expect(h.lastTextTo(owner), text).toContain("Изменить правило: /set <правило> <значение>");
    }
    await h.text(ownerZh, "/set nonsense 5");
    expect(h.lastTextTo(ownerZh)).toContain("修改规则：/set <规则> <数值>");
    expect(await h.db.auditLog.count()).toBe(audits);
  });

  test("When a client or a staff member types /settings or /set, then it is refused and nothing changes", async ({ h }) => {
    const people = await notOwners(h);
    const before = await h.services.loyalty.settings();
    const tiers = await h.services.loyalty.tiers();
    const audits = await h.db.auditLog.count();
    for (const person of people) {
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
  const phone = "+79001234567";

  /** Anna, registered at the counter, with `points` on her balance given by the owner through /adjust. */
  async function anna(h: Harness, points = 0) {
    const created = await h.services.clients.createAtCounter({ telegramId: owner.id, role: "owner" }, { phone, name: "Анна" });
    const clientId = created.client.id;
    const card = (await h.db.card.findUniqueOrThrow({ where: { clientId } })).number;
    if (points > 0) await h.text(owner, `/adjust ${phone} +${points} подарок`);
    const balance = () => pointsBalance(h.db, clientId, h.clock.now());
    expect(await balance()).toBe(points);
    return { clientId, card, balance };
  }

  test("When the owner adds points by a phone in any format, then the balance grows and the change is audited", async ({ h }) => {
    const { clientId, balance } = await anna(h);
    await h.text(owner, "/adjust 8 (900) 123-45-67 +500 подарок к юбилею");
    expect(h.lastTextTo(owner)).toBe("Анна · +7 900 123 45 67: +500 баллов. Баланс: 500 баллов.");
    expect(await balance()).toBe(500);
    const entry = await h.db.auditLog.findFirst({ where: { action: "points.adjust", entityId: String(clientId) } });
    expect(entry?.actorTelegramId).toBe(1n);
    expect(entry?.details).toContain("подарок к юбилею");
  });

  test("When the owner takes points by a card number with spaces and a typographic minus, then the balance drops", async ({ h }) => {
    const { card, balance } = await anna(h, 500);
    await h.text(owner, `/adjust ${formatCardNumber(card)} −200 ошибка ввода`);
    expect(h.lastTextTo(owner)).toBe("Анна · +7 900 123 45 67: −200 баллов. Баланс: 300 баллов.");
    expect(await balance()).toBe(300);
  });

  test("When there is no reason, then the reason is asked for and the balance stays", async ({ h }) => {
    const { balance } = await anna(h, 300);
    await h.text(owner, `/adjust ${phone} +500`);
    expect(h.lastTextTo(owner)).toBe("Укажите причину (от 3 до 500 символов).");
    await h.text(owner, `/adjust ${phone} +500 ок`);
    expect(h.lastTextTo(owner)).toBe("Укажите причину (от 3 до 500 символов).");
    expect(await balance()).toBe(300);
  });

  test("When the debit is larger than the balance, then it is refused with the balance", async ({ h }) => {
    const { balance } = await anna(h, 300);
    await h.text(owner, `/adjust ${phone} -1000 списание`);
    expect(h.lastTextTo(owner)).toBe("Столько списать нельзя: на балансе 300 баллов.");
    expect(await balance()).toBe(300);
  });

  test("When the card number has a wrong check digit, then it is said so", async ({ h }) => {
    const { card, balance } = await anna(h, 300);
    const wrong = card.slice(0, -1) + String((luhnCheckDigit(card.slice(0, -1)) + 1) % 10);
    await h.text(owner, `/adjust ${formatCardNumber(wrong)} +100 подарок`);
    expect(h.lastTextTo(owner)).toBe("Номер карты введён с ошибкой: проверьте цифры.");
    expect(await balance()).toBe(300);
  });

  test("When nobody has the phone, then the client is not found", async ({ h }) => {
    const { balance } = await anna(h, 300);
    const entries = await h.db.pointsEntry.count();
    await h.text(owner, "/adjust +7 900 765-43-21 +100 подарок");
    expect(h.lastTextTo(owner)).toBe("Клиент не найден.");
    expect(await balance()).toBe(300);
    expect(await h.db.pointsEntry.count()).toBe(entries);
  });

  test("When the arguments are missing or malformed, then the usage is shown", async ({ h }) => {
    const { balance } = await anna(h, 300);
    for (const text of ["/adjust", `/adjust ${phone}`, `/adjust ${phone} +abc подарок`, `/adjust ${phone} +0 подарок`]) {
      await h.text(owner, text);
      expect(h.lastTextTo(owner), text).toContain("/adjust <телефон или номер карты> <+N или −N> <причина>");
    }
    await h.text(ownerZh, "/adjust");
    expect(h.lastTextTo(ownerZh)).toContain("增减积分：/adjust <电话或会员卡号>");
    expect(await balance()).toBe(300);
  });

  test("When the client is named instead of a phone or card, then the owner is asked for one", async ({ h }) => {
    const { balance } = await anna(h, 300);
    await h.text(owner, "/adjust Анна +100 подарок");
    expect(h.lastTextTo(owner)).toBe("Укажите клиента по телефону или номеру карты: по имени можно найти нескольких.");
    expect(await balance()).toBe(300);
  });

  test("When a client or a staff member types /adjust, then it is refused and nothing changes", async ({ h }) => {
    const { balance } = await anna(h, 300);
    const people = await notOwners(h);
    const audits = await h.db.auditLog.count();
    for (const person of people) {
      await h.text(person, `/adjust ${phone} +500 подарок`);
      expect(h.lastTextTo(person), person.first_name).toBe("Эта команда только для владельца салона.");
    }
    expect(await balance()).toBe(300);
    expect(await h.db.auditLog.count()).toBe(audits);
  });
});
