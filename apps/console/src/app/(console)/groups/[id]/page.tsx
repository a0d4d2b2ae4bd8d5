"use client";

import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconMessages } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ConfirmAction } from "../../../../components/confirm-action.tsx";
import { DataTable } from "../../../../components/data-table.tsx";
import { PageHeader } from "../../../../components/page-header.tsx";
import { QueryState } from "../../../../components/query-state.tsx";
import {
  useDismissGroup,
  useGroup,
  useGroupMembers,
  useMuteGroup,
  useUpdateGroup,
} from "../../../../hooks/use-groups.ts";
import { useCanWrite } from "../../../../hooks/use-session.ts";
import { formatTime } from "../../../../lib/format.ts";
import { splitUids } from "../../../../lib/uids.ts";

type GroupDetail = NonNullable<ReturnType<typeof useGroup>["data"]>;
type Member = GroupDetail["members"][number];

const ROLES: Record<number, { label: string; color: string }> = {
  2: { label: "owner", color: "indigo" },
  1: { label: "admin", color: "teal" },
  0: { label: "member", color: "gray" },
};

function RemoveMember({ groupId, member }: { groupId: string; member: Member }) {
  const members = useGroupMembers(groupId);
  if (member.role === 2) return null;
  return (
    <ConfirmAction
      size="xs"
      label="Remove"
      ariaLabel={`Remove ${member.uid}`}
      title="Remove this member?"
      message={`${member.uid} leaves the group and stops receiving its messages.`}
      confirmLabel="Remove member"
      loading={members.isPending}
      onConfirm={() => members.mutateAsync({ remove: [member.uid] })}
    />
  );
}

function memberColumns(groupId: string, canWrite: boolean) {
  const col = createColumnHelper<Member>();
  return [
    col.accessor("uid", {
      header: "User id",
      cell: (c) => (
        <Anchor component={Link} href={`/users/${encodeURIComponent(c.getValue())}`} className="mono">
          {c.getValue()}
        </Anchor>
      ),
    }),
    col.accessor("role", {
      header: "Role",
      cell: (c) => {
        const role = ROLES[c.getValue()] ?? { label: `role ${c.getValue()}`, color: "gray" };
        return (
          <Badge variant="dot" miw="max-content" color={role.color}>
            {role.label}
          </Badge>
        );
      },
    }),
    col.accessor("mutedUntil", {
      header: "Muted until",
      cell: (c) => (c.getValue() && (c.getValue() ?? 0) > Date.now() ? formatTime(c.getValue()) : "—"),
    }),
    col.accessor("joinedAt", { header: "Joined", cell: (c) => formatTime(c.getValue()) }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: "Actions",
            cell: (c) => <RemoveMember groupId={groupId} member={c.row.original} />,
          }),
        ]
      : []),
  ];
}

function SettingsForm({ group }: { group: GroupDetail }) {
  const update = useUpdateGroup(group.id);
  const [name, setName] = useState(group.name);
  const [announcement, setAnnouncement] = useState(group.announcement);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        Settings
      </Title>
      <Stack>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            update.mutate({ name: name.trim() });
          }}
        >
          <Group align="flex-end">
            <TextInput
              label="Group name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button type="submit" variant="default" disabled={!name.trim() || name === group.name}>
              Rename
            </Button>
          </Group>
        </form>
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            update.mutate({ announcement });
          }}
        >
          <Stack gap="xs">
            <Textarea
              label="Announcement"
              autosize
              minRows={2}
              value={announcement}
              onChange={(e) => setAnnouncement(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button type="submit" variant="default" disabled={announcement === group.announcement}>
                Save announcement
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

function AddMembers({ groupId }: { groupId: string }) {
  const members = useGroupMembers(groupId);
  const [text, setText] = useState("");
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        const add = splitUids(text);
        if (add.length > 0) members.mutate({ add }, { onSuccess: () => setText("") });
      }}
    >
      <Group align="flex-end" mb="sm">
        <TextInput
          label="Add members"
          placeholder="User ids, separated by commas or spaces"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: 1 }}
          maw={520}
        />
        <Button type="submit" loading={members.isPending} disabled={splitUids(text).length === 0}>
          Add
        </Button>
      </Group>
    </form>
  );
}

function GroupView({ group }: { group: GroupDetail }) {
  const canWrite = useCanWrite();
  const mute = useMuteGroup(group.id);
  const dismiss = useDismissGroup(group.id);
  const router = useRouter();
  return (
    <>
      <PageHeader
        title={group.name}
        description={`Group ${group.id}`}
        actions={
          <>
            <Button
              component={Link}
              variant="default"
              leftSection={<IconMessages size={16} />}
              href={`/messages/transcript?convType=2&convId=${encodeURIComponent(group.id)}`}
            >
              Messages
            </Button>
            {canWrite && (
              <Button variant="default" loading={mute.isPending} onClick={() => mute.mutate(!group.mutedAll)}>
                {group.mutedAll ? "Unmute group" : "Mute group"}
              </Button>
            )}
            {canWrite && (
              <ConfirmAction
                label="Dismiss group"
                title="Dismiss this group?"
                message={`${group.name} ends for all ${group.members.length} members: nobody can send to it any more, and it disappears from every list. This cannot be undone.`}
                confirmLabel="Dismiss group"
                loading={dismiss.isPending}
                onConfirm={() => dismiss.mutateAsync().then(() => router.push("/groups"))}
              />
            )}
          </>
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, md: canWrite ? 2 : 1 }}>
          <Paper withBorder p="md" radius="md">
            <Title order={2} size="h4" mb="sm">
              About
            </Title>
            <Stack gap={6}>
              <Text size="sm">
                Owner:{" "}
                <Anchor component={Link} href={`/users/${encodeURIComponent(group.ownerUid)}`} className="mono">
                  {group.ownerUid}
                </Anchor>
              </Text>
              <Text size="sm">Members: {group.members.length}</Text>
              <Text size="sm">Created: {formatTime(group.createdAt)}</Text>
              <Group gap="xs">
                <Text size="sm">Posting:</Text>
                {group.mutedAll ? (
                  <Badge variant="dot" miw="max-content" color="orange">
                    muted — owner and admins only
                  </Badge>
                ) : (
                  <Badge variant="dot" miw="max-content" color="green">
                    open to all members
                  </Badge>
                )}
              </Group>
              <Text size="sm" fw={500} mt="xs">
                Announcement
              </Text>
              <Text size="sm" c={group.announcement ? undefined : "dimmed"} style={{ whiteSpace: "pre-wrap" }}>
                {group.announcement || "No announcement."}
              </Text>
            </Stack>
          </Paper>
          {/* Keyed by the saved values, so the form starts over from them after each save. */}
          {canWrite && <SettingsForm key={`${group.name}\n${group.announcement}`} group={group} />}
        </SimpleGrid>
        <section aria-labelledby="members-title">
          <Title order={2} size="h4" mb="sm" id="members-title">
            Members
          </Title>
          {canWrite && <AddMembers groupId={group.id} />}
          <DataTable
            caption="Group members"
            columns={memberColumns(group.id, canWrite)}
            rows={group.members}
            rowKey={(m) => m.uid}
          />
        </section>
      </Stack>
    </>
  );
}

export default function GroupPage() {
  const { id } = useParams<{ id: string }>();
  const group = useGroup(decodeURIComponent(id));
  return <QueryState query={group}>{(g) => <GroupView group={g} />}</QueryState>;
}
