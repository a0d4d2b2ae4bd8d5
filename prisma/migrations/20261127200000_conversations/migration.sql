-- AlterTable
ALTER TABLE "groups" ADD COLUMN     "member_version" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "conversations" (
    "owner_id" TEXT NOT NULL,
    "conv_type" INTEGER NOT NULL,
    "conv_id" TEXT NOT NULL,
    "last_seq" BIGINT NOT NULL DEFAULT 0,
    "last_msg_id" BIGINT NOT NULL DEFAULT 0,
    "last_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_seq" BIGINT NOT NULL DEFAULT 0,
    "unread" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("owner_id","conv_type","conv_id")
);

-- CreateIndex
CREATE INDEX "conversations_owner_id_last_at_idx" ON "conversations"("owner_id", "last_at");

-- CreateIndex
CREATE INDEX "inbox_owner_id_conv_type_conv_id_seq_idx" ON "inbox"("owner_id", "conv_type", "conv_id", "seq");

-- CreateIndex
CREATE INDEX "inbox_message_id_idx" ON "inbox"("message_id");
