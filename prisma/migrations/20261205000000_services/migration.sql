-- Services: tickets followed stage by stage, cleaning days with slots, private
-- viewings, wishes and feedback (issue 10).
-- AlterTable
ALTER TABLE "TicketStage" ADD COLUMN "estimateReadyAt" DATETIME;
ALTER TABLE "TicketStage" ADD COLUMN "photoFileId" TEXT;

-- AlterTable
ALTER TABLE "Feedback" ADD COLUMN "alertedAt" DATETIME;
ALTER TABLE "Feedback" ADD COLUMN "dedupeKey" TEXT;
ALTER TABLE "Feedback" ADD COLUMN "staffTelegramId" BIGINT;

-- AlterTable
ALTER TABLE "Wish" ADD COLUMN "budget" INTEGER;
ALTER TABLE "Wish" ADD COLUMN "closedReason" TEXT;
ALTER TABLE "Wish" ADD COLUMN "createdByTelegramId" BIGINT;
ALTER TABLE "Wish" ADD COLUMN "jewelryKind" TEXT;
ALTER TABLE "Wish" ADD COLUMN "size" TEXT;
ALTER TABLE "Wish" ADD COLUMN "stone" TEXT;

-- CreateTable
CREATE TABLE "CleaningDay" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "date" DATETIME NOT NULL,
    "note" TEXT,
    "status" TEXT NOT NULL DEFAULT 'open',
    "reminderSentAt" DATETIME,
    "createdByTelegramId" BIGINT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CleaningSlot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dayId" INTEGER NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "capacity" INTEGER NOT NULL,
    CONSTRAINT "CleaningSlot_dayId_fkey" FOREIGN KEY ("dayId") REFERENCES "CleaningDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SlotBooking" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "dayId" INTEGER NOT NULL,
    "slotId" INTEGER NOT NULL,
    "clientId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'booked',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SlotBooking_dayId_fkey" FOREIGN KEY ("dayId") REFERENCES "CleaningDay" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SlotBooking_slotId_fkey" FOREIGN KEY ("slotId") REFERENCES "CleaningSlot" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SlotBooking_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Viewing" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "clientId" INTEGER NOT NULL,
    "preferred" TEXT NOT NULL,
    "wants" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "at" DATETIME,
    "staffTelegramId" BIGINT,
    "reminderSentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Viewing_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Settings: free cleaning and private viewings by tier, when to ask for a rating.
ALTER TABLE "LoyaltySettings" ADD COLUMN "freeCleaningTierId" INTEGER;
ALTER TABLE "LoyaltySettings" ADD COLUMN "viewingTierId" INTEGER;
ALTER TABLE "LoyaltySettings" ADD COLUMN "feedbackAfterDays" INTEGER NOT NULL DEFAULT 3;

-- Staff on duty are told of new requests at once.
ALTER TABLE "Staff" ADD COLUMN "onDuty" BOOLEAN NOT NULL DEFAULT true;

-- Service tickets: free under a tier, a cancellation's reason, the client's confirmation, who made it.
ALTER TABLE "ServiceTicket" ADD COLUMN "free" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ServiceTicket" ADD COLUMN "cancelReason" TEXT;
ALTER TABLE "ServiceTicket" ADD COLUMN "clientConfirmedAt" DATETIME;
ALTER TABLE "ServiceTicket" ADD COLUMN "handedOverAt" DATETIME;
ALTER TABLE "ServiceTicket" ADD COLUMN "createdByTelegramId" BIGINT;
CREATE INDEX "ServiceTicket_clientId_idx" ON "ServiceTicket"("clientId");

-- Ticket photos: what each was taken for.
ALTER TABLE "TicketPhoto" ADD COLUMN "purpose" TEXT NOT NULL DEFAULT 'request';


-- CreateIndex
CREATE UNIQUE INDEX "CleaningSlot_dayId_startsAt_key" ON "CleaningSlot"("dayId", "startsAt");

-- CreateIndex
CREATE INDEX "SlotBooking_slotId_status_idx" ON "SlotBooking"("slotId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SlotBooking_dayId_clientId_key" ON "SlotBooking"("dayId", "clientId");

-- CreateIndex
CREATE INDEX "Viewing_status_at_idx" ON "Viewing"("status", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_dedupeKey_key" ON "Feedback"("dedupeKey");

