// Events: the owner creates one (for everyone, from a tier up, or a list of
// clients), clients answer going / +1 / can't within its capacity with a
// waiting list, are reminded the day before, and staff mark who came.
import type { CountryCode } from "libphonenumber-js";
import type { Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { createAnswers } from "./answer.ts";
import { markAttendance } from "./attendance.ts";
import { createEvent, createdWith, resolveInvitees } from "./create.ts";
import { createEventQueries } from "./queries.ts";
import { remindTomorrow } from "./reminders.ts";
import type { EventInput, EventNotify } from "./types.ts";

export function createEvents(db: Db, clock: Clock, outbox: Outbox, timeZone: string, region: CountryCode) {
  return {
    /** Opens the event; `key` (the confirm button's) makes a repeated confirm return the same event. */
    create: (actor: Actor, input: EventInput, key: string) => createEvent(db, clock, region, actor, input, key),
    createdWith: (key: string) => createdWith(db, key),
    /** The owner's list as typed, checked before the summary: who was found and what was not. */
    resolveInvitees: (entries: string[]) => resolveInvitees(db, region, entries),
    ...createAnswers(db, clock, outbox),
    ...createEventQueries(db, clock, timeZone),
    /** Run each morning: reminders for the next shop day's events, once per event. */
    remindTomorrow: (zone: string, notify: EventNotify) => remindTomorrow(db, clock, outbox, zone, notify),
    markAttendance: (actor: Actor, eventId: number, clientId: number, attended: boolean) => markAttendance(db, clock, actor, eventId, clientId, attended),
  };
}

export type Events = ReturnType<typeof createEvents>;
