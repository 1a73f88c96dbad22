// The audit log: who changed money, points or roles, and when. Written inside
// the same transaction as the change, so one never exists without the other.
import type { Prisma } from "../db/client.ts";

export type Role = "owner" | "staff" | "client";
export type Actor = { telegramId: number | null; role: Role | "system" };

export const SYSTEM: Actor = { telegramId: null, role: "system" };

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number;
  details?: Record<string, unknown>;
}

const row = (actor: Actor, entry: AuditEntry) => ({
  actorTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId),
  actorRole: actor.role,
  action: entry.action,
  entity: entry.entity,
  entityId: entry.entityId === undefined ? null : String(entry.entityId),
  details: entry.details ? JSON.stringify(entry.details) : null,
});

export async function audit(tx: Prisma.TransactionClient, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: row(actor, entry) });
}

/** Many entries in one statement, for batch jobs (the morning's birthday bonuses). */
export async function auditMany(tx: Prisma.TransactionClient, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length) await tx.auditLog.createMany({ data: entries.map((e) => row(actor, e)) });
}
