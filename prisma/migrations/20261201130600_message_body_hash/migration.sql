-- A digest of what a send asked for (conversation, receivers, content): a retry with the same
-- client_msg_id / idempotency key but another body is a conflict, not the old message again.
-- Null for messages stored before: their retries are answered as duplicates, as they were.
ALTER TABLE "messages" ADD COLUMN "body_hash" BYTEA;
