// Writes a staged clients file: a new phone becomes a client with a card (the
// file's number or a fresh one); a known phone only gets what its file is
// missing, so nothing a client typed in the bot is overwritten; notes go on the
// file once. A chunk of rows is one transaction, so an interrupted run leaves
// whole chunks and the same file imported again finishes it.
import { nameSearchOf } from "../clients/names.ts";
import { newReferralCode } from "../clients/onboarding.ts";
import { generateCardNumber } from "../loyalty/card-number.ts";
import { transact, type WriteContext, type WriteCounts } from "./import-write.ts";

interface Staged {
  line: number;
  phone: string;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  language: string | null;
  birthday: string | null;
  cardNumber: string | null;
  notes: string | null;
  rid: number;
}

interface Known {
  id: number;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  birthday: string | null;
}

export async function writeClients(ctx: WriteContext): Promise<WriteCounts> {
  const { sqlite, now, actorTelegramId } = ctx;
  // Note has no index on clientId: the notes of the file's known clients are copied once into an indexed TEMP table.
  sqlite.exec(`DROP TABLE IF EXISTS temp.note_seen;
    CREATE TEMP TABLE note_seen AS SELECT n.clientId, n.text FROM main.Note n
      WHERE n.clientId IN (SELECT c.id FROM main.Client c JOIN stage_client s ON s.phone = c.phone WHERE s.bad = 0 AND s.notes IS NOT NULL);
    CREATE INDEX temp.note_seen_client ON note_seen (clientId, text);`);
  const entryTier = sqlite.prepare("SELECT id FROM main.Tier ORDER BY threshold LIMIT 1").pluck().get() as number | undefined;
  const page = sqlite.prepare(`SELECT rowid AS rid, * FROM stage_client WHERE bad = 0 AND rowid > ? ORDER BY rowid LIMIT ?`);
  const byPhone = sqlite.prepare("SELECT id, givenName, patronymic, familyName, birthday FROM main.Client WHERE phone = ?");
  const insertClient = sqlite.prepare(`INSERT INTO main.Client (phone, givenName, patronymic, familyName, nameSearch, language, birthday,
    source, referralCode, tierId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, 'import', ?, ?, ?, ?)`);
  const fill = sqlite.prepare("UPDATE main.Client SET givenName = ?, patronymic = ?, familyName = ?, nameSearch = ?, birthday = ?, updatedAt = ? WHERE id = ?");
  const hasCard = sqlite.prepare("SELECT 1 FROM main.Card WHERE clientId = ?").pluck();
  const cardTaken = sqlite.prepare("SELECT 1 FROM main.Card WHERE number = ?").pluck();
  const insertCard = sqlite.prepare("INSERT INTO main.Card (number, clientId, issuedAt) VALUES (?, ?, ?)");
  const noteSeen = sqlite.prepare("SELECT 1 FROM note_seen WHERE clientId = ? AND text = ?").pluck();
  const insertNote = sqlite.prepare("INSERT INTO main.Note (clientId, authorTelegramId, text, createdAt) VALUES (?, ?, ?, ?)");

  const freshCard = () => {
    for (;;) {
      const number = generateCardNumber();
      if (!cardTaken.get(number)) return number;
    }
  };
  const create = (r: Staged): number => {
    for (let attempt = 0; ; attempt++) {
      try {
        const name = nameSearchOf(r.givenName, r.patronymic, r.familyName);
        const values = [r.phone, r.givenName, r.patronymic, r.familyName, name, r.language ?? "ru", r.birthday, newReferralCode(), entryTier ?? null, now, now];
        return Number(insertClient.run(values).lastInsertRowid);
      } catch (e) {
        // 48 random bits: a second try after a clash of referral codes is all it can need.
        if (attempt < 3 && e instanceof Error && e.message.includes("Client.referralCode")) continue;
        throw e;
      }
    }
  };
  const addNote = (clientId: number, text: string | null) => {
    if (!text || noteSeen.get(clientId, text)) return false;
    insertNote.run(clientId, actorTelegramId ?? 0, text, now);
    return true;
  };
  const writeRow = (r: Staged): keyof WriteCounts => {
    const known = byPhone.get(r.phone) as Known | undefined;
    if (!known) {
      const id = create(r);
      insertCard.run(r.cardNumber ?? freshCard(), id, now);
      addNote(id, r.notes);
      return "created";
    }
    const next = {
      givenName: known.givenName ?? r.givenName,
      patronymic: known.patronymic ?? r.patronymic,
      familyName: known.familyName ?? r.familyName,
      birthday: known.birthday ?? r.birthday,
    };
    let changed = Object.entries(next).some(([k, v]) => v !== known[k as keyof typeof next]);
    if (changed) fill.run(next.givenName, next.patronymic, next.familyName, nameSearchOf(next.givenName, next.patronymic, next.familyName), next.birthday, now, known.id);
    // A client who joined in the bot and has no card yet takes the one the shop's file knows.
    if (r.cardNumber && !hasCard.get(known.id)) {
      insertCard.run(r.cardNumber, known.id, now);
      changed = true;
    }
    return addNote(known.id, r.notes) || changed ? "updated" : "unchanged";
  };

  const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  // Counted per chunk and added once it commits: a chunk retried after a busy database counts once.
  const writeChunk = sqlite.transaction((rows: Staged[]) => {
    const chunk: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const r of rows) chunk[writeRow(r)]++;
    return chunk;
  });
  let after = 0;
  for (;;) {
    const rows = page.all(after, ctx.chunkRows) as Staged[];
    if (!rows.length) break;
    const chunk = await transact(() => writeChunk.immediate(rows));
    for (const k of ["created", "updated", "unchanged"] as const) counts[k] += chunk[k];
    after = rows.at(-1)!.rid;
    await ctx.chunkDone(counts.created + counts.updated + counts.unchanged);
  }
  return counts;
}
