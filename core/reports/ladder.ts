// The client ladder as of the period's end, over clients with at least one
// counted purchase before it; each client stands on the highest step reached:
//   advocate — someone they referred has a counted purchase before the end;
//   adherent — ladderAdherentPurchases or more purchases, and one within the
//              last ladderActiveMonths before the end;
//   regular  — ladderRegularPurchases or more, with the same recency;
//   repeat   — two or more purchases (however long ago);
//   buyer    — one.
// Loyalty without recency is history, not loyalty: a client with ten purchases
// and none in a year falls back to "repeat" until they come again.
import { Prisma } from "../db/client.ts";
import type { LadderRules } from "./types.ts";

/**
 * The stage of a client from their row of the per-client history (columns id,
 * n = counted purchases before the end, atEnd = one of them inside the active
 * window). The referrers of anyone in the history CTE `h` are listed once, not
 * looked up per client.
 */
export function stageSql(rules: LadderRules): Prisma.Sql {
  return Prisma.sql`CASE
    WHEN id IN (SELECT c."referredById" FROM h AS friend JOIN "Client" c ON c."id" = friend.id WHERE c."referredById" IS NOT NULL) THEN 'advocate'
    WHEN n >= ${rules.adherentPurchases} AND atEnd THEN 'adherent'
    WHEN n >= ${rules.regularPurchases} AND atEnd THEN 'regular'
    WHEN n >= 2 THEN 'repeat'
    ELSE 'buyer' END`;
}
