// Text people type that is stored and later shown to others (names, item
// descriptions, notes, reasons). Bidirectional controls are stripped: a
// right-to-left override can make "ring 585" read as something else in a
// seller's chat. Text made only of invisible characters (zero-width spaces,
// joiners, fillers) counts as empty, so "nothing" cannot pass for a note.

/** Embeddings, overrides, isolates and direction marks (UAX #9). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Control characters other than line breaks and tabs. */
const CONTROLS = /(?![\n\t])\p{Cc}/gu;
/** Characters that draw nothing: default-ignorables (ZWSP, joiners, BOM, Hangul fillers, variation selectors…), spaces, the blank braille cell. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Z}\s\u2800]/gu;

/** The text as it will be stored: without bidi and control characters, trimmed. */
export function cleanText(input: string): string {
  return input.replace(BIDI_CONTROLS, "").replace(CONTROLS, "").trim();
}

/** True when a person would see at least one character. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, "").length > 0;
}

/** Cleaned text, or null when nothing visible is left (the caller refuses it as empty). */
export function meaningfulText(input: string | null | undefined): string | null {
  if (input == null) return null;
  const text = cleanText(input);
  return hasVisibleText(text) ? text : null;
}
