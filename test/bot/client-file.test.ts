import { describe, expect } from "vitest";
import { botTest, type Harness, type Person } from "../support/bot-harness.ts";

const seller: Person = { id: 501, first_name: "Игорь", language_code: "ru" };
const anna: Person = { id: 502, first_name: "Анна", language_code: "ru" };
const test = botTest();

/** Анна with one purchase of a tanzanite ring, and a seller. */
async function annaWithARing(h: Harness) {
  await h.hire(seller);
  const client = await h.join(anna, "+79001234567", "Анна Ивановна", "ru");
  await h.services.purchases.log(
    { clientId: client.id, amount: 75_000_00, items: [{ description: "Кольцо", stone: "танзанит", metal: "золото 585", size: "17" }], redeem: 0, idempotencyKey: "ring" },
    { telegramId: seller.id, role: "staff" },
  );
  return client;
}

describe("/client", () => {
  test("When the seller opens Анна's file by name, then totals, stones and notes are shown", async ({ h }) => {
    await annaWithARing(h);
    await h.text(seller, "/client анна");
    const file = h.lastTextTo(seller);
    expect(file).toContain("👤 Анна Ивановна");
    expect(file).toContain("Всего покупок на 71 250 ₽, покупок: 1, средний чек 71 250 ₽");
    expect(file).toContain("Кольцо, танзанит, золото 585, 17");
    await h.tap(seller, "file:note:");
    await h.text(seller, "Любит танзаниты, позвонить к годовщине");
    expect(h.lastTextTo(seller)).toBe("Заметка сохранена.");
    await h.text(seller, "/client +7 900 123 45 67");
    expect(h.lastTextTo(seller)).toContain("Любит танзаниты");
  });

  test("When a name matches several clients, then the seller picks one from buttons", async ({ h }) => {
    await annaWithARing(h);
    await h.services.clients.createAtCounter({ telegramId: seller.id, role: "staff" }, { phone: "+79005550000", name: "Анна Петровна" });
    await h.text(seller, "/client Анна");
    expect(h.lastTextTo(seller)).toContain("Нашлось клиентов: 2");
    expect(h.buttonsOf(seller)).toHaveLength(2);
    await h.tap(seller, "file:show:");
    expect(h.lastTextTo(seller)).toContain("👤 Анна");
  });

  test("When a note is only invisible characters, then it is refused and nothing is saved", async ({ h }) => {
    await annaWithARing(h);
    await h.text(seller, "/client анна");
    await h.tap(seller, "file:note:");
    await h.text(seller, "\u200b\u200d\u2060");
    expect(h.lastTextTo(seller)).toBe("Заметка должна быть от 1 до 1000 символов.");
    expect(await h.db.note.count()).toBe(0);
  });
});

describe("a personal manager", () => {
  const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };

  test("When the owner gives Анна a personal manager from her file, then it shows there; a seller cannot, and back to the pool works", async ({ h }) => {
    const client = await annaWithARing(h);
    await h.text(owner, "/client анна");
    await h.tap(owner, "file:manager:");
    expect(h.lastTextTo(owner)).toContain("Кто будет персональным менеджером");
    await h.tap(owner, "file:assign:");
    expect(h.lastTextTo(owner)).toBe("Персональный менеджер: Игорь. Звонки клиента теперь в его списке.");
    await h.text(seller, "/client анна");
    expect(h.lastTextTo(seller)).toContain("Персональный менеджер: Игорь");
    expect(h.buttonsOf(seller).some((d) => d.startsWith("file:manager:"))).toBe(false);
    await h.tap(seller, `file:assign:${client.id}:0`);
    expect(h.lastAnswer()).toMatchObject({ text: "Эта команда только для владельца салона.", show_alert: true });
    expect((await h.db.client.findUniqueOrThrow({ where: { id: client.id } })).managerId).not.toBeNull();
    await h.text(owner, "/client анна");
    await h.tap(owner, "file:manager:");
    await h.tap(owner, `file:assign:${client.id}:0`);
    expect(h.lastTextTo(owner)).toBe("Клиент снова в общем списке звонков.");
    expect((await h.db.client.findUniqueOrThrow({ where: { id: client.id } })).managerId).toBeNull();
  });
});
