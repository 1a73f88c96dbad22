// Phones arrive as Telegram contacts ("79001234567", "+86 138…") or typed by
// hand in any format ("8 (900) 123-45-67"); clients are matched on E.164.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { DomainError } from "../errors.ts";

/** Returns the number in E.164 or throws DomainError("phone_invalid"). */
export function normalizePhone(input: string, defaultRegion: CountryCode): string {
  const cleaned = input.trim();
  if (!/^[+\d\s().-]{5,25}$/.test(cleaned)) throw new DomainError("phone_invalid");
  const digits = cleaned.replace(/\D/g, "");
  // A Russian number typed with the trunk prefix 8 ("8 900 …") means +7.
  const candidates = [cleaned];
  if (!cleaned.startsWith("+")) candidates.push(`+${digits}`);
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, defaultRegion);
    if (parsed?.isValid()) return parsed.number;
  }
  throw new DomainError("phone_invalid");
}

/** Telegram contacts carry the number without "+": try it as international first. */
export function normalizeContactPhone(raw: string, defaultRegion: CountryCode): string {
  const digits = raw.replace(/\D/g, "");
  const parsed = parsePhoneNumberFromString(`+${digits}`);
  if (parsed?.isValid()) return parsed.number;
  return normalizePhone(raw, defaultRegion);
}

/** +79001234567 → "+7 900 123-45-67", for people to read. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
