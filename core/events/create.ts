// Creating an event: the fields are checked, and for an invitation list every
// phone or card number the owner typed is looked up; those that match nobody
// are reported back, never dropped in silence. The confirm's key makes a
// second tap return the event the first one created.
import type { CountryCode } from "libphonenumber-js";
import { audit, type Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import { findClients, looksLikeCard, looksLikePhone, type ClientMatch } from "../clients/search.ts";
import type { Db, Prisma } from "../db/client.ts";
import { DomainError, isDomainError } from "../errors.ts";
import type { Event, EventInput } from "./types.ts";
import { validateEvent } from "./validate.ts";

export interface Invitees {
  clients: ClientMatch[];
  /** What the owner typed that is not a known client's phone or card, as typed. */
  unknown: string[];
}

/** "+7 900 …, 1234 5678 9012\n8 900 …" → one entry per phone or card. */
export const splitInvitees = (text: string): string[] =>
  text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Phones and card numbers to clients; a name is not accepted (two Annas would be a guess). */
export async function resolveInvitees(db: Db, region: CountryCode, entries: string[]): Promise<Invitees> {
  const clients = new Map<number, ClientMatch>();
  const unknown: string[] = [];
  for (const entry of entries) {
    let match: ClientMatch | undefined;
    if (looksLikeCard(entry) || looksLikePhone(entry)) {
      try {
        match = (await findClients(db, entry, region))[0];
      } catch (error) {
        if (!isDomainError(error)) throw error;
      }
    }
    if (match) clients.set(match.id, match);
    else unknown.push(entry);
  }
  return { clients: [...clients.values()], unknown };
}

export interface Created {
  event: Event;
  created: boolean;
  unknown: string[];
}

const keyTag = (key: string) => `"key":${JSON.stringify(key)}`;

/** The event a confirm key created, if any (a second tap, a tap after a restart). */
export async function createdWith(db: Db | Prisma.TransactionClient, key: string): Promise<Event | null> {
  const entry = await db.auditLog.findFirst({ where: { action: "event.created", details: { contains: keyTag(key) } } });
  return entry?.entityId ? db.event.findUnique({ where: { id: Number(entry.entityId) } }) : null;
}

export async function createEvent(db: Db, clock: Clock, region: CountryCode, actor: Actor, input: EventInput, key: string): Promise<Created> {
  const now = clock.now();
  const fields = validateEvent(input, now);
  const invitees = fields.audience === "list" ? await resolveInvitees(db, region, input.invitees ?? []) : { clients: [], unknown: [] };
  if (fields.audience === "list" && invitees.clients.length === 0) throw new DomainError("event_invitees_empty");
  if (fields.minTierId !== null && !(await db.tier.findUnique({ where: { id: fields.minTierId } }))) throw new DomainError("tier_invalid");
  // The owner's taps come one at a time (updates of a chat are sequential), so
  // looking the key up inside the transaction is enough to create one event.
  return db.$transaction(async (tx) => {
    const before = await createdWith(tx, key);
    if (before) return { event: before, created: false, unknown: [] };
    const event = await tx.event.create({
      data: { ...fields, status: "open", createdByTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId), createdAt: now },
    });
    if (invitees.clients.length > 0) {
      await tx.rsvp.createMany({ data: invitees.clients.map((c) => ({ eventId: event.id, clientId: c.id, status: "invited", updatedAt: now })) });
    }
    await audit(tx, actor, {
      action: "event.created",
      entity: "event",
      entityId: event.id,
      details: { key, audience: fields.audience, invited: invitees.clients.length, unknown: invitees.unknown.length },
    });
    return { event, created: true, unknown: invitees.unknown };
  });
}
