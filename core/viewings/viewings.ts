// Private viewings by appointment: a client from the tier the owner sets asks,
// staff on duty confirm a time or propose another, the client answers, and
// both are reminded the day before.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { mayRequest } from "./access.ts";
import { createViewingActions } from "./actions.ts";
import { createViewingQueries } from "./queries.ts";
import { remindTomorrow } from "./reminders.ts";
import { requestedWith, requestViewing } from "./request.ts";
import type { ViewingNotify, ViewingRequest } from "./types.ts";

export function createViewings(db: Db, clock: Clock, outbox: Outbox, ownerIds: readonly number[], timeZone: string) {
  return {
    /** Records the request and tells staff on duty; `key` (the confirm button's) makes a repeated confirm return the same one. */
    request: (clientId: number, input: ViewingRequest, key: string, notify: ViewingNotify) => requestViewing(db, clock, outbox, ownerIds, clientId, input, key, notify),
    requestedWith: (key: string) => requestedWith(db, key),
    /** Whether the client's tier reaches the owner's viewing tier. */
    mayRequest: (clientId: number) => mayRequest(db, clientId),
    ...createViewingActions(db, clock, outbox),
    ...createViewingQueries(db, clock),
    /** Run each morning: reminders for the next shop day's viewings, once each. */
    remindTomorrow: (notify: ViewingNotify) => remindTomorrow(db, clock, outbox, timeZone, notify),
  };
}

export type Viewings = ReturnType<typeof createViewings>;
