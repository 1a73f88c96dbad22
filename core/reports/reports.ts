// The owner's report for a period: the domain returns plain numbers (types.ts),
// the bot turns them into text and charts. Each metric lives in its own module
// with its definition; this file only reads the settings once and assembles.
// Four statements: every client's purchases read once (clients.ts), the
// chart's months, follow-ups and broadcasts.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { getSettings } from "../loyalty/settings.ts";
import { readClients } from "./clients.ts";
import { readFollowUps } from "./follow-up-stats.ts";
import { ltvOf } from "./ltv.ts";
import { readRevenueByMonth } from "./monthly.ts";
import { parsePeriod } from "./parse-period.ts";
import { monthPeriod, quarterPeriod, yearPeriod } from "./period.ts";
import { readReach } from "./reach.ts";
import { retentionOf } from "./retention.ts";
import { salesOf } from "./sales.ts";
import type { LadderRules, Period, Report } from "./types.ts";

export async function buildReport(db: Db, period: Period, timeZone: string): Promise<Report> {
  const settings = await getSettings(db);
  const rules: LadderRules = {
    regularPurchases: settings.ladderRegularPurchases,
    adherentPurchases: settings.ladderAdherentPurchases,
    activeMonths: settings.ladderActiveMonths,
  };
  // One connection runs one statement at a time: awaiting them in turn costs nothing and reads plainly.
  const { history, ...clients } = await readClients(db, period, rules, timeZone);
  const revenueByMonth = await readRevenueByMonth(db, period, timeZone);
  const followUps = await readFollowUps(db, period);
  const reach = await readReach(db, period);
  return {
    period,
    ...salesOf(history),
    retention: retentionOf(history),
    ltv: ltvOf(history, settings.marginBp),
    ladder: history.ladder,
    ...clients,
    revenueByMonth,
    followUps,
    reach,
  };
}

/** Reports bound to the shop's clock and time zone: "this month", "last quarter", or what the owner typed. */
export function createReports(db: Db, clock: Clock, timeZone: string) {
  return {
    build: (period: Period) => buildReport(db, period, timeZone),
    month: (offset = 0) => monthPeriod(clock.now(), timeZone, offset),
    quarter: (offset = 0) => quarterPeriod(clock.now(), timeZone, offset),
    year: (offset = 0) => yearPeriod(clock.now(), timeZone, offset),
    /** Null when the text is no period (the bot asks again). */
    parse: (text: string) => parsePeriod(text, clock.now(), timeZone),
  };
}

export type Reports = ReturnType<typeof createReports>;
