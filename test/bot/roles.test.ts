import { describe, expect } from "vitest";
import { botTest, type Harness, type Person } from "../support/bot-harness.ts";

const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const seller: Person = { id: 401, first_name: "Игорь", language_code: "ru" };
const client: Person = { id: 402, first_name: "Вера", language_code: "ru" };
const intruder: Person = { id: 403, first_name: "Мошенник", language_code: "zh" };

const test = botTest({ ownerIds: [owner.id] });

/** The owner opens /staff and taps "invite", as they would; returns the token of the link the bot gave. */
async function invite(h: Harness) {
  await h.text(owner, "/staff");
  await h.tap(owner, "staff:invite");
  const text = h.lastTextTo(owner);
  const m = /start=staff_([\w-]+)/.exec(text);
  if (!m) throw new Error(`no invite link in: ${text}`);
  return m[1]!;
}

describe("roles", () => {
  test("When a client types /staff, then it is refused and nothing changes", async ({ h }) => {
    await h.text(client, "/staff");
    expect(h.lastTextTo(client)).toBe("Эта команда только для владельца салона.");
    expect(await h.db.staffInvite.count()).toBe(0);
    expect(await h.db.auditLog.count()).toBe(0);
  });

  test("When a client replays an owner's button, then it is refused and no invite is made", async ({ h }) => {
    await h.tap(intruder, "staff:invite");
    expect(h.lastAnswer()).toMatchObject({ text: "此命令仅限店主使用。", show_alert: true });
    expect(await h.db.staffInvite.count()).toBe(0);
  });

  test("When the owner opens /staff and creates an invite, then a single-use t.me link is given", async ({ h }) => {
    await h.text(owner, "/start");
    expect(h.lastTextTo(owner)).toContain("владелец");
    await h.text(owner, "/staff");
    expect(h.lastTextTo(owner)).toContain("пока никого");
    expect(h.buttonsOf(owner)).toEqual(["staff:invite"]);
    await h.tap(owner, "staff:invite");
    expect(h.lastTextTo(owner)).toMatch(/https:\/\/t\.me\/jewelry_concierge_bot\?start=staff_[\w-]{20,}/);
    expect(await h.db.staffInvite.count()).toBe(1);
  });

  test("When a seller follows the link, then they become staff, get the staff menu, and the owner is told", async ({ h }) => {
    const token = await invite(h);
    h.telegram.clear();
    await h.text(seller, `/start staff_${token}`);
    expect(h.lastTextTo(seller)).toContain("Добро пожаловать в команду");
    expect(h.telegram.lastCall("setMyCommands")!.payload.scope).toEqual({ type: "chat", chat_id: seller.id });
    expect(h.lastTextTo(owner)).toContain("Игорь принял(а) приглашение");
    expect(await h.services.staff.roleOf(seller.id)).toBe("staff");
  });

  test("When someone else uses the same link again, then it is refused", async ({ h }) => {
    const token = await invite(h);
    await h.text(intruder, `/start staff_${token}`);
    expect(await h.services.staff.roleOf(intruder.id)).toBe("staff");
    await h.text(client, `/start staff_${token}`);
    expect(h.lastTextTo(client)).toContain("уже использовано");
    expect(await h.services.staff.roleOf(client.id)).toBe("client");
  });

  test("When a staff member (not owner) types /staff, then it is refused", async ({ h }) => {
    await h.hire(seller);
    const invites = await h.db.staffInvite.count();
    await h.text(seller, "/staff");
    expect(h.lastTextTo(seller)).toBe("Эта команда только для владельца салона.");
    expect(await h.db.staffInvite.count()).toBe(invites);
  });

  test("When the owner revokes the seller, then the seller is a client again", async ({ h }) => {
    await h.hire(seller);
    await h.text(owner, "/staff");
    const revoke = h.buttonsOf(owner).find((b) => b.startsWith("staff:revoke:"))!;
    await h.tap(owner, revoke);
    expect(h.lastAnswer()?.text).toBe("Доступ отозван: Игорь");
    expect(await h.services.staff.roleOf(seller.id)).toBe("client");
    await h.tapAgain(owner, revoke);
    expect(h.lastAnswer()?.text).toBe("Этот сотрудник уже не в команде.");
    expect(await h.services.staff.roleOf(seller.id)).toBe("client");
  });
});
