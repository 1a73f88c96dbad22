// The sample files the owner persona sends from the sandbox page (and can
// download): what a shop would bring from its old till, with the broken rows a
// real file has, so the bot's dry run has something to point at. Both are cut
// from sandbox/spreadsheets.ts with the demo history's numbering, so they fit
// the shop the sandbox already has:
//   clients — the history's first client again (unchanged on import: the
//     file's "same phone as line 2" row stays a duplicate inside the file), 36
//     new clients, then the four broken rows (a short phone, 31.02, a wrong
//     card digit, the duplicate);
//   purchases — 200 purchases of the history's clients over the last year,
//     then 31.02, a negative amount, an unknown card and an empty amount.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DAY_MS } from "../core/clock.ts";
import { writeShopSpreadsheets } from "./spreadsheets.ts";

export const SAMPLE_KINDS = ["clients", "purchases"] as const;
export type SampleKind = (typeof SAMPLE_KINDS)[number];

/** The demo history's shape (sandbox/demo-history.ts imports it): the samples reuse its numbering. */
export const HISTORY_SHOP = { clients: 250, purchases: 3_000, years: 3, seed: 11 } as const;

/**
 * New clients in the clients sample are the generator's clients from this
 * index on: past the history's, and past clients + 7, whose card the purchases
 * sample names as unknown (it must stay unknown after the clients sample is in).
 */
const NEW_CLIENTS_FROM = HISTORY_SHOP.clients + 10;
const NEW_CLIENTS = 36;

export interface Sample {
  /** The name the page sends it under. */
  name: string;
  bytes: Buffer;
  /** The lines (as a spreadsheet numbers them) written wrong on purpose. */
  brokenLines: number[];
}

export const SAMPLE_NAMES: Record<SampleKind, string> = { clients: "clients-sample.csv", purchases: "purchases-sample.csv" };

/**
 * A sample as of the sandbox's `now`. Purchase dates end the day before, as
 * an export from the till made this morning would (a purchase "today" could
 * lie after now). The clients sample does not depend on `now`.
 */
export async function makeSample(kind: SampleKind, now: Date): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), "shop-sample-"));
  try {
    return kind === "clients" ? await clientsSample(dir, now) : await purchasesSample(dir, now);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function clientsSample(dir: string, now: Date): Promise<Sample> {
  const clients = NEW_CLIENTS_FROM + NEW_CLIENTS;
  const written = await writeShopSpreadsheets(dir, { clients, purchases: 0, now, years: 1, seed: HISTORY_SHOP.seed, broken: true });
  // Lines 1 (header) and 2 (client 0) stay; clients 1 … NEW_CLIENTS_FROM − 1 go; the rest move up.
  const lines = (await readFile(written.clientsFile, "utf8")).split("\r\n");
  const dropped = NEW_CLIENTS_FROM - 1;
  const kept = [...lines.slice(0, 2), ...lines.slice(2 + dropped)];
  await writeFile(written.clientsFile, kept.join("\r\n"));
  return { name: SAMPLE_NAMES.clients, bytes: await readFile(written.clientsFile), brokenLines: written.brokenClientLines.map((line) => line - dropped) };
}

async function purchasesSample(dir: string, now: Date): Promise<Sample> {
  const yesterday = new Date(now.getTime() - DAY_MS);
  const written = await writeShopSpreadsheets(dir, { clients: HISTORY_SHOP.clients, purchases: 200, now: yesterday, years: 1, seed: 12, broken: true });
  return { name: SAMPLE_NAMES.purchases, bytes: await readFile(written.purchasesFile), brokenLines: written.brokenPurchaseLines };
}
