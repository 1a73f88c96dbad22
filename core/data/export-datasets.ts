// The purchases, the points ledger and the service tickets, one row each, in
// the order they were written. Rows of forgotten clients stay (with no phone):
// they are the shop's sales and work, and its reports count them.
import { PURCHASE_COLUMNS } from "./rows.ts";
import { column, num, text, type Cell, type Column, type Dataset } from "./export-cells.ts";
import { clientsDataset } from "./export-clients.ts";

export const EXPORT_DATASETS = ["clients", "purchases", "points", "tickets"] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];

const PURCHASE_IMPORTED: Record<(typeof PURCHASE_COLUMNS)[number], Column> = {
  phone: column("phone", "code"),
  card_number: column("card_number", "code", 18),
  date: column("date", "date"),
  amount: column("amount", "money"),
  description: column("description", "text", 30),
  stone: column("stone", "text"),
  metal: column("metal", "text"),
};

// PurchaseItem has no index on purchaseId: its groups are built once and
// joined. A purchase of several items joins each field with "; " (an item
// without a stone adds none). Telegram ids are read as text: they are BigInt.
const purchases: Dataset = {
  columns: [
    ...PURCHASE_COLUMNS.map((name) => PURCHASE_IMPORTED[name]),
    column("id", "int"),
    column("price", "money"),
    column("discount", "money"),
    column("points_redeemed", "int", 16),
    column("cashback", "int"),
    column("refunded", "money"),
    column("status", "code", 18),
    column("seller", "code", 14),
    column("time", "code", 8),
  ],
  sql: `
SELECT p.id, c.phone, card.number AS cardNumber, p.createdAt, p.paid, p.amount, p.discount, p.redeemedPoints,
       p.cashbackPoints, p.refundedAmount, p.status, CAST(p.staffTelegramId AS TEXT) AS seller,
       i.description, i.stone, i.metal
FROM Purchase p
JOIN Client c ON c.id = p.clientId
LEFT JOIN Card card ON card.clientId = p.clientId
LEFT JOIN (SELECT purchaseId, group_concat(description, '; ' ORDER BY id) AS description,
                  group_concat(stone, '; ' ORDER BY id) AS stone, group_concat(metal, '; ' ORDER BY id) AS metal
           FROM PurchaseItem GROUP BY purchaseId) i ON i.purchaseId = p.id
ORDER BY p.id`,
  params: () => ({}),
  cells: (r, shop): Cell[] => [
    text(r.phone),
    text(r.cardNumber),
    shop.day(r.createdAt),
    num(r.paid),
    text(r.description),
    text(r.stone),
    text(r.metal),
    num(r.id),
    num(r.amount),
    num(r.discount),
    num(r.redeemedPoints),
    num(r.cashbackPoints),
    num(r.refundedAmount),
    text(r.status),
    text(r.seller),
    shop.time(r.createdAt),
  ],
};

const points: Dataset = {
  columns: [
    column("phone", "code"),
    column("card_number", "code", 18),
    column("date", "date"),
    column("kind", "code", 10),
    column("amount", "int"),
    column("remaining", "int"),
    column("expires", "date"),
    column("reason", "text", 30),
    column("purchase_id", "int", 12),
  ],
  sql: `
SELECT c.phone, card.number AS cardNumber, e.createdAt, e.kind, e.amount, e.remaining, e.expiresAt, e.reason, e.purchaseId
FROM PointsEntry e
JOIN Client c ON c.id = e.clientId
LEFT JOIN Card card ON card.clientId = e.clientId
ORDER BY e.id`,
  params: () => ({}),
  cells: (r, shop): Cell[] => [
    text(r.phone),
    text(r.cardNumber),
    shop.day(r.createdAt),
    text(r.kind),
    num(r.amount),
    num(r.remaining),
    shop.day(r.expiresAt),
    text(r.reason),
    num(r.purchaseId),
  ],
};

const tickets: Dataset = {
  columns: [
    column("number", "code", 10),
    column("phone", "code"),
    column("kind", "code", 12),
    column("description", "text", 40),
    column("stage", "code", 12),
    column("estimate", "money"),
    column("free", "code", 6),
    column("created", "date"),
    column("handed_over", "date", 13),
  ],
  sql: `
SELECT t.number, c.phone, t.kind, t.description, t.stage, t.estimateAmount, t.free, t.createdAt, t.handedOverAt
FROM ServiceTicket t
JOIN Client c ON c.id = t.clientId
ORDER BY t.id`,
  params: () => ({}),
  cells: (r, shop): Cell[] => [
    text(r.number),
    text(r.phone),
    text(r.kind),
    text(r.description),
    text(r.stage),
    num(r.estimateAmount),
    r.free ? "yes" : "no",
    shop.day(r.createdAt),
    shop.day(r.handedOverAt),
  ],
};

export const DATASETS: Record<ExportDataset, Dataset> = { clients: clientsDataset, purchases, points, tickets };
