// What people type and send for a ticket, checked before anything is written:
// the description, staff's notes and reasons, the photos. A photo sent as a
// file keeps that: Telegram will not send a document's file_id as a photo, so
// the reference says which it was ("doc:" before a document's id; Telegram's
// ids never hold a colon).
import { count, DomainError } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import { TICKET_KINDS, type TicketKind } from "./types.ts";

export const DESCRIPTION_MAX = 1000;
export const NOTE_MAX = 500;
export const REASON_MIN = 3;
export const REASON_MAX = 500;
/** Enough to show an item from every side and its stones; more only floods staff's chat. */
export const PHOTOS_MAX = 10;

export const isTicketKind = (s: string): s is TicketKind => (TICKET_KINDS as readonly string[]).includes(s);

export function validateKind(kind: string): TicketKind {
  if (!isTicketKind(kind)) throw new DomainError("ticket_kind_invalid");
  return kind;
}

export function validateDescription(input: string): string {
  const text = meaningfulText(input) ?? "";
  if (text.length < 3 || text.length > DESCRIPTION_MAX) throw new DomainError("ticket_description_invalid", { max: count(DESCRIPTION_MAX) });
  return text;
}

/** An optional note: empty means none. */
export function validateNote(input: string | null | undefined): string | null {
  const text = meaningfulText(input);
  if (text === null) return null;
  if (text.length > NOTE_MAX) throw new DomainError("ticket_note_invalid", { max: count(NOTE_MAX) });
  return text;
}

/** A cancellation always says why, in words the client will read. */
export function validateReason(input: string | null | undefined): string {
  const text = meaningfulText(input) ?? "";
  if (text.length < REASON_MIN || text.length > REASON_MAX) throw new DomainError("reason_required");
  return text;
}

export function validatePhotos(photos: readonly string[], required: boolean): string[] {
  if (required && photos.length === 0) throw new DomainError("ticket_photos_required");
  if (photos.length > PHOTOS_MAX) throw new DomainError("ticket_photos_too_many", { max: count(PHOTOS_MAX) });
  return [...photos];
}

/** How a file is kept: a photo by its file_id, an image sent as a file marked as a document. */
export const photoRef = (fileId: string, asDocument: boolean) => (asDocument ? `doc:${fileId}` : fileId);

export function readPhotoRef(ref: string): { fileId: string; asDocument: boolean } {
  return ref.startsWith("doc:") ? { fileId: ref.slice(4), asDocument: true } : { fileId: ref, asDocument: false };
}
