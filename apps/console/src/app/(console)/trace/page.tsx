"use client";

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconRoute } from "@tabler/icons-react";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useTrace } from "../../../hooks/use-messages.ts";
import { useUrlState } from "../../../hooks/use-url-state.ts";
import { convTypeName, deviceTypeName, formatTime } from "../../../lib/format.ts";
import { transcriptHref } from "../../../lib/messages.ts";

type Trace = NonNullable<ReturnType<typeof useTrace>["data"]>;
type Recipient = Trace["recipients"][number];
type Device = Recipient["devices"][number];

/** Why a recipient was not reached, in the words an operator would use on the phone. */
function reasonText(r: Recipient): string {
  switch (r.reason) {
    case "offline":
      return r.offlinePush
        ? `${r.uid} was offline: no device was connected, so it was handed to the offline push (${r.offlinePush.provider}: ${r.offlinePush.result}). It waits in the inbox for the next sync.`
        : `${r.uid} was offline: no device was connected. It waits in the inbox for the next sync.`;
    case "not-acked":
      return `It was pushed to ${r.uid}'s device, but the device never acknowledged it (connection lost or app in the background).`;
    case "no-push-token":
      return `${r.uid} was offline and no device of theirs has a push token, so no notification could be sent. It waits in the inbox.`;
    case "not-a-member":
      return `${r.uid} is not a member of the group, so the message was never put in their inbox.`;
    case "joined-later":
      return `${r.uid} joined the group after the message was sent.`;
    case "not-a-recipient":
      return `The message was not addressed to ${r.uid}.`;
    case "is-the-sender":
      return `${r.uid} sent this message; this is the copy that keeps their other devices in sync.`;
    default:
      return r.delivered ? "" : `${r.uid} has not received it yet.`;
  }
}

function DeviceRows({ devices }: { devices: Device[] }) {
  if (devices.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No device of this user was pushed the message.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Device</Table.Th>
            <Table.Th scope="col">Node</Table.Th>
            <Table.Th scope="col">Pushed</Table.Th>
            <Table.Th scope="col">Push acked</Table.Th>
            <Table.Th scope="col">Offline push</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {devices.map((d) => (
            <Table.Tr key={d.deviceId}>
              <Table.Td>
                <span className="mono">{d.deviceId}</span>
                {d.deviceType !== null && ` (${deviceTypeName(d.deviceType)})`}
              </Table.Td>
              <Table.Td className="mono">{d.nodeId ?? "—"}</Table.Td>
              <Table.Td>{formatTime(d.pushedAt)}</Table.Td>
              <Table.Td>{formatTime(d.pushAckedAt)}</Table.Td>
              <Table.Td>
                {d.offlinePush
                  ? `${formatTime(d.offlinePush.at)} · ${d.offlinePush.provider}: ${d.offlinePush.result}`
                  : d.hasPushToken
                    ? "—"
                    : "no push token"}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RecipientCard({ r }: { r: Recipient }) {
  const status = r.reason === "is-the-sender" ? "sender" : r.delivered ? "delivered" : "not delivered";
  const color = status === "sender" ? "gray" : status === "delivered" ? "green" : "red";
  const why = reasonText(r);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={`Recipient ${r.uid}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Anchor component={Link} href={`/users/${encodeURIComponent(r.uid)}`} fw={600} className="mono">
            {r.uid}
          </Anchor>
          <Badge variant="dot" miw="max-content" color={color}>
            {status}
          </Badge>
          {r.read && (
            <Badge variant="dot" miw="max-content" color="blue">
              read
            </Badge>
          )}
        </Group>
      </Group>
      {why && (
        <Alert color={r.delivered || status === "sender" ? "gray" : "orange"} variant="light" mb="sm" p="xs">
          <Text size="sm">{why}</Text>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs" mb="sm">
        <Field label="Stored" value={formatTime(r.storedAt)} />
        <Field label="Inbox seq" value={r.inboxSeq === null ? "—" : String(r.inboxSeq)} />
        <Field label="Delivered" value={formatTime(r.deliveredAt)} />
        <Field label="Read" value={r.read ? "yes" : "not yet"} />
      </SimpleGrid>
      <DeviceRows devices={r.devices} />
    </Paper>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

function TraceView({ trace }: { trace: Trace }) {
  const m = trace.message;
  const missed = trace.recipients.filter((r) => !r.delivered && r.reason !== "is-the-sender").length;
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md" component="section" aria-label="Message">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">
            Message #{m.msgId}
          </Title>
          <Anchor component={Link} href={transcriptHref(m)} size="sm">
            Open the conversation
          </Anchor>
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs" mb="sm">
          <Field label="From" value={m.senderId} />
          <Field label="To" value={`${convTypeName(m.convType)} · ${m.targetId}`} />
          <Field label="Sent" value={formatTime(m.createdAt)} />
          <Field label="Client message id" value={m.clientMsgId || "—"} />
        </SimpleGrid>
        <Text size="sm" c={m.content === null ? "dimmed" : undefined} style={{ whiteSpace: "pre-wrap" }}>
          {m.content ?? "Content hidden: your account may not read message content."}
        </Text>
      </Paper>
      <Text size="sm" role="status">
        {trace.recipientsTotal} recipient{trace.recipientsTotal === 1 ? "" : "s"}
        {trace.recipients.length < trace.recipientsTotal ? ` (first ${trace.recipients.length} shown)` : ""}
        {missed > 0 ? ` · ${missed} not delivered` : " · all delivered"}
      </Text>
      {trace.recipients.map((r) => (
        <RecipientCard key={r.uid} r={r} />
      ))}
    </Stack>
  );
}

const KEYS = ["msgId", "senderId", "clientMsgId", "uid"] as const;

export default function TracePage() {
  const [k, setK] = useUrlState(KEYS);
  const [form, setForm] = useState(k);
  const trace = useTrace(k);
  const asked = k.msgId !== "" || (k.senderId !== "" && k.clientMsgId !== "");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = { msgId: form.msgId.trim(), senderId: form.senderId.trim(), clientMsgId: form.clientMsgId.trim() };
    setK({ ...t, ...(t.msgId ? { senderId: "", clientMsgId: "" } : {}), uid: form.uid.trim() });
  };
  return (
    <>
      <PageHeader
        title="Message trace"
        description="Follow one message to every recipient and device: stored, pushed, acknowledged, read — and why not."
      />
      <Paper withBorder p="md" radius="md" mb="md" component="form" onSubmit={submit} aria-label="Which message">
        <SimpleGrid cols={{ base: 2, lg: 5 }} spacing="sm">
          <TextInput
            label="Message id"
            value={form.msgId}
            onChange={(e) => setForm({ ...form, msgId: e.currentTarget.value })}
          />
          <TextInput
            label="Sender"
            value={form.senderId}
            onChange={(e) => setForm({ ...form, senderId: e.currentTarget.value })}
          />
          <TextInput
            label="Client message id"
            value={form.clientMsgId}
            onChange={(e) => setForm({ ...form, clientMsgId: e.currentTarget.value })}
          />
          <TextInput
            label="Recipient"
            placeholder="optional"
            value={form.uid}
            onChange={(e) => setForm({ ...form, uid: e.currentTarget.value })}
          />
          <Group align="flex-end">
            <Button type="submit" leftSection={<IconRoute size={16} />}>
              Trace
            </Button>
          </Group>
        </SimpleGrid>
      </Paper>
      {asked ? (
        <QueryState query={trace}>{(t) => <TraceView trace={t} />}</QueryState>
      ) : (
        <Alert color="blue" title="Which message?">
          Give a message id (from the message archive or a user's page), or the sender and the client message id their
          app used. Add a recipient to ask why one user did not get it.
        </Alert>
      )}
    </>
  );
}
