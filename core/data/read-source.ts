// Where a table's bytes come from (a file the bot downloaded, or bytes in
// memory), read in chunks, and the error that refuses a file as a whole.
// Apart from read-table.ts so each format's reader can use them without an import cycle.
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import type { FileProblem } from "./rows.ts";

export type TableSource = { bytes: Uint8Array } | { path: string };

/** A file refused as a whole: not a table, not text, empty, too large. */
export class FileProblemError extends Error {
  constructor(readonly detail: FileProblem) {
    super(`file problem: ${detail.problem}`);
    this.name = "FileProblemError";
  }
}

const CHUNK = 64 * 1024;

/** The bytes in 64 KiB chunks; a file is opened only while it is read and closed when the reader stops. */
export async function* byteChunks(source: TableSource): AsyncGenerator<Uint8Array> {
  if ("bytes" in source) {
    for (let i = 0; i < source.bytes.length; i += CHUNK) yield source.bytes.subarray(i, i + CHUNK);
    return;
  }
  const stream = createReadStream(source.path, { highWaterMark: CHUNK });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

export async function sizeOf(source: TableSource): Promise<number> {
  return "bytes" in source ? source.bytes.length : (await stat(source.path)).size;
}

/** The first bytes, enough for a signature. */
export async function headOf(source: TableSource, length = 8): Promise<Uint8Array> {
  if ("bytes" in source) return source.bytes.subarray(0, length);
  const file = await open(source.path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
