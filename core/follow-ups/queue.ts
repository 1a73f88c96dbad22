// The call list: one item per client per day with every reason that is due
// (today's and anything older not yet handled: nothing disappears by itself),
// for a seller (their own clients and the shared pool), the pool, or everyone.
import { addDays, startOfShopDay, type CivilDate } from "../calendar.ts";
import { sqlTime, type Db } from "../db/client.ts";
import { pointsSummary, type ExpiringLot } from "../loyalty/points.ts";
import { isReason, type Reason } from "./reasons.ts";

export type Scope = { kind: "staff"; staffId: number } | { kind: "pool" } | { kind: "all" };

export interface DueReason {
  id: number;
  reason: Reason;
  /** What the rule recorded: a date, a greeting's code, points and when they expire… */
  context: Record<string, unknown>;
  dueAt: Date;
  attempts: number;
}

export interface DueItem {
  clientId: number;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  phone: string | null;
  managerId: number | null;
  /** The earliest due date among the reasons: older than today means overdue. */
  since: Date;
  /** Calls that did not get through so far (the most among the reasons). */
  misses: number;
  reasons: DueReason[];
}

export interface DuePage {
  items: DueItem[];
  total: number;
  page: number;
  pages: number;
}

export interface DueCard extends DueItem {
  language: string;
  tier: { code: string; nameRu: string; nameZh: string } | null;
  contactPreference: string | null;
  contactTime: string | null;
  preferences: { stones: string | null; metals: string | null; ringSize: string | null; notes: string | null };
  manager: string | null;
  lastPurchase: { id: number; createdAt: Date; paid: number; items: { description: string; stone: string | null; metal: string | null }[] } | null;
  balance: number;
  expiring: ExpiringLot[];
  lastContact: { createdAt: Date; outcome: string | null; note: string | null } | null;
  notes: { text: string; createdAt: Date }[];
}

function scopeSql(scope: Scope): { sql: string; params: unknown[] } {
  if (scope.kind === "staff") return { sql: `(c."managerId" = ? OR c."managerId" IS NULL)`, params: [scope.staffId] };
  if (scope.kind === "pool") return { sql: `c."managerId" IS NULL`, params: [] };
  return { sql: "1 = 1", params: [] };
}

const parseContext = (json: string | null): Record<string, unknown> => {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

export function createQueue(db: Db, timeZone: string) {
  /** Everything due before the end of the shop's day. */
  const dueBefore = (today: CivilDate) => startOfShopDay(addDays(today, 1), timeZone);

  async function reasonsOf(clientIds: number[], today: CivilDate) {
    const rows = await db.followUp.findMany({
      where: { clientId: { in: clientIds }, status: "open", dueAt: { lt: dueBefore(today) } },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    });
    const byClient = new Map<number, DueReason[]>();
    for (const r of rows) {
      if (!isReason(r.reason)) continue;
      const list = byClient.get(r.clientId) ?? [];
      list.push({ id: r.id, reason: r.reason, context: parseContext(r.context), dueAt: r.dueAt, attempts: r.attempts });
      byClient.set(r.clientId, list);
    }
    return byClient;
  }

  /** A page of the list, oldest due first; the database groups and counts. */
  async function list(scope: Scope, today: CivilDate, page = 0, pageSize = 8): Promise<DuePage> {
    const where = scopeSql(scope);
    const before = sqlTime(dueBefore(today));
    const base = `FROM "FollowUp" f JOIN "Client" c ON c."id" = f."clientId"
      WHERE f."status" = 'open' AND f."dueAt" < ? AND c."forgottenAt" IS NULL AND ${where.sql}`;
    // One pass: the clients grouped with their earliest due date, the total counted alongside.
    const heads = await db.$queryRawUnsafe<{ clientId: number | bigint; total: number | bigint }[]>(
      `SELECT f."clientId" AS "clientId", MIN(f."dueAt") AS "since", COUNT(*) OVER () AS "total" ${base}
       GROUP BY f."clientId" ORDER BY "since", f."clientId" LIMIT ? OFFSET ?`,
      before,
      ...where.params,
      pageSize,
      Math.max(0, Math.floor(page) || 0) * pageSize,
    );
    let count = Number(heads[0]?.total ?? 0);
    if (heads.length === 0 && page > 0) {
      // Past the last page (the list shrank since the buttons were drawn): show the last one.
      const [{ total }] = await db.$queryRawUnsafe<[{ total: number | bigint }]>(`SELECT COUNT(DISTINCT f."clientId") AS "total" ${base}`, before, ...where.params);
      count = Number(total);
      if (count > 0) return list(scope, today, Math.ceil(count / pageSize) - 1, pageSize);
    }
    const pages = Math.max(1, Math.ceil(count / pageSize));
    const current = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
    const items = (await itemsOf([heads.map((h) => Number(h.clientId))], today))[0]!;
    return { items, total: count, page: current, pages };
  }

  /** The items of several pages of client ids, read together: one query for the clients, one for their reasons. */
  async function itemsOf(pages: number[][], today: CivilDate): Promise<DueItem[][]> {
    const ids = [...new Set(pages.flat())];
    if (ids.length === 0) return pages.map(() => []);
    const [clients, reasons] = await Promise.all([
      db.client.findMany({ where: { id: { in: ids } }, select: { id: true, givenName: true, patronymic: true, familyName: true, phone: true, managerId: true } }),
      reasonsOf(ids, today),
    ]);
    const byId = new Map(clients.map((c) => [c.id, c]));
    return pages.map((page) =>
      page.flatMap((id): DueItem[] => {
        const c = byId.get(id);
        const rs = reasons.get(id);
        if (!c || !rs?.length) return [];
        const { givenName, patronymic, familyName, phone, managerId } = c;
        return [{ clientId: id, givenName, patronymic, familyName, phone, managerId, since: rs[0]!.dueAt, misses: Math.max(...rs.map((r) => r.attempts)), reasons: rs }];
      }),
    );
  }

  /**
   * The first page of several lists at once (the morning push to every seller
   * and owner). The database groups every due client once and keeps, per
   * manager (and for the pool), the earliest few and their count; each list is
   * merged from those few, so nothing grows with the number of clients due.
   */
  async function firstPages(scopes: Scope[], today: CivilDate, pageSize = 8): Promise<DuePage[]> {
    type Head = { clientId: number | bigint; managerId: number | bigint | null; since: string; count: number | bigint };
    const heads = await db.$queryRawUnsafe<Head[]>(
      `WITH "due" AS (
         SELECT f."clientId" AS "clientId", c."managerId" AS "managerId", MIN(f."dueAt") AS "since"
         FROM "FollowUp" f JOIN "Client" c ON c."id" = f."clientId"
         WHERE f."status" = 'open' AND f."dueAt" < ? AND c."forgottenAt" IS NULL
         GROUP BY f."clientId"
       )
       SELECT "clientId", "managerId", "since", "count" FROM (
         SELECT "due".*, ROW_NUMBER() OVER (PARTITION BY "managerId" ORDER BY "since", "clientId") AS "rank",
                COUNT(*) OVER (PARTITION BY "managerId") AS "count"
         FROM "due"
       ) WHERE "rank" <= ?`,
      sqlTime(dueBefore(today)),
      pageSize,
    );
    const byManager = new Map<number | null, { count: number; heads: { clientId: number; since: string }[] }>();
    for (const h of heads) {
      const key = h.managerId === null ? null : Number(h.managerId);
      const group = byManager.get(key) ?? { count: Number(h.count), heads: [] };
      group.heads.push({ clientId: Number(h.clientId), since: h.since });
      byManager.set(key, group);
    }
    const cuts = scopes.map((scope) => {
      const groups = scope.kind === "all" ? [...byManager.values()] : [byManager.get(null), scope.kind === "staff" ? byManager.get(scope.staffId) : undefined];
      const present = groups.filter((g) => g !== undefined);
      const merged = present.flatMap((g) => g.heads).sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.clientId - b.clientId));
      return { total: present.reduce((sum, g) => sum + g.count, 0), ids: merged.slice(0, pageSize).map((h) => h.clientId) };
    });
    const items = await itemsOf(cuts.map((c) => c.ids), today);
    return cuts.map((c, i) => ({ items: items[i]!, total: c.total, page: 0, pages: Math.max(1, Math.ceil(c.total / pageSize)) }));
  }

  return {
    list,
    firstPages,

    /** One client's item with everything a seller reads before dialling; null when nothing is due. */
    async card(clientId: number, today: CivilDate, now: Date): Promise<DueCard | null> {
      const reasons = (await reasonsOf([clientId], today)).get(clientId);
      if (!reasons?.length) return null;
      const c = await db.client.findUnique({
        where: { id: clientId },
        include: {
          tier: true,
          manager: true,
          purchases: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, include: { items: true } },
          contacts: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1 },
          notes: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 2 },
        },
      });
      if (!c || c.forgottenAt) return null;
      const { balance, expiring } = await pointsSummary(db, clientId, now);
      const last = c.purchases[0];
      const contact = c.contacts[0];
      return {
        clientId,
        givenName: c.givenName,
        patronymic: c.patronymic,
        familyName: c.familyName,
        phone: c.phone,
        managerId: c.managerId,
        since: reasons[0]!.dueAt,
        misses: Math.max(...reasons.map((r) => r.attempts)),
        reasons,
        language: c.language,
        tier: c.tier,
        contactPreference: c.contactPreference,
        contactTime: c.contactTime,
        preferences: { stones: c.preferredStones, metals: c.preferredMetals, ringSize: c.ringSize, notes: c.preferenceNotes },
        manager: c.manager?.name ?? null,
        lastPurchase: last
          ? { id: last.id, createdAt: last.createdAt, paid: last.paid, items: last.items.map((i) => ({ description: i.description, stone: i.stone, metal: i.metal })) }
          : null,
        balance,
        expiring,
        lastContact: contact ? { createdAt: contact.createdAt, outcome: contact.outcome, note: contact.note } : null,
        notes: c.notes.map((n) => ({ text: n.text, createdAt: n.createdAt })),
      };
    },
  };
}
