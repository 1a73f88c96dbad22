// A broadcast as one client reads it: their language's text with the greeting
// placeholder turned into "Уважаемая Анна Ивановна" or "尊敬的王女士". Used for
// the message itself, the owner's preview and the /news feed, so all three
// show the same words.
import type { Broadcasts } from "../../core/broadcasts/broadcasts.ts";
import { addresseeOf, fillGreeting, type NamedClient } from "../../core/broadcasts/greeting.ts";
import type { Topic } from "../../core/broadcasts/topics.ts";
import type { Clock } from "../../core/clock.ts";
import type { OutboxMessage, OutboxRow } from "../../core/outbox/outbox.ts";
import { isLanguage, translator, type Language } from "../i18n.ts";
import { rsvpCallbacks } from "../keyboards/rsvp.ts";
import { subscriptionCallbacks } from "../keyboards/subscriptions.ts";

export interface BroadcastTexts {
  textRu: string;
  textZh: string;
}

export type Reader = NamedClient & { language: string };

export const readerLanguage = (reader: { language: string }): Language => (isLanguage(reader.language) ? reader.language : "ru");

/** The greeting for this reader in their language ("Здравствуйте" when the shop has no name). */
export function greetingFor(reader: Reader): string {
  const lang = readerLanguage(reader);
  const t = translator(lang);
  const { form, name } = addresseeOf(reader, lang);
  if (!name) return t("broadcast.salutation.anonymous");
  return t(`broadcast.salutation.${form}`, { name });
}

/** The text this reader gets: their language, their greeting. */
export function personalText(b: BroadcastTexts, reader: Reader): string {
  const text = readerLanguage(reader) === "zh" ? b.textZh : b.textRu;
  return fillGreeting(text, greetingFor(reader));
}

/** The buttons under a broadcast: RSVP for an invitation, then "stop these" for its topic. */
export function broadcastButtons(
  t: ReturnType<typeof translator>,
  b: { id: number; topic: Topic },
  invitation: { id: number; plusOneAllowed: boolean } | null,
): [string, string][][] {
  const rows: [string, string][][] = [];
  if (invitation) {
    const answer = (a: "going" | "plus_one" | "declined") => rsvpCallbacks.answer.pack({ event: invitation.id, answer: a });
    rows.push([[t("broadcast.rsvp.going"), answer("going")], ...(invitation.plusOneAllowed ? [[t("broadcast.rsvp.plus_one"), answer("plus_one")] as [string, string]] : [])]);
    rows.push([[t("broadcast.rsvp.declined"), answer("declined")]]);
  }
  rows.push([[t("broadcast.stop_topic", { topic: t(`topics.${b.topic}`) }), subscriptionCallbacks.stop.pack({ topic: b.topic })]]);
  return rows;
}

/** The message one reader gets: text, photo, buttons. */
export function broadcastMessage(
  b: BroadcastTexts & { id: number; topic: Topic; photoFileId: string | null },
  reader: Reader,
  invitation: { id: number; plusOneAllowed: boolean } | null,
): OutboxMessage {
  const t = translator(readerLanguage(reader));
  return { text: personalText(b, reader), buttons: broadcastButtons(t, b, invitation), ...(b.photoFileId ? { photo: b.photoFileId } : {}) };
}

/**
 * Words a batch of claimed broadcast rows for their readers at send time, so
 * a name corrected after the broadcast started is used. A row whose broadcast
 * or reader is gone gets null. Invitations to an event that has started or
 * closed lose their RSVP buttons.
 */
export function createBroadcastRenderer(broadcasts: Broadcasts, clock: Clock) {
  type Loaded = NonNullable<Awaited<ReturnType<Broadcasts["load"]>>>;
  const cache = new Map<number, { b: Loaded | null; invitation: { id: number; plusOneAllowed: boolean } | null }>();

  async function broadcastOf(id: number) {
    let entry = cache.get(id);
    if (!entry) {
      const b = await broadcasts.load(id);
      const event = b?.eventId ? await broadcasts.invitation(b.eventId) : null;
      const open = event && event.status === "open" && event.startsAt > clock.now();
      entry = { b, invitation: open ? { id: event.id, plusOneAllowed: event.plusOneAllowed } : null };
      if (cache.size > 100) cache.clear();
      cache.set(id, entry);
    }
    return entry;
  }

  return async (rows: OutboxRow[]): Promise<Map<number, OutboxMessage | null>> => {
    const result = new Map<number, OutboxMessage | null>();
    const ids = [...new Set(rows.filter((r) => r.broadcastId !== null && r.clientId !== null).map((r) => r.clientId!))];
    const readers = new Map((await broadcasts.readers(ids)).map((r) => [r.id, r]));
    for (const row of rows) {
      if (row.broadcastId === null) continue;
      const { b, invitation } = await broadcastOf(row.broadcastId);
      const reader = row.clientId !== null ? readers.get(row.clientId) : undefined;
      result.set(row.id, b && reader ? broadcastMessage(b, reader, invitation) : null);
    }
    return result;
  };
}
