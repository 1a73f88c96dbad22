// A client's own history, newest first, a page at a time (Telegram messages
// stay short; the client pages with buttons).
import type { Db } from "../db/client.ts";
import { isPointsEntryKind } from "./points.ts";

export interface Page<T> {
  items: T[];
  /** 0-based, clamped into range. */
  page: number;
  pages: number;
  total: number;
}

const clamp = (page: number, pages: number) => Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);

export async function purchaseHistory(db: Db, clientId: number, page: number, pageSize = 5) {
  const total = await db.purchase.count({ where: { clientId } });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = clamp(page, pages);
  const rows = await db.purchase.findMany({
    where: { clientId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: current * pageSize,
    take: pageSize,
    include: { items: { select: { description: true, stone: true, metal: true, size: true } } },
  });
  return { items: rows, page: current, pages, total };
}

export async function pointsHistory(db: Db, clientId: number, page: number, pageSize = 10) {
  const total = await db.pointsEntry.count({ where: { clientId } });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const current = clamp(page, pages);
  const rows = await db.pointsEntry.findMany({
    where: { clientId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: current * pageSize,
    take: pageSize,
    select: { id: true, createdAt: true, kind: true, amount: true, expiresAt: true, reason: true, purchaseId: true },
  });
  // The column is text; a kind this code does not know is shown as an adjustment.
  const items = rows.map((r) => ({ ...r, kind: isPointsEntryKind(r.kind) ? r.kind : ("adjust" as const) }));
  return { items, page: current, pages, total };
}
