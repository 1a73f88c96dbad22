// The client base as the importer reads it, then what the shop knows of each
// client. Every figure comes from one statement: each aggregate is computed
// once for all clients (GROUP BY) and joined, never a query per client, and
// the statement reads one snapshot, so the figures agree with each other.
import { sqlTime } from "../db/client.ts";
import { CLIENT_COLUMNS } from "./rows.ts";
import { column, num, storedDay, text, type Cell, type Column, type Dataset } from "./export-cells.ts";

const IMPORTED: Record<(typeof CLIENT_COLUMNS)[number], Column> = {
  phone: column("phone", "code"),
  given_name: column("given_name", "text"),
  patronymic: column("patronymic", "text"),
  family_name: column("family_name", "text"),
  language: column("language", "code", 9),
  birthday: column("birthday", "date"),
  card_number: column("card_number", "code", 18),
  notes: column("notes", "text", 40),
};

const columns: Column[] = [
  ...CLIENT_COLUMNS.map((name) => IMPORTED[name]),
  column("tier", "code", 10),
  column("points", "int"),
  column("purchases", "int"),
  column("total_spent", "money"),
  column("first_purchase", "date", 14),
  column("last_purchase", "date", 14),
  column("source", "code", 10),
  column("telegram", "code", 9),
  column("created", "date"),
];

// Note and PurchaseItem have no index on their owner, so their groups are
// built once and joined; the Purchase aggregate reads its covering index.
// Forgotten clients are left out: their personal data is gone.
const sql = `
SELECT c.phone, c.givenName, c.patronymic, c.familyName, c.language, c.birthday, card.number AS cardNumber,
       n.notes, t.code AS tier, coalesce(pts.points, 0) AS points,
       coalesce(ps.purchases, 0) AS purchases, coalesce(ps.spent, 0) AS spent, ps.firstAt, ps.lastAt,
       c.source, c.telegramId IS NOT NULL AS telegram, c.createdAt
FROM Client c
LEFT JOIN Card card ON card.clientId = c.id
LEFT JOIN Tier t ON t.id = c.tierId
LEFT JOIN (SELECT clientId, count(*) AS purchases, sum(paid - refundedAmount) AS spent,
                  min(createdAt) AS firstAt, max(createdAt) AS lastAt
           FROM Purchase GROUP BY clientId) ps ON ps.clientId = c.id
LEFT JOIN (SELECT clientId, sum(remaining) AS points FROM PointsEntry
           WHERE remaining > 0 AND (expiresAt IS NULL OR expiresAt > :now) GROUP BY clientId) pts ON pts.clientId = c.id
LEFT JOIN (SELECT clientId, group_concat(text, ' | ' ORDER BY createdAt, id) AS notes
           FROM Note GROUP BY clientId) n ON n.clientId = c.id
WHERE c.forgottenAt IS NULL
ORDER BY c.id`;

export const clientsDataset: Dataset = {
  columns,
  sql,
  // The live balance: lots with points left that have not expired by now.
  params: (now) => ({ now: sqlTime(now) }),
  cells: (r, shop): Cell[] => [
    text(r.phone),
    text(r.givenName),
    text(r.patronymic),
    text(r.familyName),
    text(r.language),
    storedDay(r.birthday),
    text(r.cardNumber),
    text(r.notes),
    text(r.tier),
    num(r.points),
    num(r.purchases),
    num(r.spent),
    shop.day(r.firstAt),
    shop.day(r.lastAt),
    text(r.source),
    r.telegram ? "yes" : "no",
    shop.day(r.createdAt),
  ],
};
