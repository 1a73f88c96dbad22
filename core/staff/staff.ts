// Who may do what. Owners are named in configuration; staff join through a
// single-use, expiring invite that an owner creates and can revoke; everyone
// else is a client. Only a hash of an invite token is stored.
import { createHash, randomBytes } from "node:crypto";
import { audit, type Actor, type Role } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";

export const INVITE_PREFIX = "staff_";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface StaffMember {
  id: number;
  telegramId: number;
  name: string;
  /** The language they chose in the bot (their morning list comes in it). */
  language: string;
  joinedAt: Date;
}

export function createStaffService(db: Db, clock: Clock, ownerIds: readonly number[], inviteHours: number) {
  const owners = new Set(ownerIds);
  // Every update asks for the sender's role: the active staff are kept in
  // memory and reloaded after a join or a revocation made here.
  let activeStaff: Promise<Set<number>> | null = null;
  const staffIds = () =>
    (activeStaff ??= db.staff
      .findMany({ where: { active: true }, select: { telegramId: true } })
      .then((rows) => new Set(rows.map((r) => Number(r.telegramId)))));
  const forgetStaffCache = () => {
    activeStaff = null;
  };
  const toMember = (s: { id: number; telegramId: bigint; name: string; language: string; joinedAt: Date }): StaffMember => ({
    id: s.id,
    telegramId: Number(s.telegramId),
    name: s.name,
    language: s.language,
    joinedAt: s.joinedAt,
  });

  return {
    isOwner: (telegramId: number) => owners.has(telegramId),

    /** Deny by default: only a listed owner or an active staff row grants more than "client". */
    async roleOf(telegramId: number): Promise<Role> {
      if (owners.has(telegramId)) return "owner";
      return (await staffIds()).has(telegramId) ? "staff" : "client";
    },

    async listActive(): Promise<StaffMember[]> {
      const rows = await db.staff.findMany({ where: { active: true }, orderBy: { joinedAt: "asc" } });
      return rows.map(toMember);
    },

    /** The active member with this Telegram account; null for owners and clients. */
    async member(telegramId: number): Promise<StaffMember | null> {
      const row = await db.staff.findFirst({ where: { telegramId: BigInt(telegramId), active: true } });
      return row ? toMember(row) : null;
    },

    /** Returns the raw token (shown once, in the link) and when it expires. */
    async createInvite(owner: Actor): Promise<{ token: string; expiresAt: Date }> {
      const token = randomBytes(16).toString("base64url");
      const expiresAt = new Date(clock.now().getTime() + inviteHours * 3_600_000);
      await db.$transaction(async (tx) => {
        const invite = await tx.staffInvite.create({
          data: { tokenHash: hashToken(token), createdByTelegramId: BigInt(owner.telegramId ?? 0), expiresAt },
        });
        await audit(tx, owner, { action: "staff.invite_created", entity: "staff_invite", entityId: invite.id, details: { expiresAt } });
      });
      return { token, expiresAt };
    },

    /** Uses an invite once; a second tap, an expired or a revoked link is refused. */
    async redeemInvite(token: string, user: { telegramId: number; name: string; language: string }) {
      if (owners.has(user.telegramId)) throw new DomainError("is_owner");
      const invite = await db.staffInvite.findUnique({ where: { tokenHash: hashToken(token) } });
      if (!invite || invite.revokedAt) throw new DomainError("invite_invalid");
      const existing = await db.staff.findUnique({ where: { telegramId: BigInt(user.telegramId) } });
      if (existing?.active) throw new DomainError("already_staff");
      if (invite.usedAt) throw new DomainError("invite_used");
      const now = clock.now();
      if (invite.expiresAt <= now) throw new DomainError("invite_expired");
      // The cache is dropped after the commit, so no reader can cache the old team again.
      return db.$transaction(async (tx) => {
        // The guarded update makes the invite single-use even under two concurrent taps.
        const { count } = await tx.staffInvite.updateMany({
          where: { id: invite.id, usedAt: null },
          data: { usedAt: now, usedByTelegramId: BigInt(user.telegramId) },
        });
        if (count !== 1) throw new DomainError("invite_used");
        const staff = await tx.staff.upsert({
          where: { telegramId: BigInt(user.telegramId) },
          create: {
            telegramId: BigInt(user.telegramId),
            name: user.name,
            language: user.language,
            invitedByTelegramId: invite.createdByTelegramId,
            joinedAt: now,
          },
          update: { active: true, revokedAt: null, name: user.name, invitedByTelegramId: invite.createdByTelegramId, joinedAt: now },
        });
        await audit(tx, { telegramId: user.telegramId, role: "staff" }, {
          action: "staff.joined",
          entity: "staff",
          entityId: staff.id,
          details: { inviteId: invite.id },
        });
        return { member: toMember(staff), invitedBy: Number(invite.createdByTelegramId) };
      }).finally(forgetStaffCache);
    },

    async revoke(owner: Actor, staffId: number): Promise<StaffMember> {
      return db.$transaction(async (tx) => {
        const staff = await tx.staff.findUnique({ where: { id: staffId } });
        if (!staff?.active) throw new DomainError("staff_not_found");
        const updated = await tx.staff.update({ where: { id: staffId }, data: { active: false, revokedAt: clock.now() } });
        await audit(tx, owner, { action: "staff.revoked", entity: "staff", entityId: staffId });
        return toMember(updated);
      }).finally(forgetStaffCache);
    },

    async setLanguage(telegramId: number, language: string) {
      await db.staff.updateMany({ where: { telegramId: BigInt(telegramId) }, data: { language } });
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
