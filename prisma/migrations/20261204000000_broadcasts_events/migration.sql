-- Broadcasts: the recipients planned, and the owner's live stats message.
ALTER TABLE "Broadcast" ADD COLUMN "planned" INTEGER;
ALTER TABLE "Broadcast" ADD COLUMN "statsChatId" BIGINT;
ALTER TABLE "Broadcast" ADD COLUMN "statsEditedAt" DATETIME;
ALTER TABLE "Broadcast" ADD COLUMN "statsLanguage" TEXT;
ALTER TABLE "Broadcast" ADD COLUMN "statsMessageId" INTEGER;
CREATE INDEX "Broadcast_status_scheduledAt_idx" ON "Broadcast"("status", "scheduledAt");

-- Outbox: a broadcast's stats and a client's weekly cap are counted from these.
CREATE INDEX "Outbox_broadcastId_status_idx" ON "Outbox"("broadcastId", "status");
CREATE INDEX "Outbox_clientId_broadcastId_idx" ON "Outbox"("clientId", "broadcastId");

-- Events: who may come, +1, who created it.
ALTER TABLE "Event" ADD COLUMN "audience" TEXT NOT NULL DEFAULT 'all';
ALTER TABLE "Event" ADD COLUMN "plusOneAllowed" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Event" ADD COLUMN "createdByTelegramId" BIGINT;

-- RSVPs: the waiting list's order and who marked attendance.
ALTER TABLE "Rsvp" ADD COLUMN "waitingSince" DATETIME;
ALTER TABLE "Rsvp" ADD COLUMN "attendedAt" DATETIME;
ALTER TABLE "Rsvp" ADD COLUMN "attendedBy" BIGINT;
