-- The business line a user belongs to (see README "Business-line isolation"); NULL until a line claims it.
ALTER TABLE "users" ADD COLUMN "business_line_id" TEXT;

-- CreateIndex
CREATE INDEX "users_business_line_id_id_idx" ON "users"("business_line_id", "id");
