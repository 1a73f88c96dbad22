// Cleaning days: an owner announces a day with time slots and a capacity per
// slot, followers of service news are invited, clients book, move or cancel a
// place (one per day), are reminded the day before, and staff mark who came.
import type { Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Outbox } from "../outbox/outbox.ts";
import { announceDay, announcedWith } from "./announce.ts";
import { createBooking } from "./booking.ts";
import { countInvited, inviteFollowers, type SendPolicy } from "./invite.ts";
import { markBooking } from "./marks.ts";
import { createCleaningQueries } from "./queries.ts";
import { remindTomorrow } from "./reminders.ts";
import type { CleaningDayInput, CleaningInvite, CleaningNotify, Mark } from "./types.ts";

export function createCleaning(db: Db, clock: Clock, outbox: Outbox, policy: SendPolicy) {
  return {
    /** Opens the day and invites the followers; `key` (the confirm button's) makes a repeated confirm return the same day. */
    announce: (actor: Actor, input: CleaningDayInput, key: string, wording: CleaningInvite) => announceDay(db, clock, policy, actor, input, key, wording),
    announcedWith: (key: string) => announcedWith(db, key),
    /** Invites followers who have no invitation to this day yet (a follower who joined since); returns how many. */
    async invite(dayId: number, wording: CleaningInvite): Promise<number> {
      const day = await db.cleaningDay.findUnique({ where: { id: dayId } });
      return day ? inviteFollowers(db, day, wording, clock.now(), policy) : 0;
    },
    /** How many clients an invitation reaches now. */
    audience: () => countInvited(db),
    ...createBooking(db, clock),
    ...createCleaningQueries(db, clock, policy.timeZone),
    /** Run each morning: reminders to the clients booked on the next shop day, once per day. */
    remindTomorrow: (notify: CleaningNotify) => remindTomorrow(db, clock, outbox, policy.timeZone, notify),
    mark: (actor: Actor, bookingId: number, mark: Mark) => markBooking(db, clock, policy.timeZone, actor, bookingId, mark),
  };
}

export type Cleaning = ReturnType<typeof createCleaning>;
