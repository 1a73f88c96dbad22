// Text a shop's Excel saved as CSV: UTF-8 with or without a BOM, Windows-1251
// from a Russian Windows, UTF-16LE from "Unicode text". The encoding is told
// by the bytes, in chunks, so a 70 MB file is never held whole.
import { TextDecoder } from "node:util";
import { FileProblemError } from "./read-source.ts";

export type TextEncoding = "utf-8" | "windows-1251" | "utf-16le";

/** What the decoder has learned about the file so far; shared with the reader that reports it. */
export interface TextState {
  /** null while every byte seen is ASCII, which reads the same either way. */
  encoding: TextEncoding | null;
}

// C0 controls other than tab, LF and CR, DEL, C1 controls, and U+FFFD: what binary noise or a
// wrongly guessed encoding turns into, and what no shop writes in a cell.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;

const firstHighByte = (chunk: Uint8Array) => {
  for (let i = 0; i < chunk.length; i++) if (chunk[i]! >= 0x80) return i;
  return -1;
};

function bomOf(head: Uint8Array): TextEncoding | "utf-16be" | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return null;
}

/**
 * The file's text, chunk by chunk. Without a BOM the encoding is chosen at the
 * first byte above 0x7F: UTF-8 if the bytes from there are valid UTF-8, else
 * Windows-1251. A later chunk that is not valid UTF-8 after all, or text with
 * control characters, throws FileProblemError("encoding").
 */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>, state: TextState): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let first = true;
  // The first non-ASCII bytes when they end a chunk: too few to tell UTF-8 from 1251, so they wait for the next one.
  let held: Uint8Array | null = null;
  const refuse = () => new FileProblemError({ problem: "encoding" });
  const emit = (text: string) => {
    if (CONTROL.test(text)) throw refuse();
    return text;
  };
  const decode = (bytes: Uint8Array, stream: boolean) => {
    try {
      return decoder!.decode(bytes, { stream });
    } catch {
      throw refuse();
    }
  };
  /** Everything before `bytes` was ASCII, so a fresh UTF-8 decoder starting here is in step. */
  const choose = (bytes: Uint8Array, stream: boolean) => {
    const utf8 = new TextDecoder("utf-8", { fatal: true });
    try {
      const text = utf8.decode(bytes, { stream });
      [state.encoding, decoder] = ["utf-8", utf8];
      return text;
    } catch {
      [state.encoding, decoder] = ["windows-1251", new TextDecoder("windows-1251")];
      return decode(bytes, stream);
    }
  };
  for await (let chunk of chunks) {
    if (first) {
      first = false;
      const bom = bomOf(chunk);
      if (bom === "utf-16be") throw refuse(); // no Excel writes it; better refused than misread
      if (bom) [state.encoding, decoder] = [bom, new TextDecoder(bom, { fatal: true })];
    }
    if (decoder) {
      yield emit(decode(chunk, true));
      continue;
    }
    if (held) [chunk, held] = [Buffer.concat([held, chunk]), null];
    const at = firstHighByte(chunk);
    if (at < 0) {
      yield emit(ascii(chunk));
    } else if (chunk.length - at < 4) {
      if (at > 0) yield emit(ascii(chunk.subarray(0, at)));
      held = chunk.slice(at);
    } else {
      yield emit(choose(chunk, true));
    }
  }
  if (held) yield emit(choose(held, false));
  else if (decoder) {
    const tail = decode(new Uint8Array(), false); // a multi-byte character cut off at the very end
    if (tail) yield emit(tail);
  }
}

const latin1 = new TextDecoder("latin1");
const ascii = (chunk: Uint8Array) => latin1.decode(chunk);

/** The delimiter the header line uses most, counted outside quotes; "," for a one-column file. */
export function detectDelimiter(text: string): "," | ";" | "\t" {
  const counts = { ";": 0, "\t": 0, ",": 0 };
  let quoted = false;
  let seen = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) {
      if (seen) break; // blank lines before the header do not end it
    } else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
    if (ch.trim() !== "") seen = true;
  }
  const best = (Object.keys(counts) as (keyof typeof counts)[]).reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return counts[best] > 0 ? best : ",";
}

/** True once `text` holds a whole non-blank line (outside quotes), enough to detect the delimiter. */
export function hasHeaderLine(text: string): boolean {
  let quoted = false;
  let seen = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "\n" && seen) return true;
    if (ch.trim() !== "") seen = true;
  }
  return false;
}
