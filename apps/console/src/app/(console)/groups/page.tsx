"use client";

import { Anchor, Button, Modal, Stack, Textarea, TextInput } from "@mantine/core";
import { useDebouncedCallback, useDisclosure } from "@mantine/hooks";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { DataTable } from "../../../components/data-table.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useCreateGroup, useGroups } from "../../../hooks/use-groups.ts";
import { useCanWrite } from "../../../hooks/use-session.ts";
import { useUrlState } from "../../../hooks/use-url-state.ts";
import { formatNumber, formatTime } from "../../../lib/format.ts";
import { splitUids } from "../../../lib/uids.ts";

type Group = NonNullable<ReturnType<typeof useGroups>["data"]>["groups"][number];
const col = createColumnHelper<Group>();
const columns = [
  col.accessor("id", {
    header: "Group id",
    cell: (c) => (
      <Anchor component={Link} href={`/groups/${encodeURIComponent(c.getValue())}`} className="mono">
        {c.getValue()}
      </Anchor>
    ),
  }),
  col.accessor("name", { header: "Name" }),
  col.accessor("ownerUid", { header: "Owner", cell: (c) => <span className="mono">{c.getValue()}</span> }),
  col.accessor("members", { header: "Members", cell: (c) => formatNumber(c.getValue()) }),
  col.accessor("createdAt", { header: "Created", cell: (c) => formatTime(c.getValue()) }),
];

function CreateGroupModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateGroup();
  const router = useRouter();
  const [form, setForm] = useState({ id: "", name: "", ownerUid: "", members: "" });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        ...(form.id.trim() ? { id: form.id.trim() } : {}),
        name: form.name.trim(),
        ownerUid: form.ownerUid.trim(),
        members: splitUids(form.members),
      },
      {
        onSuccess: (g) => {
          onClose();
          setForm({ id: "", name: "", ownerUid: "", members: "" });
          router.push(`/groups/${encodeURIComponent(g.id)}`);
        },
      },
    );
  };
  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened={opened}
      onClose={onClose}
      title="Create a group"
      centered
    >
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label="Owner"
            description="User id of the owner; must be a known user"
            required
            value={form.ownerUid}
            onChange={(e) => setForm({ ...form, ownerUid: e.currentTarget.value })}
          />
          <Textarea
            label="Members"
            description="User ids, separated by commas, spaces or new lines"
            autosize
            minRows={2}
            value={form.members}
            onChange={(e) => setForm({ ...form, members: e.currentTarget.value })}
          />
          <TextInput
            label="Group id"
            description="Optional; the system picks one when empty"
            value={form.id}
            onChange={(e) => setForm({ ...form, id: e.currentTarget.value })}
          />
          <Button type="submit" loading={create.isPending}>
            Create group
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

export default function GroupsPage() {
  const [filters, setFilters] = useUrlState(["q", "cursor"] as const);
  const groups = useGroups(filters);
  const canWrite = useCanWrite();
  const [creating, { open, close }] = useDisclosure(false);
  const search = useDebouncedCallback((q: string) => setFilters({ q }), 300);
  return (
    <>
      <PageHeader
        title="Groups"
        description="Group chats: who is in them, what they are called, and whether they may talk."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={open}>
              New group
            </Button>
          )
        }
      />
      <TextInput
        mb="md"
        maw={420}
        label="Search groups"
        placeholder="Group id or name"
        leftSection={<IconSearch size={16} />}
        defaultValue={filters.q}
        onChange={(e) => search(e.currentTarget.value)}
      />
      <QueryState query={groups}>
        {(page) => (
          <DataTable
            caption="Groups"
            columns={columns}
            rows={page.groups}
            rowKey={(g) => g.id}
            onNextPage={page.nextCursor ? () => setFilters({ q: filters.q, cursor: page.nextCursor ?? "" }) : undefined}
            onFirstPage={filters.cursor ? () => setFilters({ q: filters.q }) : undefined}
          />
        )}
      </QueryState>
      {canWrite && <CreateGroupModal opened={creating} onClose={close} />}
    </>
  );
}
