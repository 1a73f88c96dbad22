-- Reports: the margin share for LTV and the client ladder's thresholds.
ALTER TABLE "LoyaltySettings" ADD COLUMN "marginBp" INTEGER NOT NULL DEFAULT 5000;
ALTER TABLE "LoyaltySettings" ADD COLUMN "ladderRegularPurchases" INTEGER NOT NULL DEFAULT 3;
ALTER TABLE "LoyaltySettings" ADD COLUMN "ladderAdherentPurchases" INTEGER NOT NULL DEFAULT 6;
ALTER TABLE "LoyaltySettings" ADD COLUMN "ladderActiveMonths" INTEGER NOT NULL DEFAULT 12;

-- CreateTable
CREATE TABLE "DataImport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileId" TEXT,
    "sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'checked',
    "mode" TEXT,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "validRows" INTEGER NOT NULL DEFAULT 0,
    "badRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdByTelegramId" BIGINT,
    "chatId" BIGINT,
    "messageId" INTEGER,
    "language" TEXT NOT NULL DEFAULT 'ru',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "DataImport_status_idx" ON "DataImport"("status");
