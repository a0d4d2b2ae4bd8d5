-- The business line a group or org unit belongs to (README "Business-line isolation"); NULL until a line claims it.
ALTER TABLE "groups" ADD COLUMN "business_line_id" TEXT;
ALTER TABLE "org_units" ADD COLUMN "business_line_id" TEXT;
