// Who a broadcast is for, as SQL the database runs over every client at once:
// everyone, some tiers, a language, the top clients by revenue (the 20/80
// top), clients gone quiet for N months, clients with a preference (likes
// emeralds), a tag the owner put on clients, or an event's guests. The result
// is a condition over a "Client" row aliased `c`, so counting, previewing and
// enqueueing all select exactly the same people.
import { z } from "zod";
import { addMonths } from "../clock.ts";
import { Prisma, sqlTime } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { normalizeTag } from "../clients/tags.ts";
import { cleanText } from "../text.ts";

export const TOP_SHARE_PERCENT = 20;

const segmentSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("all") }),
  z.object({ kind: z.literal("tier"), tiers: z.array(z.string().min(1)).min(1) }),
  z.object({ kind: z.literal("language"), language: z.enum(["ru", "zh"]) }),
  z.object({ kind: z.literal("top"), percent: z.number().int().min(1).max(100) }),
  z.object({ kind: z.literal("quiet"), months: z.number().int().min(1).max(120) }),
  z.object({ kind: z.literal("preference"), stone: z.string().min(1).max(40) }),
  z.object({ kind: z.literal("tag"), tag: z.string().min(1).max(40) }),
  z.object({ kind: z.literal("event"), event: z.number().int() }),
]);

export type Segment = z.infer<typeof segmentSchema>;
export type SegmentKind = Segment["kind"];

/** A segment read back from a Broadcast row (JSON text); a row we cannot read selects nobody rather than everyone. */
export function parseSegment(json: string): Segment | null {
  try {
    const parsed = segmentSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A tag or a stone as the owner typed it, trimmed; refused when empty or absurd. */
export function segmentWord(input: string): string {
  const word = cleanText(input).replace(/\s+/g, " ");
  if (word.length === 0 || word.length > 40 || word.includes(",")) throw new DomainError("segment_word_invalid");
  return word;
}

/** "изумруд", "Изумруд", "ИЗУМРУД": SQLite's LIKE folds ASCII only, so Cyrillic is matched in its usual cases. */
function caseVariants(word: string): string[] {
  const lower = word.toLocaleLowerCase();
  return [...new Set([word, lower, lower.charAt(0).toLocaleUpperCase() + lower.slice(1), word.toLocaleUpperCase()])];
}

const likeAny = (column: Prisma.Sql, word: string) =>
  Prisma.join(
    caseVariants(word).map((v) => Prisma.sql`${column} LIKE ${`%${v.replace(/[%_\\]/g, "\\$&")}%`} ESCAPE '\\'`),
    " OR ",
  );

/** Money a client brought: paid minus refunded, over all their purchases. */
const REVENUE = Prisma.raw(`(SELECT SUM(p."paid" - p."refundedAmount") FROM "Purchase" p WHERE p."clientId" = c."id")`);

/** The condition over `c` that puts a client in the segment. */
export function segmentSql(segment: Segment, now: Date): Prisma.Sql {
  switch (segment.kind) {
    case "all":
      return Prisma.sql`1 = 1`;
    case "tier":
      return Prisma.sql`c."tierId" IN (SELECT t."id" FROM "Tier" t WHERE t."code" IN (${Prisma.join(segment.tiers)}))`;
    case "language":
      return Prisma.sql`c."language" = ${segment.language}`;
    case "top":
      // The first percent of the clients who bought anything, ranked by what they brought.
      return Prisma.sql`c."id" IN (
        SELECT r."clientId" FROM (
          SELECT p."clientId", ROW_NUMBER() OVER (ORDER BY SUM(p."paid" - p."refundedAmount") DESC, p."clientId") AS rank,
                 COUNT(*) OVER () AS buyers
          FROM "Purchase" p GROUP BY p."clientId" HAVING SUM(p."paid" - p."refundedAmount") > 0
        ) r WHERE r.rank <= (r.buyers * ${segment.percent} + 99) / 100)`;
    case "quiet":
      // Bought before, and nothing since the cut-off.
      return Prisma.sql`${REVENUE} IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM "Purchase" p WHERE p."clientId" = c."id" AND p."createdAt" >= ${sqlTime(addMonths(now, -segment.months))})`;
    case "preference":
      return Prisma.sql`(${likeAny(Prisma.raw(`c."preferredStones"`), segment.stone)} OR ${likeAny(Prisma.raw(`c."preferenceNotes"`), segment.stone)}
        OR EXISTS (SELECT 1 FROM "PurchaseItem" i JOIN "Purchase" p ON p."id" = i."purchaseId" WHERE p."clientId" = c."id" AND (${likeAny(Prisma.raw(`i."stone"`), segment.stone)})))`;
    case "tag":
      // Tags are stored lower-cased ("a, b"): the whole tag between commas.
      return Prisma.sql`(',' || REPLACE(COALESCE(c."tags", ''), ', ', ',') || ',') LIKE ${`%,${normalizeTag(segment.tag).replace(/[%_\\]/g, "\\$&")},%`} ESCAPE '\\'`;
    case "event":
      // Invited to an invite-only event, or in its tiers (from the lowest tier invited up).
      return Prisma.sql`EXISTS (SELECT 1 FROM "Event" e WHERE e."id" = ${segment.event} AND (
        (e."audience" = 'list' AND EXISTS (SELECT 1 FROM "Rsvp" r WHERE r."eventId" = e."id" AND r."clientId" = c."id"))
        OR (e."audience" = 'all' AND (e."minTierId" IS NULL OR COALESCE((SELECT t."threshold" FROM "Tier" t WHERE t."id" = c."tierId"), -1)
              >= (SELECT mt."threshold" FROM "Tier" mt WHERE mt."id" = e."minTierId")))))`;
  }
}
