// Customer retention rate, CRR = (E − N) / S × 100, a percentage:
//   the active base at an instant t is the clients with a counted purchase in
//   [t − ladderActiveMonths months, t) (months in the shop's calendar);
//   S — the base at the period's start, E — the base at its end;
//   N — clients acquired: buyers whose first counted purchase ever is in the period.
// E − N is who of the base stayed active without counting the newcomers; null
// when S = 0 (a shop with nobody to retain). Counted in history.ts's one pass.
import type { History } from "./history.ts";
import type { Report } from "./types.ts";

export function retentionOf(h: History): Report["retention"] {
  const [start, end, acquired] = [h.activeAtStart, h.activeAtEnd, h.newClients];
  return { start, end, acquired, crr: start === 0 ? null : ((end - acquired) / start) * 100 };
}
