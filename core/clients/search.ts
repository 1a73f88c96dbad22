// Finding a client the way a seller would type it: a card number (its check
// digit catches typos), a phone in any format, or part of a name in any script.
import type { CountryCode } from "libphonenumber-js";
import type { Db } from "../db/client.ts";
import { CARD_NUMBER_LENGTH, parseCardNumber } from "../loyalty/card-number.ts";
import { normalizePhone } from "./phone.ts";

export interface ClientMatch {
  id: number;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  phone: string | null;
  cardNumber: string | null;
  tierCode: string | null;
  hasTelegram: boolean;
}

const select = {
  id: true,
  givenName: true,
  patronymic: true,
  familyName: true,
  phone: true,
  telegramId: true,
  card: { select: { number: true } },
  tier: { select: { code: true } },
} as const;

type Row = { id: number; givenName: string | null; patronymic: string | null; familyName: string | null; phone: string | null; telegramId: bigint | null; card: { number: string } | null; tier: { code: string } | null };

const toMatch = (r: Row): ClientMatch => ({
  id: r.id,
  givenName: r.givenName,
  patronymic: r.patronymic,
  familyName: r.familyName,
  phone: r.phone,
  cardNumber: r.card?.number ?? null,
  tierCode: r.tier?.code ?? null,
  hasTelegram: r.telegramId !== null,
});

export function looksLikeCard(query: string): boolean {
  return /^[\d\s-]+$/.test(query) && query.replace(/\D/g, "").length === CARD_NUMBER_LENGTH && !query.trim().startsWith("+");
}

export function looksLikePhone(query: string): boolean {
  return /^[+\d\s().-]+$/.test(query) && query.replace(/\D/g, "").length >= 7;
}

/** Throws card_check_digit or phone_invalid when the query is a mistyped card or phone. */
export async function findClients(db: Db, query: string, region: CountryCode, limit = 10): Promise<ClientMatch[]> {
  const text = query.trim();
  // One Chinese character can be a whole given name; one Latin or Cyrillic letter matches everyone.
  if (text.length < (/\p{Script=Han}/u.test(text) ? 1 : 2)) return [];
  if (looksLikeCard(text)) {
    const card = await db.card.findUnique({ where: { number: parseCardNumber(text) }, select: { client: { select } } });
    return card ? [toMatch(card.client)] : [];
  }
  if (looksLikePhone(text)) {
    const row = await db.client.findUnique({ where: { phone: normalizePhone(text, region) }, select });
    return row ? [toMatch(row)] : [];
  }
  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const rows = await db.client.findMany({
    where: { forgottenAt: null, AND: words.map((w) => ({ nameSearch: { contains: w } })) },
    orderBy: [{ givenName: "asc" }, { id: "asc" }],
    take: limit,
    select,
  });
  return rows.map(toMatch);
}

export async function findClientById(db: Db, id: number): Promise<ClientMatch | null> {
  const row = await db.client.findFirst({ where: { id, forgottenAt: null }, select });
  return row ? toMatch(row) : null;
}
