import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/clock.ts";
import { createServices, type Services } from "../../core/services.ts";
import { createTestDb, type TestDb } from "../support/db.ts";

let t: TestDb;
let s: Services;
const clock = fixedClock(new Date("2026-11-24T09:00:00Z"));
const OWNER = { telegramId: 1, role: "owner" as const };

beforeAll(async () => {
  t = await createTestDb();
  s = createServices(t.db, { OWNER_IDS: [1], SHOP_CURRENCY: "RUB", STAFF_INVITE_HOURS: 24 }, clock);
});
afterAll(() => t.close());

describe("roles and staff invites", () => {
  it("When nobody has been invited, then owners are owners and everyone else is a client", async () => {
    expect(await s.staff.roleOf(1)).toBe("owner");
    expect(await s.staff.roleOf(2)).toBe("client");
  });

  it("When an invite is used, then the person is staff and the invite cannot be used again", async () => {
    const { token } = await s.staff.createInvite(OWNER);
    const stored = await t.db.staffInvite.findFirstOrThrow();
    expect(stored.tokenHash).not.toContain(token);
    const { member, invitedBy } = await s.staff.redeemInvite(token, { telegramId: 2, name: "Ирина", language: "ru" });
    expect(member.name).toBe("Ирина");
    expect(invitedBy).toBe(1);
    expect(await s.staff.roleOf(2)).toBe("staff");
    await expect(s.staff.redeemInvite(token, { telegramId: 3, name: "Пётр", language: "ru" })).rejects.toThrow("invite_used");
    expect(await s.staff.roleOf(3)).toBe("client");
  });

  it("When two people use one invite at the same moment, then only one becomes staff", async () => {
    const { token } = await s.staff.createInvite(OWNER);
    const results = await Promise.allSettled([
      s.staff.redeemInvite(token, { telegramId: 4, name: "A", language: "ru" }),
      s.staff.redeemInvite(token, { telegramId: 5, name: "B", language: "zh" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("When an invite is older than its lifetime, then it is refused", async () => {
    const { token } = await s.staff.createInvite(OWNER);
    clock.advance(25 * 3_600_000);
    await expect(s.staff.redeemInvite(token, { telegramId: 6, name: "C", language: "ru" })).rejects.toThrow("invite_expired");
  });

  it("When a token is unknown, or an owner follows a link, then it is refused", async () => {
    await expect(s.staff.redeemInvite("forged", { telegramId: 7, name: "D", language: "ru" })).rejects.toThrow("invite_invalid");
    const { token } = await s.staff.createInvite(OWNER);
    await expect(s.staff.redeemInvite(token, { telegramId: 1, name: "Owner", language: "ru" })).rejects.toThrow("is_owner");
  });

  it("When an owner revokes a member, then they are a client again and it is audit-logged", async () => {
    const [member] = await s.staff.listActive();
    await s.staff.revoke(OWNER, member!.id);
    expect(await s.staff.roleOf(member!.telegramId)).toBe("client");
    await expect(s.staff.revoke(OWNER, member!.id)).rejects.toThrow("staff_not_found");
    const actions = (await t.db.auditLog.findMany({ orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toContain("staff.invite_created");
    expect(actions).toContain("staff.joined");
    expect(actions.at(-1)).toBe("staff.revoked");
  });
});
