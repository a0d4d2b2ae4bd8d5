-- The console's message archive: substring search (ILIKE '%q%', any script) through a trigram index
-- instead of a sequential scan, and newest-first pages per sender or per target without sorting the table.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "messages_content_trgm_idx" ON "messages" USING GIN ("content" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "messages_sender_id_id_idx" ON "messages"("sender_id", "id");

-- CreateIndex
CREATE INDEX "messages_target_id_id_idx" ON "messages"("target_id", "id");

-- Viewers see message content only when an admin grants it; admins always do.
ALTER TABLE "operators" ADD COLUMN "can_read_content" BOOLEAN NOT NULL DEFAULT false;
