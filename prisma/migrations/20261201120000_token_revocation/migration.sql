-- A banned user cannot log in; live sessions are kicked when the ban is set.
ALTER TABLE "users" ADD COLUMN "banned_at" TIMESTAMPTZ(3);

-- Login tokens of a uid (device_type 0: every device type) issued at or before revoked_before are refused.
-- CreateTable
CREATE TABLE "token_revocations" (
    "uid" TEXT NOT NULL,
    "device_type" INTEGER NOT NULL,
    "revoked_before" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "token_revocations_pkey" PRIMARY KEY ("uid","device_type")
);
