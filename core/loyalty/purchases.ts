// Logging a purchase: the tier's discount, points paid (capped share of the
// check), cashback, a tier move, the referral bonus on a first purchase, the
// follow-up calls and the audit entry, all in one transaction. The same
// idempotency key records one purchase however often "confirm" is tapped.
import { audit, type Actor } from "../audit/audit.ts";
import { DAY_MS, type Clock } from "../clock.ts";
import type { Currency } from "../config/config.ts";
import type { Client, Db, Prisma, Purchase } from "../db/client.ts";
import { DomainError, money, points } from "../errors.ts";
import { meaningfulText } from "../text.ts";
import type { Notice, Outbox } from "../outbox/outbox.ts";
import { debitPoints } from "./ledger.ts";
import { creditPoints, pointsBalance } from "./points.ts";
import { getSettings } from "./settings.ts";
import { listTiers, recomputeTier, type TierRow } from "./tiers.ts";

type Tx = Prisma.TransactionClient;

export interface PurchaseItemInput {
  description: string;
  stone?: string | null;
  metal?: string | null;
  size?: string | null;
}

export interface Quote {
  tier: TierRow | null;
  amount: number;
  discount: number;
  payable: number;
  balance: number;
  /** The most points this check allows: the capped share of it, and no more than the balance. */
  maxRedeem: number;
  redeem: number;
  paid: number;
  cashback: number;
}

/** Discounts round down to the kopeck/fen; points are whole (1 point = 100 minor units). */
export function computeQuote(
  amount: number,
  tier: TierRow | null,
  maxRedeemBp: number,
  balance: number,
  redeem: number,
): Quote {
  const discount = Math.floor((amount * (tier?.discountBp ?? 0)) / 10_000);
  const payable = amount - discount;
  const maxRedeem = Math.max(0, Math.min(balance, Math.floor((payable * maxRedeemBp) / 10_000 / 100)));
  if (!Number.isInteger(redeem) || redeem < 0) throw new DomainError("redeem_invalid");
  if (redeem > maxRedeem) throw new DomainError("redeem_too_much", { max: points(maxRedeem) });
  const paid = payable - redeem * 100;
  const cashback = Math.floor((paid * (tier?.cashbackBp ?? 0)) / 10_000 / 100);
  return { tier, amount, discount, payable, balance, maxRedeem, redeem, paid, cashback };
}

export function validateAmount(amount: number, maxPurchaseAmount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new DomainError("amount_invalid");
  if (amount > maxPurchaseAmount) throw new DomainError("amount_too_large", { max: money(maxPurchaseAmount) });
}

export function validateItem(item: PurchaseItemInput): PurchaseItemInput {
  const clean = (s: string | null | undefined) => meaningfulText(s)?.slice(0, 100) ?? null;
  const description = meaningfulText(item.description) ?? "";
  if (description.length < 2 || description.length > 200) throw new DomainError("item_invalid");
  return { description, stone: clean(item.stone), metal: clean(item.metal), size: clean(item.size) };
}

export interface LogPurchaseInput {
  clientId: number;
  amount: number;
  items: PurchaseItemInput[];
  redeem: number;
  idempotencyKey: string;
}

export interface ReferralPaid {
  inviter: { id: number; telegramId: number | null; language: string } | null;
  inviterBonus: number;
  friendBonus: number;
}

/**
 * What the seller is told once a purchase is recorded, from what is stored:
 * the same answer for the confirm and for any later tap of its button.
 */
export interface PurchaseOutcome {
  purchase: Purchase;
  balance: number;
  tier: TierRow | null;
  /** This was an invited friend's first purchase: both got their bonus. */
  referralPaid: boolean;
  hasTelegram: boolean;
}

export interface PurchaseLogged {
  created: true;
  purchase: Purchase;
  quote: Quote;
  tierBefore: TierRow | null;
  tierAfter: TierRow | null;
  balance: number;
  referral: ReferralPaid | null;
  client: Client;
}

export function createPurchaseService(db: Db, clock: Clock, currency: Currency, outbox: Outbox) {
  async function loadClient(tx: Db | Tx, clientId: number) {
    const client = await tx.client.findUnique({ where: { id: clientId }, include: { tier: true } });
    if (!client || client.forgottenAt) throw new DomainError("client_not_found");
    return client;
  }

  return {
    /** What the summary shows before the seller confirms. */
    async quote(clientId: number, amount: number, redeem = 0): Promise<Quote> {
      const settings = await getSettings(db);
      validateAmount(amount, settings.maxPurchaseAmount);
      const client = await loadClient(db, clientId);
      const tier = client.tier ?? (await listTiers(db))[0] ?? null;
      return computeQuote(amount, tier, settings.maxRedeemBp, await pointsBalance(db, clientId, clock.now()), redeem);
    },

    /** The outcome of the purchase a confirm button's key recorded, or null if it recorded none. */
    async outcome(idempotencyKey: string): Promise<PurchaseOutcome | null> {
      const purchase = await db.purchase.findUnique({ where: { idempotencyKey }, include: { client: { include: { tier: true } } } });
      if (!purchase) return null;
      const { client, ...row } = purchase;
      const [balance, referral] = await Promise.all([
        pointsBalance(db, client.id, clock.now()),
        db.pointsEntry.count({ where: { clientId: client.id, purchaseId: purchase.id, kind: "referral" } }),
      ]);
      return { purchase: row, balance, tier: client.tier, referralPaid: referral > 0, hasTelegram: client.telegramId !== null };
    },

    /** `notify` builds the messages for the client (and a referrer); they are queued in the same transaction. */
    async log(
      input: LogPurchaseInput,
      actor: Actor,
      notify?: (logged: PurchaseLogged) => Notice[],
    ): Promise<PurchaseLogged | { created: false; purchase: Purchase }> {
      const items = input.items.map(validateItem);
      return db.$transaction(async (tx) => {
        const existing = await tx.purchase.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
        if (existing) return { created: false as const, purchase: existing };
        const now = clock.now();
        const settings = await getSettings(tx);
        validateAmount(input.amount, settings.maxPurchaseAmount);
        const client = await loadClient(tx, input.clientId);
        const tiers = await listTiers(tx);
        const tierBefore = client.tier ?? tiers[0] ?? null;
        const q = computeQuote(input.amount, tierBefore, settings.maxRedeemBp, await pointsBalance(tx, client.id, now), input.redeem);
        const purchase = await tx.purchase.create({
          data: {
            clientId: client.id,
            staffTelegramId: actor.telegramId === null ? null : BigInt(actor.telegramId),
            amount: q.amount,
            discount: q.discount,
            redeemedPoints: q.redeem,
            paid: q.paid,
            cashbackPoints: q.cashback,
            currency,
            idempotencyKey: input.idempotencyKey,
            createdAt: now,
            items: { create: items },
          },
        });
        await debitPoints(tx, actor, { clientId: client.id, kind: "redeem", points: q.redeem, now, purchaseId: purchase.id });
        const lifetimeMonths = settings.pointsLifetimeMonths;
        const earn = { clientId: client.id, kind: "earn" as const, amount: q.cashback, now, lifetimeMonths, purchaseId: purchase.id };
        await creditPoints(tx, actor, earn, { audited: false });
        const referral = await payReferral(tx, actor, client, purchase.id, now, settings);
        const tierAfter = await recomputeTier(tx, actor, client, now, settings.tierPeriodMonths, tiers);
        await scheduleFollowUps(tx, client.id, client.managerId, purchase.id, now, [settings.followUpFirstDays, settings.followUpSecondDays]);
        await audit(tx, actor, {
          action: "purchase.logged",
          entity: "purchase",
          entityId: purchase.id,
          details: { clientId: client.id, amount: q.amount, discount: q.discount, redeem: q.redeem, paid: q.paid, cashback: q.cashback },
        });
        // Nothing else moves this client's points inside the transaction.
        const balance = q.balance - q.redeem + q.cashback + (referral?.friendBonus ?? 0);
        const logged: PurchaseLogged = { created: true, purchase, quote: q, tierBefore, tierAfter, balance, referral, client };
        for (const notice of notify?.(logged) ?? []) await outbox.enqueue(tx, notice);
        return logged;
      });
    },
  };
}

/** Both sides get their bonus when the invited friend buys for the first time; once. */
async function payReferral(
  tx: Tx,
  actor: Actor,
  client: { id: number; referredById: number | null; referralPaidAt: Date | null },
  purchaseId: number,
  now: Date,
  settings: { referralBonusInviter: number; referralBonusFriend: number; pointsLifetimeMonths: number },
): Promise<ReferralPaid | null> {
  if (!client.referredById || client.referralPaidAt) return null;
  const { count } = await tx.client.updateMany({ where: { id: client.id, referralPaidAt: null }, data: { referralPaidAt: now } });
  if (count === 0) return null;
  const inviter = await tx.client.findUnique({ where: { id: client.referredById } });
  const lifetimeMonths = settings.pointsLifetimeMonths;
  if (inviter && !inviter.forgottenAt) {
    await creditPoints(tx, actor, { clientId: inviter.id, kind: "referral", amount: settings.referralBonusInviter, now, lifetimeMonths, reason: `friend:${client.id}`, purchaseId });
  }
  await creditPoints(tx, actor, { clientId: client.id, kind: "referral", amount: settings.referralBonusFriend, now, lifetimeMonths, reason: "welcome-friend", purchaseId });
  return {
    inviter: inviter && !inviter.forgottenAt ? { id: inviter.id, telegramId: inviter.telegramId === null ? null : Number(inviter.telegramId), language: inviter.language } : null,
    inviterBonus: settings.referralBonusInviter,
    friendBonus: settings.referralBonusFriend,
  };
}

/** "Is the jewelry all right?" a few days later, and again a month later (the days are settings). */
async function scheduleFollowUps(tx: Tx, clientId: number, managerId: number | null, purchaseId: number, now: Date, [first, second]: [number, number]) {
  const plan = [
    { reason: "after_purchase", days: first },
    { reason: "month_after_purchase", days: second },
  ];
  await tx.followUp.createMany({
    data: plan.map(({ reason, days }) => ({
      clientId,
      staffId: managerId,
      purchaseId,
      reason,
      context: JSON.stringify({ purchaseId, at: now.toISOString() }),
      dueAt: new Date(now.getTime() + days * DAY_MS),
      dedupeKey: `purchase:${purchaseId}:${reason}`,
    })),
  });
}

export type PurchaseService = ReturnType<typeof createPurchaseService>;
