// Reading wishes: the open ones for staff (oldest first, by stone), a client's
// own, and the row → plain object mapping the rest of core uses.
import { Prisma, type Db } from "../db/client.ts";
import type { Wish, WishClient, WishWithClient } from "./types.ts";

type Row = Prisma.WishGetPayload<object>;
type ClientRow = { id: number; telegramId: bigint | null; phone: string | null; language: string; givenName: string | null; patronymic: string | null; familyName: string | null; gender: string | null };

export const clientSelect = { id: true, telegramId: true, phone: true, language: true, givenName: true, patronymic: true, familyName: true, gender: true } as const;

export const wishOf = (w: Row): Wish => ({
  id: w.id,
  clientId: w.clientId,
  status: w.status,
  closedReason: w.closedReason,
  stone: w.stone,
  jewelryKind: w.jewelryKind,
  budget: w.budget,
  size: w.size,
  // A wish with no free text keeps "" in the column, which is required.
  text: w.text || null,
  createdAt: w.createdAt,
  notifiedAt: w.notifiedAt,
  byStaff: w.createdByTelegramId !== null,
});

export const wishClientOf = (c: ClientRow): WishClient => ({ ...c, telegramId: c.telegramId === null ? null : Number(c.telegramId) });

/** "изумруд", "Изумруд", "ИЗУМРУД": SQLite's LIKE folds ASCII only, so Cyrillic is matched in its usual cases (as segments.ts does). */
function likeAnyCase(column: Prisma.Sql, word: string): Prisma.Sql {
  const lower = word.toLocaleLowerCase();
  const variants = [...new Set([word, lower, lower.charAt(0).toLocaleUpperCase() + lower.slice(1), word.toLocaleUpperCase()])];
  return Prisma.join(variants.map((v) => Prisma.sql`${column} LIKE ${`%${v.replace(/[%_\\]/g, "\\$&")}%`} ESCAPE '\\'`), " OR ");
}

/** Open wishes of clients still with the shop, oldest first; a stone matches the stone or the free text ("изумрудные серьги"). */
export async function listOpen(db: Db, options: { stone?: string | null; limit: number }): Promise<{ total: number; wishes: WishWithClient[] }> {
  const byStone = options.stone
    ? Prisma.sql`AND (${likeAnyCase(Prisma.raw(`w."stone"`), options.stone)} OR ${likeAnyCase(Prisma.raw(`w."text"`), options.stone)})`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ id: number | bigint; total: number | bigint }[]>(Prisma.sql`
    SELECT w."id", COUNT(*) OVER () AS total FROM "Wish" w JOIN "Client" c ON c."id" = w."clientId"
    WHERE w."kind" = 'wish' AND w."status" = 'open' AND c."forgottenAt" IS NULL ${byStone}
    ORDER BY w."createdAt", w."id" LIMIT ${options.limit}`);
  if (rows.length === 0) return { total: 0, wishes: [] };
  const ids = rows.map((r) => Number(r.id));
  const found = await db.wish.findMany({ where: { id: { in: ids } }, include: { client: { select: clientSelect } } });
  const byId = new Map(found.map((w) => [w.id, { ...wishOf(w), client: wishClientOf(w.client) }]));
  return { total: Number(rows[0]!.total), wishes: ids.flatMap((id) => byId.get(id) ?? []) };
}

/** A client's open wishes, oldest first: what /wish shows them, and what their file's query includes. */
export const openWishesQuery = { where: { kind: "wish", status: "open" }, orderBy: [{ createdAt: "asc" as const }, { id: "asc" as const }], take: 20 };

export async function openOf(db: Db, clientId: number): Promise<Wish[]> {
  const rows = await db.wish.findMany({ ...openWishesQuery, where: { ...openWishesQuery.where, clientId } });
  return rows.map(wishOf);
}
