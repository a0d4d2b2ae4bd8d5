-- Per business line: whether its c2s events also go to its Redis Stream, and a pause that holds them in the outbox.
ALTER TABLE "business_lines" ADD COLUMN "stream" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "business_lines" ADD COLUMN "paused" BOOLEAN NOT NULL DEFAULT false;

-- Every webhook call the outbox dispatcher made, for the console (status, latency, the start of the answer).
CREATE TABLE "webhook_attempts" (
    "id" BIGSERIAL NOT NULL,
    "business_line_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "response_excerpt" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "webhook_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_attempts_business_line_id_id_idx" ON "webhook_attempts"("business_line_id", "id");

-- CreateIndex
CREATE INDEX "webhook_attempts_at_idx" ON "webhook_attempts"("at");
