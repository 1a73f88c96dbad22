// What people read about viewings: a client's live one, and staff's list of
// requests still to answer and viewings still to come.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { viewingTier } from "./access.ts";
import { viewingInclude, viewOf } from "./notices.ts";
import { openWhere } from "./request.ts";
import type { ViewingView } from "./types.ts";

/** The most one list shows (a message each). */
const LIST_LIMIT = 10;

export function createViewingQueries(db: Db, clock: Clock) {
  return {
    /** The client's live viewing (asked, proposed, or confirmed and to come), if any. */
    async activeFor(clientId: number): Promise<ViewingView | null> {
      const row = await db.viewing.findFirst({ where: { clientId, ...openWhere(clock.now()) }, include: viewingInclude, orderBy: { id: "desc" } });
      return row ? viewOf(row) : null;
    },

    /** Requests to answer first (oldest first), then confirmed viewings to come (soonest first). */
    async open(): Promise<ViewingView[]> {
      const asked = await db.viewing.findMany({ where: { status: { in: ["requested", "proposed"] }, client: { forgottenAt: null } }, include: viewingInclude, orderBy: { id: "asc" }, take: LIST_LIMIT });
      const coming = await db.viewing.findMany({ where: { status: "confirmed", at: { gt: clock.now() }, client: { forgottenAt: null } }, include: viewingInclude, orderBy: { at: "asc" }, take: LIST_LIMIT });
      return [...asked, ...coming].slice(0, LIST_LIMIT).map(viewOf);
    },

    async byId(id: number): Promise<ViewingView | null> {
      const row = await db.viewing.findUnique({ where: { id }, include: viewingInclude });
      return row ? viewOf(row) : null;
    },

    /** The lowest tier that may ask (null: everyone), for the client's "from tier X" message. */
    minTier: () => viewingTier(db),
  };
}
