-- Business lines act too: an audit entry is made by exactly one operator or one business line (with the key used).
ALTER TABLE "audit_log" ALTER COLUMN "operator_id" DROP NOT NULL;
ALTER TABLE "audit_log" ADD COLUMN "business_line_id" TEXT;
ALTER TABLE "audit_log" ADD COLUMN "key_id" TEXT;
ALTER TABLE "audit_log" ADD COLUMN "ip" TEXT NOT NULL DEFAULT '';
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_check" CHECK (("operator_id" IS NULL) <> ("business_line_id" IS NULL));

-- CreateIndex
CREATE INDEX "audit_log_business_line_id_idx" ON "audit_log"("business_line_id");

-- CreateIndex
CREATE INDEX "audit_log_action_idx" ON "audit_log"("action");
