-- Per-target delivery state of an outbox event: a target that took the event is not sent it again
-- while another target (e.g. a failing webhook) is retried.
ALTER TABLE "outbox" ADD COLUMN "stream_delivered_at" TIMESTAMPTZ(3);
ALTER TABLE "outbox" ADD COLUMN "webhook_delivered_at" TIMESTAMPTZ(3);
