// Returns: the money given back reverses the cashback earned and gives back
// the points paid, in proportion; the tier is recomputed (it may go down).
// Shares are computed on the running total, so several partial returns add up
// exactly to a whole one.
import { audit, type Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Client, Db, Purchase, Refund, Tier } from "../db/client.ts";
import { DomainError, money } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import type { Notice, Outbox } from "../outbox/outbox.ts";
import { debitPoints } from "./ledger.ts";
import { creditPoints, pointsBalance } from "./points.ts";
import { getSettings } from "./settings.ts";
import { recomputeTier } from "./tiers.ts";

export interface RefundInput {
  purchaseId: number;
  /** Money to give back, minor units; omitted = everything not yet returned. */
  amount?: number;
  reason?: string;
  idempotencyKey: string;
}

export interface RefundDone {
  created: true;
  refund: Refund;
  purchase: Purchase;
  tierBefore: Tier | null;
  tierAfter: Tier | null;
  balance: number;
  client: Client;
  /** Cashback already spent, so not taken back. */
  shortfall: number;
}

/** What the seller is told once a return is recorded, from what is stored (see PurchaseOutcome). */
export interface RefundOutcome {
  refund: Refund;
  balance: number;
  tier: Tier | null;
}

export function createRefundService(db: Db, clock: Clock, outbox: Outbox) {
  return {
    /** The outcome of the return a confirm button's key recorded, or null if it recorded none. */
    async outcome(idempotencyKey: string): Promise<RefundOutcome | null> {
      const refund = await db.refund.findUnique({ where: { idempotencyKey }, include: { purchase: { include: { client: { include: { tier: true } } } } } });
      if (!refund) return null;
      const { purchase, ...row } = refund;
      return { refund: row, balance: await pointsBalance(db, purchase.clientId, clock.now()), tier: purchase.client.tier };
    },

    async refundable(purchaseId: number) {
      const p = await db.purchase.findUnique({ where: { id: purchaseId }, include: { items: true, client: true } });
      if (!p || p.client.forgottenAt) throw new DomainError("purchase_not_found");
      if (p.status === "refunded") throw new DomainError("purchase_refunded");
      return { purchase: p, remaining: p.paid - p.refundedAmount };
    },

    /** `notify` builds the client's notice; it is queued in the same transaction. */
    async refund(
      input: RefundInput,
      actor: Actor,
      notify?: (done: RefundDone) => Notice[],
    ): Promise<RefundDone | { created: false; refund: Refund }> {
      return db.$transaction(async (tx) => {
        const existing = await tx.refund.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
        if (existing) return { created: false as const, refund: existing };
        const p = await tx.purchase.findUnique({ where: { id: input.purchaseId } });
        if (!p) throw new DomainError("purchase_not_found");
        if (p.status === "refunded") throw new DomainError("purchase_refunded");
        const remaining = p.paid - p.refundedAmount;
        const amount = input.amount ?? remaining;
        if (!Number.isSafeInteger(amount) || amount < 0 || (amount === 0 && p.paid > 0)) throw new DomainError("refund_invalid");
        if (amount > remaining) throw new DomainError("refund_too_large", { max: money(remaining) });
        const now = clock.now();
        const refunded = p.refundedAmount + amount;
        const full = refunded === p.paid;
        const share = (total: number) => (full ? total : Math.floor((total * refunded) / p.paid));
        const pointsBack = share(p.redeemedPoints) - p.pointsReturned;
        const cashbackDue = share(p.cashbackPoints) - p.cashbackReversed;
        const settings = await getSettings(tx);
        await creditPoints(tx, actor, {
          clientId: p.clientId,
          kind: "refund",
          amount: pointsBack,
          now,
          lifetimeMonths: settings.pointsLifetimeMonths,
          purchaseId: p.id,
        });
        // Cashback already spent cannot be taken back from nothing: what is missing is recorded.
        const reversed = await debitPoints(tx, actor, { clientId: p.clientId, kind: "reversal", points: cashbackDue, now, purchaseId: p.id });
        const purchase = await tx.purchase.update({
          where: { id: p.id },
          data: {
            refundedAmount: refunded,
            pointsReturned: p.pointsReturned + pointsBack,
            cashbackReversed: p.cashbackReversed + cashbackDue,
            status: full ? "refunded" : "partially_refunded",
          },
        });
        const refund = await tx.refund.create({
          data: {
            purchaseId: p.id,
            amount,
            cashbackReversed: reversed,
            pointsReturned: pointsBack,
            reason: meaningfulText(input.reason),
            actorTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId),
            idempotencyKey: input.idempotencyKey,
            createdAt: now,
          },
        });
        if (full) await tx.followUp.updateMany({ where: { purchaseId: p.id, status: "open" }, data: { status: "dismissed" } });
        const client = await tx.client.findUniqueOrThrow({ where: { id: p.clientId }, include: { tier: true } });
        const tierAfter = await recomputeTier(tx, actor, client, now, settings.tierPeriodMonths);
        await audit(tx, actor, {
          action: "purchase.refunded",
          entity: "purchase",
          entityId: p.id,
          details: { amount, full, pointsBack, cashbackDue, reversed, shortfall: cashbackDue - reversed, reason: refund.reason },
        });
        const balance = await pointsBalance(tx, p.clientId, now);
        const done: RefundDone = { created: true, refund, purchase, tierBefore: client.tier, tierAfter, balance, client, shortfall: cashbackDue - reversed };
        for (const notice of notify?.(done) ?? []) await outbox.enqueue(tx, notice);
        return done;
      });
    },
  };
}

export type RefundService = ReturnType<typeof createRefundService>;
