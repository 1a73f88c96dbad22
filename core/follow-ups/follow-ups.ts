// The follow-up engine's use cases: schedule the day's reasons (the morning
// job), read the list and a client's card, log a call's outcome, and give a
// client a personal manager. Framework-free; the bot words everything.
import { audit, type Actor } from "../audit/audit.ts";
import { addDays, compareDates, shopDate, startOfShopDay, type CivilDate } from "../calendar.ts";
import type { Clock } from "../clock.ts";
import { sqlTime, type Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { getSettings } from "../loyalty/settings.ts";
import { meaningfulText } from "../text.ts";
import { addGreetingDay, listGreetingDays, removeGreetingDay } from "./greetings.ts";
import { createQueue, type Scope } from "./queue.ts";
import type { Outcome, Reason } from "./reasons.ts";
import { TRIGGERS } from "./triggers.ts";

/** After this many calls in a row that did not get through, the next try waits a few days. */
export const MISSES_BEFORE_PAUSE = 3;
const PAUSE_DAYS = 3;
const MAX_LATER_DAYS = 366;

export interface OutcomeInput {
  outcome: Outcome;
  note?: string | null;
  /** For "call later": the day to call again. */
  until?: CivilDate;
}

export interface OutcomeLogged {
  outcome: Outcome;
  /** The contact on the client's file, for a note added afterwards. */
  contactId: number;
  reasons: number;
  /** When the client is due again (no answer, call later); null when the reasons are closed. */
  nextDue: CivilDate | null;
}

export function createFollowUps(db: Db, clock: Clock, timeZone: string) {
  const queue = createQueue(db, timeZone);
  const today = () => shopDate(clock.now(), timeZone);

  return {
    today,
    /** The instant today began in the shop: a reason due before it is overdue. */
    todayStart: () => startOfShopDay(today(), timeZone),

    /** Runs every rule for today; returns how many reasons each one added (0 on a second run). */
    async schedule(): Promise<Record<keyof typeof TRIGGERS, number>> {
      const now = clock.now();
      const day = today();
      const t = { now, today: day, timeZone, settings: await getSettings(db), dueAt: sqlTime(startOfShopDay(day, timeZone)), at: sqlTime(now) };
      return db.$transaction(async (tx) => {
        const counts = {} as Record<keyof typeof TRIGGERS, number>;
        for (const [name, rule] of Object.entries(TRIGGERS) as [keyof typeof TRIGGERS, (typeof TRIGGERS)[keyof typeof TRIGGERS]][]) {
          counts[name] = await rule(tx, t);
        }
        return counts;
      });
    },

    list: (scope: Scope, page = 0, pageSize?: number) => queue.list(scope, today(), page, pageSize),
    /** Page one of each list at once, for the morning push. */
    firstPages: (scopes: Scope[]) => queue.firstPages(scopes, today()),
    card: (clientId: number) => queue.card(clientId, today(), clock.now()),

    /**
     * Logs a call: every reason due for the client is handled at once, and the
     * call is a contact on the client's file. A second tap finds nothing due.
     */
    async log(actor: Actor, clientId: number, input: OutcomeInput): Promise<OutcomeLogged> {
      const day = today();
      const note = input.note == null ? null : meaningfulText(input.note);
      if (note && note.length > 1000) throw new DomainError("note_invalid");
      if (input.outcome === "call_later") {
        const until = input.until;
        if (!until || compareDates(until, day) <= 0 || compareDates(until, addDays(day, MAX_LATER_DAYS)) > 0) throw new DomainError("follow_up_date_invalid");
      }
      const now = clock.now();
      return db.$transaction(async (tx) => {
        const due = await tx.followUp.findMany({
          where: { clientId, status: "open", dueAt: { lt: startOfShopDay(addDays(day, 1), timeZone) } },
        });
        if (due.length === 0) throw new DomainError("follow_up_handled");
        const ids = due.map((f) => f.id);
        const by = actor.telegramId === null ? null : BigInt(actor.telegramId);
        let nextDue: CivilDate | null = null;
        switch (input.outcome) {
          case "reached":
          case "not_interested":
            await tx.followUp.updateMany({
              where: { id: { in: ids } },
              data: { status: input.outcome === "reached" ? "done" : "dismissed", outcome: input.outcome, doneAt: now, doneByTelegramId: by },
            });
            break;
          case "no_answer": {
            const misses = Math.max(...due.map((f) => f.attempts)) + 1;
            nextDue = addDays(day, misses >= MISSES_BEFORE_PAUSE ? PAUSE_DAYS : 1);
            await tx.followUp.updateMany({ where: { id: { in: ids } }, data: { attempts: misses, outcome: "no_answer", dueAt: startOfShopDay(nextDue, timeZone) } });
            break;
          }
          case "call_later":
            nextDue = input.until!;
            await tx.followUp.updateMany({ where: { id: { in: ids } }, data: { attempts: 0, outcome: "call_later", dueAt: startOfShopDay(nextDue, timeZone) } });
            break;
        }
        // A real conversation this month is the personal touch the best clients are owed.
        if (input.outcome !== "no_answer") {
          await tx.followUp.updateMany({
            where: { clientId, reason: "best_client" satisfies Reason, status: "open", createdAt: { gte: startOfShopDay({ ...day, day: 1 }, timeZone) } },
            data: { status: "done", outcome: input.outcome, doneAt: now, doneByTelegramId: by },
          });
        }
        const contact = await tx.contactLog.create({ data: { clientId, staffTelegramId: by, channel: "call", outcome: input.outcome, note, createdAt: now } });
        return { outcome: input.outcome, contactId: contact.id, reasons: due.length, nextDue };
      });
    },

    /** A note about a call already logged ("reached"), written by the person who logged it. */
    async noteCall(actor: Actor, contactId: number, text: string): Promise<void> {
      const note = meaningfulText(text);
      if (!note || note.length > 1000) throw new DomainError("note_invalid");
      const by = actor.telegramId === null ? null : BigInt(actor.telegramId);
      const { count } = await db.contactLog.updateMany({ where: { id: contactId, staffTelegramId: by }, data: { note } });
      if (count === 0) throw new DomainError("follow_up_handled");
    },

    /** An owner gives a client a personal manager (their reasons go to that seller's list), or back to the pool. */
    async assignManager(actor: Actor, clientId: number, staffId: number | null): Promise<void> {
      await db.$transaction(async (tx) => {
        const client = await tx.client.findUnique({ where: { id: clientId } });
        if (!client || client.forgottenAt) throw new DomainError("client_not_found");
        if (staffId !== null && !(await tx.staff.findFirst({ where: { id: staffId, active: true } }))) throw new DomainError("staff_not_found");
        await tx.client.update({ where: { id: clientId }, data: { managerId: staffId } });
        await audit(tx, actor, { action: "client.manager", entity: "client", entityId: clientId, details: { from: client.managerId, to: staffId } });
      });
    },

    greetings: {
      list: () => listGreetingDays(db),
      add: (input: Parameters<typeof addGreetingDay>[1]) => addGreetingDay(db, input),
      remove: (id: number) => removeGreetingDay(db, id),
    },
  };
}

export type FollowUps = ReturnType<typeof createFollowUps>;
export type { Scope } from "./queue.ts";
