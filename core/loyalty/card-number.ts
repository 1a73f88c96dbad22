// Card numbers are 12 digits ending in a Luhn check digit, so a seller who
// mistypes one digit (or swaps two neighbours) is told at once.
import { randomInt } from "node:crypto";
import { DomainError } from "../errors.ts";

export const CARD_NUMBER_LENGTH = 12;

export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let d = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidCardNumber(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === Number(digits.at(-1));
}

/** A fresh random number; the first digit is never 0 so it reads as a number. */
export function generateCardNumber(): string {
  let payload = String(randomInt(1, 10));
  while (payload.length < CARD_NUMBER_LENGTH - 1) payload += String(randomInt(0, 10));
  return payload + luhnCheckDigit(payload);
}

/** Accepts "2734 5678 9012" or "2734-5678-9012"; throws on a wrong length or check digit. */
export function parseCardNumber(input: string): string {
  const digits = input.replace(/[\s-]/g, "");
  if (!/^\d+$/.test(digits) || digits.length !== CARD_NUMBER_LENGTH) throw new DomainError("card_number_invalid");
  if (!isValidCardNumber(digits)) throw new DomainError("card_check_digit");
  return digits;
}

export function formatCardNumber(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
}
