-- The report reads a period's purchases in time order with their status and money:
-- a covering index replaces the plain one on "createdAt" (its prefix serves the same lookups).
DROP INDEX "Purchase_createdAt_idx";

-- CreateIndex
CREATE INDEX "Purchase_createdAt_status_paid_refundedAmount_idx" ON "Purchase"("createdAt", "status", "paid", "refundedAmount");
