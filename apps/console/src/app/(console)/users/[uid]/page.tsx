"use client";

import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconBan, IconLogout, IconMessagePlus, IconPlugOff } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ConfirmAction } from "../../../../components/confirm-action.tsx";
import { DataTable } from "../../../../components/data-table.tsx";
import { PageHeader } from "../../../../components/page-header.tsx";
import { Empty, QueryState } from "../../../../components/query-state.tsx";
import { useCanWrite } from "../../../../hooks/use-session.ts";
import {
  useBan,
  useKickout,
  useRevokeDevice,
  useSendSystemMessage,
  useSystemMessageSenders,
  useUnban,
  useUser,
} from "../../../../hooks/use-users.ts";
import { convTypeName, deviceTypeName, formatAgo, formatNumber, formatTime } from "../../../../lib/format.ts";
import { syncState } from "../../../../lib/sync-state.ts";

type Detail = NonNullable<ReturnType<typeof useUser>["data"]>;
type Device = Detail["devices"][number];
type Conversation = Detail["conversations"][number];
type Message = Detail["recentMessages"][number];

function transcriptHref(uid: string, convType: number, convId: string): string {
  return `/messages/transcript?${new URLSearchParams({ uid, convType: String(convType), convId })}`;
}

/** The conversation a message belongs to, seen from `uid`: the peer for 1:1 and system, the group otherwise. */
function convIdOf(uid: string, m: Message): string {
  if (m.convType === 2) return m.targetId;
  return m.senderId === uid ? m.targetId : m.senderId;
}

/** A device's sync: caught up, behind the inbox head, or stuck (connected, behind and silent). */
function SyncState({ device, now }: { device: Device; now: number }) {
  const state = syncState(device, now);
  if (state === "in-sync")
    return (
      <Badge color="green" variant="light">
        in sync
      </Badge>
    );
  const behind = `${formatNumber(device.lag)} behind`;
  if (state === "stuck")
    return (
      <Tooltip label="Connected and behind the inbox head, but silent for over a minute">
        <Badge color="red" variant="filled">
          stuck: {behind}
        </Badge>
      </Tooltip>
    );
  return (
    <Tooltip label={device.online ? "Synced up to its last pull; pushed since" : "Syncs at its next login"}>
      <Badge color="yellow" variant="light">
        {behind}
      </Badge>
    </Tooltip>
  );
}

function KickDevice({ uid, device }: { uid: string; device: Device }) {
  const kick = useKickout(uid);
  const type = deviceTypeName(device.deviceType);
  return (
    <ConfirmAction
      ariaLabel={`Kick ${type} device ${device.deviceId}`}
      leftSection={<IconPlugOff size={14} />}
      title={`Kick the ${type} session?`}
      message={`Disconnects ${uid}'s ${type} session (every ${type} device of this user). The app may reconnect with a valid token.`}
      confirmLabel="Kick"
      loading={kick.isPending}
      onConfirm={() => kick.mutateAsync({ deviceType: device.deviceType, reason: "kicked by an operator" })}
      size="xs"
      label="Kick"
    />
  );
}

function SignOutDevice({ uid, device }: { uid: string; device: Device }) {
  const revoke = useRevokeDevice(uid);
  return (
    <ConfirmAction
      ariaLabel={`Sign out device ${device.deviceId}`}
      leftSection={<IconLogout size={14} />}
      title={`Sign out ${device.deviceId}?`}
      message={`Refuses every login token ${uid} holds on this device and disconnects it. The user's other devices stay signed in; this device needs a new token to log in again.`}
      confirmLabel="Sign out"
      loading={revoke.isPending}
      onConfirm={() => revoke.mutateAsync(device.deviceId)}
      size="xs"
      label="Sign out"
    />
  );
}

function deviceColumns(uid: string, canWrite: boolean, now: number) {
  const col = createColumnHelper<Device>();
  return [
    col.accessor("deviceId", { header: "Device id", cell: (c) => <span className="mono">{c.getValue()}</span> }),
    col.accessor("deviceType", { header: "Type", cell: (c) => deviceTypeName(c.getValue()) }),
    col.accessor("online", {
      header: "Status",
      cell: (c) => (c.getValue() ? <Badge color="green">online</Badge> : <Badge color="gray">offline</Badge>),
    }),
    col.accessor("nodeId", {
      header: "Node",
      cell: (c) => <span className="mono">{c.getValue() ?? "—"}</span>,
    }),
    col.accessor("connectedAt", { header: "Connected since", cell: (c) => formatTime(c.getValue()) }),
    col.accessor("lastActiveAt", { header: "Last packet", cell: (c) => formatAgo(c.getValue()) }),
    col.accessor("ackedSeq", { header: "Acked seq", cell: (c) => formatNumber(c.getValue()) }),
    col.display({ id: "sync", header: "Sync", cell: (c) => <SyncState device={c.row.original} now={now} /> }),
    col.accessor("hasPushToken", { header: "Push token", cell: (c) => (c.getValue() ? "yes" : "no") }),
    col.accessor("lastLoginAt", { header: "Last login", cell: (c) => formatTime(c.getValue()) }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: "Actions",
            cell: (c) => (
              <Group gap="xs" wrap="nowrap">
                {c.row.original.online ? <KickDevice uid={uid} device={c.row.original} /> : null}
                <SignOutDevice uid={uid} device={c.row.original} />
              </Group>
            ),
          }),
        ]
      : []),
  ];
}

function conversationColumns(uid: string) {
  const col = createColumnHelper<Conversation>();
  return [
    col.accessor("convType", { header: "Type", cell: (c) => convTypeName(c.getValue()) }),
    col.accessor("convId", {
      header: "Conversation",
      cell: (c) => (
        <Anchor
          component={Link}
          href={transcriptHref(uid, c.row.original.convType, c.getValue())}
          className="mono"
          aria-label={`Transcript of ${convTypeName(c.row.original.convType)} conversation ${c.getValue()}`}
        >
          {c.getValue()}
        </Anchor>
      ),
    }),
    col.accessor("lastAt", { header: "Last message", cell: (c) => formatTime(c.getValue()) }),
    col.accessor("lastSeq", { header: "Last seq", cell: (c) => formatNumber(c.getValue()) }),
    col.accessor("readSeq", { header: "Read seq", cell: (c) => formatNumber(c.getValue()) }),
    col.accessor("unread", {
      header: "Unread",
      cell: (c) =>
        c.getValue() > 0 ? (
          <Badge color="indigo" variant="light">
            {formatNumber(c.getValue())} unread
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            0
          </Text>
        ),
    }),
  ];
}

function messageColumns(uid: string) {
  const col = createColumnHelper<Message>();
  return [
    col.accessor("createdAt", { header: "Sent", cell: (c) => formatTime(c.getValue()) }),
    col.accessor("convType", { header: "Type", cell: (c) => convTypeName(c.getValue()) }),
    col.accessor("senderId", {
      header: "From",
      cell: (c) =>
        c.getValue() === uid ? <Text size="sm">this user</Text> : <span className="mono">{c.getValue()}</span>,
    }),
    col.accessor("content", {
      header: "Content",
      cell: (c) => {
        const content = c.getValue();
        // null: this operator has no grant to read message content.
        if (content === null)
          return (
            <Text size="sm" c="dimmed" fs="italic">
              hidden
            </Text>
          );
        return (
          <Text size="sm" lineClamp={2} maw={360}>
            {content}
          </Text>
        );
      },
    }),
    col.display({
      id: "open",
      header: "Open",
      cell: (c) => (
        <Anchor
          component={Link}
          size="sm"
          href={transcriptHref(uid, c.row.original.convType, convIdOf(uid, c.row.original))}
          aria-label={`Transcript around message ${c.row.original.msgId}`}
        >
          transcript
        </Anchor>
      ),
    }),
  ];
}

/** Ban (with a reason, asked in a dialog) or, for a banned user, lift the ban. */
function BanControl({ uid, bannedAt }: { uid: string; bannedAt: number | null }) {
  const [opened, { open, close }] = useDisclosure(false);
  const ban = useBan(uid);
  const unban = useUnban(uid);
  const [reason, setReason] = useState("");
  if (bannedAt !== null)
    return (
      <ConfirmAction
        color="green"
        size="sm"
        title={`Lift the ban on ${uid}?`}
        message="The user may log in again with a new token."
        confirmLabel="Unban"
        loading={unban.isPending}
        onConfirm={() => unban.mutateAsync()}
        label="Unban"
      />
    );
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    await ban.mutateAsync(reason.trim());
    setReason("");
    close();
  };
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconBan size={16} />} onClick={open}>
        Ban
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={`Ban ${uid}?`}
        closeButtonProps={{ "aria-label": "Close" }}
        centered
      >
        <form onSubmit={(e) => void onSubmit(e).catch(() => undefined)}>
          <Stack gap="sm">
            <Text size="sm">No login from now on; every live session of this user ends at once.</Text>
            <TextInput
              label="Reason"
              description="Kept in the audit log"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              maxLength={255}
              required
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={ban.isPending} disabled={!reason.trim()}>
                Ban user
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function SystemMessageButton({ uid }: { uid: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  const senders = useSystemMessageSenders();
  const send = useSendSystemMessage(uid);
  const [businessId, setBusinessId] = useState<string | null>(null);
  const [content, setContent] = useState("");
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!businessId || !content.trim()) return;
    await send.mutateAsync({ businessId, content });
    setContent("");
    close();
  };
  return (
    <>
      <Button variant="default" leftSection={<IconMessagePlus size={16} />} onClick={open}>
        Send system message
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={`System message to ${uid}`}
        closeButtonProps={{ "aria-label": "Close" }}
        centered
      >
        <form onSubmit={(e) => void onSubmit(e).catch(() => undefined)}>
          <Stack gap="sm">
            <Select
              label="Business line"
              description="The message is sent on its behalf"
              placeholder={senders.isPending ? "Loading…" : "Pick a business line"}
              data={(senders.data ?? []).map((b) => ({ value: b.id, label: `${b.name} (${b.id})` }))}
              value={businessId}
              onChange={setBusinessId}
              searchable
              required
              error={senders.isError ? "Could not load the business lines" : undefined}
            />
            <Textarea
              label="Message"
              autosize
              minRows={3}
              value={content}
              onChange={(e) => setContent(e.currentTarget.value)}
              required
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={send.isPending} disabled={!businessId || !content.trim()}>
                Send
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function Profile({ detail, now }: { detail: Detail; now: number }) {
  const online = detail.devices.filter((d) => d.online).length;
  const stuck = detail.devices.filter((d) => syncState(d, now) === "stuck").length;
  const field = (label: string, value: string, mono = false) => (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" className={mono ? "mono" : undefined}>
        {value}
      </Text>
    </div>
  );
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Profile">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        {field("User id", detail.user.id, true)}
        {field("Name", detail.user.name || "—")}
        {field("Created", formatTime(detail.user.createdAt))}
        {field("Inbox head seq", formatNumber(detail.inboxHeadSeq))}
        {field("Devices online", `${online} of ${detail.devices.length}`)}
        {field("Stuck devices", stuck ? String(stuck) : "none")}
      </SimpleGrid>
      {detail.user.bannedAt !== null && (
        <Alert color="red" variant="light" mt="md" icon={<IconBan size={18} />} title="Banned">
          Since {formatTime(detail.user.bannedAt)}: this user cannot log in.
        </Alert>
      )}
    </Paper>
  );
}

export default function UserPage() {
  const { uid: raw } = useParams<{ uid: string }>();
  const uid = decodeURIComponent(raw);
  const user = useUser(uid);
  const canWrite = useCanWrite();
  const kick = useKickout(uid);
  const anyOnline = user.data?.devices.some((d) => d.online) ?? false;

  return (
    <>
      <PageHeader
        title={user.data?.user.name ? `${user.data.user.name}` : `User ${uid}`}
        description={`User ${uid}: devices and their sync state, conversations and recent messages.`}
        actions={
          canWrite &&
          user.data && (
            <>
              <SystemMessageButton uid={uid} />
              <BanControl uid={uid} bannedAt={user.data.user.bannedAt} />
              {anyOnline && (
                <ConfirmAction
                  size="sm"
                  leftSection={<IconPlugOff size={16} />}
                  title="Kick every session?"
                  message={`Disconnects all of ${uid}'s devices. The apps may reconnect with a valid token.`}
                  confirmLabel="Kick all"
                  loading={kick.isPending}
                  onConfirm={() => kick.mutateAsync({ reason: "kicked by an operator" })}
                  label="Kick all devices"
                />
              )}
            </>
          )
        }
      />
      <QueryState query={user}>
        {(detail) => (
          <Stack gap="lg">
            <Profile detail={detail} now={user.dataUpdatedAt} />
            <section aria-labelledby="devices-title">
              <Title order={2} size="h4" mb="sm" id="devices-title">
                Devices
              </Title>
              <DataTable
                caption="Devices and their sync state"
                columns={deviceColumns(uid, canWrite, user.dataUpdatedAt)}
                rows={detail.devices}
                rowKey={(d) => d.deviceId}
                empty={<Empty title="No device has logged in" />}
              />
            </section>
            <section aria-labelledby="conversations-title">
              <Group justify="space-between" mb="sm">
                <Title order={2} size="h4" id="conversations-title">
                  Conversations
                </Title>
                <Text size="sm" c="dimmed">
                  the 50 most recently active
                </Text>
              </Group>
              <DataTable
                caption="Conversations with unread counts"
                columns={conversationColumns(uid)}
                rows={detail.conversations}
                rowKey={(c) => `${c.convType}:${c.convId}`}
                empty={<Empty title="No conversations yet" />}
              />
            </section>
            <section aria-labelledby="messages-title">
              <Group justify="space-between" mb="sm">
                <Title order={2} size="h4" id="messages-title">
                  Recent messages
                </Title>
                <Anchor component={Link} size="sm" href={`/messages?${new URLSearchParams({ uid })}`}>
                  All messages of this user in the archive
                </Anchor>
              </Group>
              <DataTable
                caption="The user's latest inbox messages"
                columns={messageColumns(uid)}
                rows={detail.recentMessages}
                rowKey={(m) => String(m.msgId)}
                empty={<Empty title="No messages yet" />}
              />
            </section>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
