import { describe, expect } from "vitest";
import { DAY_MS } from "../../core/clock.ts";
import { botTest, plain, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const igor: Person = { id: 501, first_name: "Игорь", language_code: "ru" };
const li: Person = { id: 502, first_name: "Li", language_code: "zh" };
const anna: Person = { id: 601, first_name: "Анна", language_code: "ru" };
const test = botTest({ ownerIds: [owner.id] });

/**
 * The harness clock is 24 November 2026, 12:00 in Moscow. Анна (birthday 27
 * November) bought earrings with a sapphire in the spring; the morning job has run.
 */
async function morningWithAnna(h: Harness) {
  const seller = await h.hire(igor);
  const client = await h.join(anna, "+79001234567", "Анна Ивановна", "ru", "27.11.1990");
  await h.services.purchases.log(
    { clientId: client.id, amount: 48_000_00, items: [{ description: "Серьги", stone: "сапфир", metal: "белое золото" }], redeem: 0, idempotencyKey: "spring" },
    { telegramId: igor.id, role: "staff" },
  );
  await h.db.followUp.deleteMany({}); // the purchase's own calls are long done
  await h.morning();
  return { seller, client };
}

const openCard = async (h: Harness, p: Person) => {
  await h.text(p, "/due");
  await h.tap(p, "due:open:");
  return h.lastTextTo(p);
};

describe("/due", () => {
  test("When a seller opens /due, then the clients due today are listed with their reasons in Russian", async ({ h }) => {
    await morningWithAnna(h);
    await h.text(igor, "/due");
    const list = h.lastTextTo(igor);
    expect(list).toContain("📞 Кому позвонить сегодня: 1");
    expect(list).toMatch(/1\. Анна Ивановна — .*день рождения/);
    expect(h.buttonsOf(igor)[0]).toMatch(/^due:open:\d+:mine:0$/);
  });

  test("When the seller opens a client's card, then the phone to dial, the reasons and the context before the call are there", async ({ h }) => {
    await morningWithAnna(h);
    const card = await openCard(h, igor);
    expect(card).toContain("👤 Анна Ивановна");
    expect(card).toContain("📞 +7 900 123 45 67");
    expect(card).toContain("Язык клиента: 🇷🇺 Русский");
    expect(card).toContain("🎂 день рождения 27 ноября");
    expect(card).toContain("Уровень: Классическая · баллы:");
    expect(card).toMatch(/Последняя покупка: № \d+, .*45 600 ₽ — Серьги, сапфир, белое золото/);
    expect(card).toContain("Раньше не звонили.");
    expect(h.buttonsOf(igor).filter((d) => d.startsWith("due:call:"))).toHaveLength(4);
  });

  test("When nobody answers, then the card says when she is due again, and tomorrow she is on the list", async ({ h }) => {
    const { client } = await morningWithAnna(h);
    await openCard(h, igor);
    await h.tap(igor, `due:call:${client.id}:no_answer`);
    const edited = plain(String(h.telegram.lastCall("editMessageText")!.payload.text));
    expect(edited).toContain("📵 Анна Ивановна: не ответил(а). Снова в списке 25 ноября.");
    await h.text(igor, "/due");
    expect(h.lastTextTo(igor)).toContain("На сегодня звонков нет.");
    h.clock.advance(DAY_MS);
    await h.text(igor, "/due");
    expect(h.lastTextTo(igor)).toContain("1. Анна Ивановна");
    expect(await openCard(h, igor)).toContain("Не дозвонились 1 раз подряд");
  });

  test("When the seller reached the client and writes a note, then the reasons close and the note is on her file", async ({ h }) => {
    const { client } = await morningWithAnna(h);
    await openCard(h, igor);
    await h.tap(igor, `due:call:${client.id}:reached`);
    expect(plain(String(h.telegram.lastCall("editMessageText")!.payload.text))).toContain("✅ Анна Ивановна: дозвонились.");
    await h.text(igor, "Рада звонку, зайдёт на чистку");
    expect(h.lastTextTo(igor)).toBe("Заметка сохранена в карточке клиента.");
    expect((await h.services.clients.file(client.id)).contacts[0]).toMatchObject({ outcome: "reached", note: "Рада звонку, зайдёт на чистку" });
    await h.text(igor, "/due");
    expect(h.lastTextTo(igor)).toContain("На сегодня звонков нет.");
  });

  test("When the client asks to be called later, then the seller picks a day or types one, and a wrong day is refused in words", async ({ h }) => {
    const { client } = await morningWithAnna(h);
    await openCard(h, igor);
    await h.tap(igor, `due:call:${client.id}:later`);
    expect(h.lastTextTo(igor)).toContain("Когда перезвонить?");
    await h.text(igor, "31.02");
    expect(h.lastTextTo(igor)).toBe("Нужна дата в будущем, не дальше чем через год, например 15.12.");
    await h.text(igor, "15.12");
    expect(h.lastTextTo(igor)).toBe("🗓 Анна Ивановна: перезвонить 15 декабря.");
    await h.tapAgain(igor, `due:call:${client.id}:no_answer`);
    expect(h.lastAnswer()).toMatchObject({ text: "По этому клиенту на сегодня всё уже записано.", show_alert: true });
    const due = await h.db.followUp.findFirstOrThrow({ where: { clientId: client.id, status: "open" } });
    expect(due.dueAt.toISOString()).toBe("2026-12-14T21:00:00.000Z");
  });

  test("When a client types /due or forges its button, then it is refused and nothing is logged", async ({ h }) => {
    const { client } = await morningWithAnna(h);
    await h.text(anna, "/due");
    expect(h.lastTextTo(anna)).toBe("Эта команда только для сотрудников салона.");
    await h.tap(anna, `due:call:${client.id}:reached`);
    expect(h.lastAnswer()?.show_alert).toBe(true);
    expect(await h.db.contactLog.count()).toBe(0);
  });

  test("When an owner opens /due, then the pool is shown, and everyone's list on a tap, a personal manager's client included", async ({ h }) => {
    const { seller } = await morningWithAnna(h);
    const vip = await h.services.clients.createAtCounter({ telegramId: owner.id, role: "owner" }, { phone: "+79005550000", name: "Вера Павловна" });
    await h.db.client.update({ where: { id: vip.client.id }, data: { birthday: new Date("1985-11-27T00:00:00Z") } });
    await h.services.followUps.assignManager({ telegramId: owner.id, role: "owner" }, vip.client.id, seller.id);
    await h.morning();
    await h.text(owner, "/due");
    expect(h.lastTextTo(owner)).toContain("📞 Общий список на сегодня: 1");
    await h.tap(owner, "due:page:all:0");
    const all = plain(String(h.telegram.lastCall("editMessageText")!.payload.text));
    expect(all).toContain("📞 Все звонки на сегодня: 2");
    expect(all).toContain("Вера Павловна");
    await h.tap(igor, "due:page:all:0");
    expect(h.lastAnswer()).toMatchObject({ text: "Эта команда только для владельца салона.", show_alert: true });
  });
});

describe("the morning push", () => {
  test("When the morning job runs, then each seller gets their list in their own language once, and a second run sends nothing", async ({ h }) => {
    await morningWithAnna(h);
    await h.hire(li, owner.id, "zh");
    await h.morning();
    expect(await h.flushOutbox()).toBe(3); // Игорь, Li, the owner (the pool)
    expect(h.lastTextTo(igor)).toContain("Доброе утро! ☀️\n📞 Кому позвонить сегодня: 1");
    expect(h.lastTextTo(li)).toContain("早上好！☀️\n📞 今天需要回访：1 位");
    expect(h.lastTextTo(li)).toContain("1. Анна Ивановна — 生日");
    expect(h.lastTextTo(owner)).toContain("Общий список на сегодня: 1");
    await h.morning();
    expect(await h.flushOutbox()).toBe(0);
    // The push's buttons work like /due's.
    await h.tap(li, "due:open:");
    expect(h.lastTextTo(li)).toContain("🎂 11月27日 生日");
  });

  test("When nothing is due, then nobody is woken by an empty list", async ({ h }) => {
    await h.hire(igor);
    await h.morning();
    expect(await h.flushOutbox()).toBe(0);
  });
});

describe("/greetings and the follow-up rules", () => {
  test("When the owner opens /greetings, adds a day and removes one, then the list follows; a seller is refused", async ({ h }) => {
    await h.hire(igor);
    await h.text(owner, "/greetings");
    const list = h.lastTextTo(owner);
    expect(list).toContain("• 8 Марта — 8 марта · русскоязычные клиенты, женщины");
    expect(list).toContain("• Китайский Новый год — по лунному календарю 1.1 (в этом году 17 февраля) · китайскоязычные клиенты");
    await h.text(owner, "/greetings add 14.02 all Валентинов день");
    expect(h.lastTextTo(owner)).toBe("Добавлено: Валентинов день — 14 февраля.");
    await h.text(owner, "/greetings add 31.02 all Нет такого");
    expect(h.lastTextTo(owner)).toBe("Не понял праздник. Например: /greetings add 14.02 all Валентинов день");
    const added = await h.db.greetingDay.findFirstOrThrow({ where: { nameRu: "Валентинов день" } });
    await h.text(owner, "/greetings");
    await h.tap(owner, `greet:remove:${added.id}`);
    expect(h.lastAnswer()?.text).toBe("Удалено: Валентинов день.");
    await h.text(igor, "/greetings");
    expect(h.lastTextTo(igor)).toBe("Эта команда только для владельца салона.");
  });

  test("When the owner sets when a regular counts as gone quiet, then it reads in months and the range is said in days or months", async ({ h }) => {
    await h.text(owner, "/set quiet 3");
    expect(h.lastTextTo(owner)).toBe("Постоянный клиент «пропал», если не покупал: 6 → 3 месяца");
    await h.text(owner, "/set follow1 0");
    expect(h.lastTextTo(owner)).toBe("Значение должно быть в пределах: 1 день — 60 дней.");
    expect((await h.services.loyalty.settings()).followUpFirstDays).toBe(3);
  });
});
