"use client";

import { Anchor, Badge, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "../../../components/data-table.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useUrlState } from "../../../hooks/use-url-state.ts";
import { useUsers } from "../../../hooks/use-users.ts";
import { formatTime } from "../../../lib/format.ts";

type User = NonNullable<ReturnType<typeof useUsers>["data"]>["users"][number];
const col = createColumnHelper<User>();
const columns = [
  col.accessor("uid", {
    header: "User id",
    cell: (c) => (
      <Anchor component={Link} href={`/users/${encodeURIComponent(c.getValue())}`} className="mono">
        {c.getValue()}
      </Anchor>
    ),
  }),
  col.accessor("name", { header: "Name" }),
  col.accessor("online", {
    header: "Status",
    cell: (c) => (c.getValue() ? <Badge color="green">online</Badge> : <Badge color="gray">offline</Badge>),
  }),
  col.accessor("createdAt", { header: "Created", cell: (c) => formatTime(c.getValue()) }),
];

export default function UsersPage() {
  const [filters, setFilters] = useUrlState(["q", "cursor"] as const);
  const users = useUsers(filters);
  const search = useDebouncedCallback((q: string) => setFilters({ q }), 300);
  return (
    <>
      <PageHeader title="Users" description="Everyone who has logged in or was created by a business line." />
      <TextInput
        mb="md"
        maw={420}
        label="Search users"
        placeholder="Start of a user id, or part of a name"
        leftSection={<IconSearch size={16} />}
        defaultValue={filters.q}
        onChange={(e) => search(e.currentTarget.value)}
      />
      <QueryState query={users}>
        {(page) => (
          <DataTable
            caption="Users"
            columns={columns}
            rows={page.users}
            rowKey={(u) => u.uid}
            onNextPage={page.nextCursor ? () => setFilters({ q: filters.q, cursor: page.nextCursor ?? "" }) : undefined}
            onFirstPage={filters.cursor ? () => setFilters({ q: filters.q }) : undefined}
          />
        )}
      </QueryState>
    </>
  );
}
