-- A revocation may name one device: tokens of the uid presented by that device id and issued at or
-- before revoked_before are refused. device_id '' keeps the old meaning (every device of device_type).
ALTER TABLE "token_revocations" ADD COLUMN "device_id" TEXT NOT NULL DEFAULT '';
ALTER TABLE "token_revocations" DROP CONSTRAINT "token_revocations_pkey";
ALTER TABLE "token_revocations" ADD CONSTRAINT "token_revocations_pkey" PRIMARY KEY ("uid", "device_type", "device_id");
