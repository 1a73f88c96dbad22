// Rows for report tests written straight into the database (not through the
// purchase service: reports read history, and history is whatever the rows say,
// with the createdAt a test chooses).
import { fixedClock } from "../../core/clock.ts";
import type { Db } from "../../core/db/client.ts";
import { ensureLoyaltyDefaults } from "../../core/loyalty/defaults.ts";
import { createReports, type Reports } from "../../core/reports/reports.ts";
import { createTestDb, type TestDb } from "./db.ts";

export const TZ = "Europe/Moscow";

export interface ReportShop {
  db: Db;
  reports: Reports;
  /** A client; ids come 1, 2, 3… in the order of the calls. */
  client(name: string, opts?: { referredById?: number; telegram?: boolean; forgotten?: boolean; blocked?: boolean }): Promise<number>;
  /** A purchase at an instant ("2026-11-05T09:00Z"), `paid` in minor units. */
  buy(clientId: number, at: string, paid: number, opts?: { refunded?: number }): Promise<void>;
  close(): Promise<void>;
}

export async function reportShop(now = "2026-12-05T09:00:00Z"): Promise<ReportShop> {
  const t: TestDb = await createTestDb();
  await ensureLoyaltyDefaults(t.db, "RUB");
  let n = 0;
  return {
    db: t.db,
    reports: createReports(t.db, fixedClock(new Date(now)), TZ),
    async client(name, opts = {}) {
      n++;
      const c = await t.db.client.create({
        data: {
          givenName: name,
          telegramId: opts.telegram === false || opts.forgotten ? null : BigInt(1000 + n),
          referralCode: `R${n}`,
          referredById: opts.referredById ?? null,
          forgottenAt: opts.forgotten ? new Date("2026-12-01T00:00:00Z") : null,
          blockedAt: opts.blocked ? new Date("2026-12-01T00:00:00Z") : null,
        },
      });
      return c.id;
    },
    async buy(clientId, at, paid, opts = {}) {
      const refunded = opts.refunded ?? 0;
      const status = refunded === 0 ? "completed" : refunded >= paid ? "refunded" : "partially_refunded";
      await t.db.purchase.create({ data: { clientId, amount: paid, paid, refundedAmount: refunded, status, currency: "RUB", createdAt: new Date(at) } });
    },
    close: () => t.close(),
  };
}
