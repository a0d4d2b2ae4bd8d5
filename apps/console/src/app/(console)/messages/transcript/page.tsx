"use client";

import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconArrowLeft, IconArrowUp } from "@tabler/icons-react";
import Link from "next/link";
import { PageHeader } from "../../../../components/page-header.tsx";
import { Empty, LoadError, Loading } from "../../../../components/query-state.tsx";
import { useTranscript } from "../../../../hooks/use-messages.ts";
import { useUrlState } from "../../../../hooks/use-url-state.ts";
import { convTypeName, formatTime } from "../../../../lib/format.ts";
import { traceHref } from "../../../../lib/messages.ts";

type Page = NonNullable<ReturnType<typeof useTranscript>["data"]>["pages"][number];
type Item = Page["items"][number];

function RecipientState({ r }: { r: Item["recipients"][number] }) {
  const state = r.read ? "read" : r.deliveredAt ? "delivered" : "not delivered";
  const color = r.read ? "blue" : r.deliveredAt ? "green" : "yellow";
  return (
    <Tooltip label={r.deliveredAt ? `delivered ${formatTime(r.deliveredAt)}` : `inbox seq ${r.seq}`}>
      <Badge variant="dot" miw="max-content" size="sm" color={color} tt="none">
        {r.uid}: {state}
      </Badge>
    </Tooltip>
  );
}

/** One message as a chat bubble: the viewer's own side on the right. */
function Bubble({ m, own }: { m: Item; own: boolean }) {
  return (
    <Group justify={own ? "flex-end" : "flex-start"} wrap="nowrap">
      <Paper
        withBorder
        radius="lg"
        p="sm"
        maw="75%"
        bg={own ? "var(--mantine-color-indigo-0)" : undefined}
        component="article"
        aria-label={`Message ${m.msgId} from ${m.senderId}`}
      >
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Text size="xs" fw={600} className="mono">
            {m.senderId}
          </Text>
          <Text size="xs" c="dimmed">
            {formatTime(m.createdAt)}
          </Text>
        </Group>
        {m.content === null ? (
          <Text size="sm" c="dimmed" fs="italic">
            Content hidden: your account may not read message content.
          </Text>
        ) : (
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {m.content}
          </Text>
        )}
        <Group gap={4} mt={6}>
          {m.recipients.map((r) => (
            <RecipientState key={r.uid} r={r} />
          ))}
          {m.recipientsTruncated && (
            <Text size="xs" c="dimmed">
              and more: {m.delivery.delivered}/{m.delivery.recipients} delivered, {m.delivery.read} read
            </Text>
          )}
          <Anchor component={Link} href={traceHref(m.msgId)} size="xs" ml="auto" c="indigo.9">
            trace #{m.msgId}
          </Anchor>
        </Group>
      </Paper>
    </Group>
  );
}

export default function TranscriptPage() {
  const [f] = useUrlState(["convType", "convId", "uid"] as const);
  const convType = Number(f.convType) || 0;
  const transcript = useTranscript({ convType, convId: f.convId, uid: f.uid });
  const title =
    convType === 1
      ? `${f.uid} and ${f.convId}`
      : convType === 2
        ? `Group ${f.convId}`
        : convType === 3
          ? `${f.convId} to ${f.uid}`
          : "Conversation";
  // Pages come newest first; the transcript reads oldest first, newest last.
  const items = (transcript.data?.pages ?? []).toReversed().flatMap((p) => p.items);
  return (
    <>
      <PageHeader
        title={title}
        description={convType ? `${convTypeName(convType)} conversation, newest at the bottom` : undefined}
        actions={
          <Button component={Link} href="/messages" variant="default" leftSection={<IconArrowLeft size={16} />}>
            Back to messages
          </Button>
        }
      />
      {!convType || !f.convId ? (
        <Alert color="blue" title="Which conversation?">
          Open a conversation from the message archive, a user or a group.
        </Alert>
      ) : transcript.isPending ? (
        <Loading />
      ) : transcript.isError ? (
        <LoadError error={transcript.error} onRetry={() => void transcript.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No messages in this conversation" />
      ) : (
        <Stack gap="sm" component="section" aria-label="Transcript">
          <Group justify="center">
            {transcript.hasNextPage ? (
              <Button
                variant="light"
                leftSection={<IconArrowUp size={16} />}
                loading={transcript.isFetchingNextPage}
                onClick={() => void transcript.fetchNextPage()}
              >
                Load older messages
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                Start of the conversation
              </Text>
            )}
          </Group>
          {items.map((m) => (
            <Bubble key={m.msgId} m={m} own={f.uid !== "" && m.senderId === f.uid} />
          ))}
          <Text size="xs" c="dimmed" ta="center">
            {items.length} messages shown
          </Text>
        </Stack>
      )}
    </>
  );
}
