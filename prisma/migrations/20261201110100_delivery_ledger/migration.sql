-- Pushes, push acks and offline pushes as realtime nodes saw them, for tracing a message to each device.
-- Written in batches, kept for a limited time; no foreign keys (diagnostic data, sharded like the inbox).
CREATE TABLE "delivery_ledger" (
    "id" BIGSERIAL NOT NULL,
    "owner_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "message_id" BIGINT,
    "kind" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "device_id" TEXT,
    "device_type" INTEGER,
    "provider" TEXT,
    "result" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "delivery_ledger_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "delivery_ledger_owner_id_seq_idx" ON "delivery_ledger"("owner_id", "seq");

-- CreateIndex
CREATE INDEX "delivery_ledger_at_idx" ON "delivery_ledger"("at");
