import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buttonsOf, createHarness, type Harness, type Person } from "../support/bot-harness.ts";

let h: Harness;
const owner: Person = { id: 1, first_name: "Елена", language_code: "ru" };
const seller: Person = { id: 401, first_name: "Игорь", language_code: "ru" };
const client: Person = { id: 402, first_name: "Вера", language_code: "ru" };
const intruder: Person = { id: 403, first_name: "Мошенник", language_code: "zh" };

beforeAll(async () => {
  h = await createHarness({ ownerIds: [owner.id] });
});
afterEach(() => {
  expect(h.telegram.violations).toEqual([]);
});
afterAll(() => h.close());

const inviteToken = () => {
  const text = h.lastTextTo(owner);
  const m = /start=staff_([\w-]+)/.exec(text);
  if (!m) throw new Error(`no invite link in: ${text}`);
  return m[1]!;
};

describe("roles", () => {
  it("When a client types /staff, then it is refused and nothing changes", async () => {
    await h.text(client, "/staff");
    expect(h.lastTextTo(client)).toBe("Эта команда только для владельца салона.");
    expect(await h.db.staffInvite.count()).toBe(0);
    expect(await h.db.auditLog.count()).toBe(0);
  });

  it("When a client replays an owner's button, then it is refused and no invite is made", async () => {
    await h.tap(intruder, "staff:invite");
    expect(h.telegram.lastCall("answerCallbackQuery")!.payload).toMatchObject({ text: "此命令仅限店主使用。", show_alert: true });
    expect(await h.db.staffInvite.count()).toBe(0);
  });

  it("When the owner opens /staff and creates an invite, then a single-use t.me link is given", async () => {
    await h.text(owner, "/start");
    expect(h.lastTextTo(owner)).toContain("владелец");
    await h.text(owner, "/staff");
    expect(h.lastTextTo(owner)).toContain("пока никого");
    expect(buttonsOf(h, owner)).toEqual(["staff:invite"]);
    await h.tap(owner, "staff:invite");
    expect(h.lastTextTo(owner)).toMatch(/https:\/\/t\.me\/jewelry_concierge_bot\?start=staff_[\w-]{20,}/);
  });

  it("When a seller follows the link, then they become staff, get the staff menu, and the owner is told", async () => {
    const token = inviteToken();
    h.telegram.clear();
    await h.text(seller, `/start staff_${token}`);
    expect(h.lastTextTo(seller)).toContain("Добро пожаловать в команду");
    expect(h.telegram.lastCall("setMyCommands")!.payload.scope).toEqual({ type: "chat", chat_id: seller.id });
    expect(h.lastTextTo(owner)).toContain("Игорь принял(а) приглашение");
    expect(await h.services.staff.roleOf(seller.id)).toBe("staff");
  });

  it("When someone else uses the same link again, then it is refused", async () => {
    await h.tap(owner, "staff:invite");
    const fresh = inviteToken();
    await h.text(intruder, `/start staff_${fresh}`);
    await h.text(client, `/start staff_${fresh}`);
    expect(h.lastTextTo(client)).toContain("уже использовано");
    expect(await h.services.staff.roleOf(client.id)).toBe("client");
  });

  it("When a staff member (not owner) types /staff, then it is refused", async () => {
    await h.text(seller, "/staff");
    expect(h.lastTextTo(seller)).toBe("Эта команда только для владельца салона.");
  });

  it("When the owner revokes the seller, then the seller is a client again", async () => {
    await h.text(owner, "/staff");
    const revoke = buttonsOf(h, owner).find((b) => b.startsWith("staff:revoke:"))!;
    await h.tap(owner, revoke);
    expect(h.telegram.lastCall("answerCallbackQuery")!.payload.text).toContain("Доступ отозван");
    expect(await h.services.staff.roleOf(seller.id)).toBe("client");
    await h.tap(owner, revoke);
    expect(h.telegram.lastCall("answerCallbackQuery")!.payload.text).toBe("Этот сотрудник уже не в команде.");
  });
});
