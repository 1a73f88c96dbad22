-- The follow-up engine: contact preferences on the client, the triggers'
-- offsets in the loyalty settings, greeting days, and an index for a client's open reasons.

-- AlterTable
ALTER TABLE "Client" ADD COLUMN "contactTime" TEXT;
ALTER TABLE "Client" ADD COLUMN "preferenceNotes" TEXT;

-- AlterTable (a constant default lets SQLite add NOT NULL columns in place)
ALTER TABLE "LoyaltySettings" ADD COLUMN "followUpFirstDays" INTEGER NOT NULL DEFAULT 3;
ALTER TABLE "LoyaltySettings" ADD COLUMN "followUpSecondDays" INTEGER NOT NULL DEFAULT 30;
ALTER TABLE "LoyaltySettings" ADD COLUMN "datesLeadDays" INTEGER NOT NULL DEFAULT 3;
ALTER TABLE "LoyaltySettings" ADD COLUMN "pointsExpiryLeadDays" INTEGER NOT NULL DEFAULT 14;
ALTER TABLE "LoyaltySettings" ADD COLUMN "tierDropLeadDays" INTEGER NOT NULL DEFAULT 14;
ALTER TABLE "LoyaltySettings" ADD COLUMN "regularMinPurchases" INTEGER NOT NULL DEFAULT 2;
ALTER TABLE "LoyaltySettings" ADD COLUMN "quietMonths" INTEGER NOT NULL DEFAULT 6;
ALTER TABLE "LoyaltySettings" ADD COLUMN "bestClientShareBp" INTEGER NOT NULL DEFAULT 2000;
ALTER TABLE "LoyaltySettings" ADD COLUMN "bestClientMonths" INTEGER NOT NULL DEFAULT 12;

-- CreateTable
CREATE TABLE "GreetingDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "calendar" TEXT NOT NULL DEFAULT 'solar',
    "month" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "language" TEXT,
    "gender" TEXT,
    "leadDays" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "GreetingDay_code_key" ON "GreetingDay"("code");

-- CreateIndex
CREATE INDEX "FollowUp_clientId_status_idx" ON "FollowUp"("clientId", "status");

-- CreateIndex: "has this client been reached this month?", and the lots expiring soon across all clients
CREATE INDEX "ContactLog_clientId_createdAt_idx" ON "ContactLog"("clientId", "createdAt");
CREATE INDEX "PointsEntry_expiresAt_idx" ON "PointsEntry"("expiresAt");
