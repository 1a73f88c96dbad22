// The client's file for staff: what they bought (with the stones), what they
// are worth to the shop, their dates, notes and contacts — before any call.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import { expiringSoon, pointsBalance, type ExpiringLot } from "../loyalty/points.ts";
import { tagsOf } from "./tags.ts";
import { openWishesQuery, wishOf } from "../wishes/queries.ts";
import type { Wish } from "../wishes/types.ts";
import { feedbackEntryOf, recentFeedbackInclude } from "../feedback/records.ts";
import type { FeedbackEntry } from "../feedback/types.ts";

export const FAMILY_DATE_KINDS = ["anniversary", "spouse_birthday", "child_birthday", "other"] as const;
export type FamilyDateKind = (typeof FAMILY_DATE_KINDS)[number];
const isFamilyDateKind = (s: string): s is FamilyDateKind => (FAMILY_DATE_KINDS as readonly string[]).includes(s);

export interface ClientFile {
  id: number;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  phone: string | null;
  language: string;
  birthday: Date | null;
  hasTelegram: boolean;
  blocked: boolean;
  cardNumber: string | null;
  tier: { code: string; nameRu: string; nameZh: string; discountBp: number; cashbackBp: number } | null;
  totalSpent: number;
  purchaseCount: number;
  averageCheck: number;
  lastPurchases: {
    id: number;
    createdAt: Date;
    amount: number;
    paid: number;
    status: string;
    items: { description: string; stone: string | null; metal: string | null; size: string | null }[];
  }[];
  balance: number;
  expiring: ExpiringLot[];
  preferences: { stones: string | null; metals: string | null; ringSize: string | null; contactPreference: string | null };
  familyDates: { kind: FamilyDateKind; label: string | null; month: number; day: number; year: number | null }[];
  notes: { text: string; createdAt: Date; authorTelegramId: number }[];
  referrals: { count: number; names: string[] };
  contacts: { channel: string; outcome: string | null; note: string | null; createdAt: Date }[];
  openTickets: { number: string; kind: string; stage: string }[];
  /** Tags staff put on the client, for broadcasts to a tag. */
  tags: string[];
  manager: string | null;
  /** "I am looking for…": what to offer when it arrives. */
  openWishes: Wish[];
  /** The last ratings, refusals, returns and complaints. */
  feedback: FeedbackEntry[];
}

export async function getClientFile(db: Db, clock: Clock, clientId: number): Promise<ClientFile> {
  const c = await db.client.findUnique({
    where: { id: clientId },
    include: {
      card: true,
      tier: true,
      manager: true,
      familyDates: { orderBy: [{ month: "asc" }, { day: "asc" }] },
      notes: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 10 },
      contacts: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 5 },
      tickets: { where: { stage: { notIn: ["handed_over", "cancelled"] } }, orderBy: { createdAt: "desc" } },
      purchases: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 5, include: { items: true } },
      referrals: { where: { forgottenAt: null }, select: { givenName: true }, orderBy: { id: "asc" } },
      wishes: openWishesQuery,
      feedback: recentFeedbackInclude,
    },
  });
  if (!c || c.forgottenAt) throw new DomainError("client_not_found");
  const now = clock.now();
  const [totals, purchaseCount, balance, expiring] = await Promise.all([
    db.purchase.aggregate({ where: { clientId }, _sum: { paid: true, refundedAmount: true } }),
    db.purchase.count({ where: { clientId, status: { not: "refunded" } } }),
    pointsBalance(db, clientId, now),
    expiringSoon(db, clientId, now),
  ]);
  const totalSpent = (totals._sum.paid ?? 0) - (totals._sum.refundedAmount ?? 0);
  return {
    id: c.id,
    givenName: c.givenName,
    patronymic: c.patronymic,
    familyName: c.familyName,
    phone: c.phone,
    language: c.language,
    birthday: c.birthday,
    hasTelegram: c.telegramId !== null,
    blocked: c.blockedAt !== null,
    cardNumber: c.card?.number ?? null,
    tier: c.tier,
    totalSpent,
    purchaseCount,
    averageCheck: purchaseCount ? Math.round(totalSpent / purchaseCount) : 0,
    lastPurchases: c.purchases.map((p) => ({
      id: p.id,
      createdAt: p.createdAt,
      amount: p.amount,
      paid: p.paid,
      status: p.status,
      items: p.items.map((i) => ({ description: i.description, stone: i.stone, metal: i.metal, size: i.size })),
    })),
    balance,
    expiring,
    preferences: { stones: c.preferredStones, metals: c.preferredMetals, ringSize: c.ringSize, contactPreference: c.contactPreference },
    familyDates: c.familyDates.map((d) => ({ kind: isFamilyDateKind(d.kind) ? d.kind : "other", label: d.label, month: d.month, day: d.day, year: d.year })),
    notes: c.notes.map((n) => ({ text: n.text, createdAt: n.createdAt, authorTelegramId: Number(n.authorTelegramId) })),
    referrals: { count: c.referrals.length, names: c.referrals.slice(0, 5).map((r) => r.givenName ?? "—") },
    contacts: c.contacts.map((x) => ({ channel: x.channel, outcome: x.outcome, note: x.note, createdAt: x.createdAt })),
    openTickets: c.tickets.map((x) => ({ number: x.number, kind: x.kind, stage: x.stage })),
    tags: tagsOf(c.tags),
    manager: c.manager?.name ?? null,
    openWishes: c.wishes.map(wishOf),
    feedback: c.feedback.map(feedbackEntryOf),
  };
}

export async function addNote(db: Db, clock: Clock, clientId: number, authorTelegramId: number, text: string): Promise<void> {
  const body = meaningfulText(text) ?? "";
  if (body.length === 0 || body.length > 1000) throw new DomainError("note_invalid");
  const client = await db.client.findUnique({ where: { id: clientId } });
  if (!client || client.forgottenAt) throw new DomainError("client_not_found");
  await db.note.create({ data: { clientId, authorTelegramId: BigInt(authorTelegramId), text: body, createdAt: clock.now() } });
}
