"use client";

import { Anchor, Group, Select, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "../../../components/data-table.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Empty, QueryState } from "../../../components/query-state.tsx";
import { useOnline } from "../../../hooks/use-online.ts";
import { useLiveStats } from "../../../hooks/use-stats.ts";
import { useUrlState } from "../../../hooks/use-url-state.ts";
import { DEVICE_TYPES, deviceTypeName, formatAgo, formatNumber, formatTime } from "../../../lib/format.ts";

type Session = NonNullable<ReturnType<typeof useOnline>["data"]>["items"][number];
const col = createColumnHelper<Session>();
const columns = [
  col.accessor("uid", {
    header: "User id",
    cell: (c) => (
      <Anchor component={Link} href={`/users/${encodeURIComponent(c.getValue())}`} className="mono">
        {c.getValue()}
      </Anchor>
    ),
  }),
  col.accessor("deviceType", { header: "Device", cell: (c) => deviceTypeName(c.getValue()) }),
  col.accessor("deviceId", { header: "Device id", cell: (c) => <span className="mono">{c.getValue()}</span> }),
  col.accessor("nodeId", { header: "Node", cell: (c) => <span className="mono">{c.getValue()}</span> }),
  col.accessor("loginAt", { header: "Connected since", cell: (c) => formatTime(c.getValue()) }),
  col.accessor("lastActiveAt", { header: "Last packet", cell: (c) => formatAgo(c.getValue()) }),
];

const DEVICE_OPTIONS = Object.entries(DEVICE_TYPES).map(([value, label]) => ({ value, label }));

export default function OnlinePage() {
  const [filters, setFilters] = useUrlState(["node", "deviceType", "uid", "cursor"] as const);
  const online = useOnline(filters);
  const live = useLiveStats();
  const searchUid = useDebouncedCallback((uid: string) => setFilters({ uid, cursor: "" }), 300);
  const nodeOptions = (live.data?.nodes ?? []).map((n) => n.nodeId);
  // A node named in a shared link stays selectable even after it stopped reporting.
  if (filters.node && !nodeOptions.includes(filters.node)) nodeOptions.push(filters.node);

  return (
    <>
      <PageHeader title="Online" description="Sessions connected right now, on every node; refreshes by itself." />
      <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Node"
          placeholder="All nodes"
          data={nodeOptions}
          value={filters.node || null}
          onChange={(node) => setFilters({ node: node ?? "", cursor: "" })}
          clearable
          w={220}
        />
        <Select
          label="Device type"
          placeholder="All devices"
          data={DEVICE_OPTIONS}
          value={filters.deviceType || null}
          onChange={(deviceType) => setFilters({ deviceType: deviceType ?? "", cursor: "" })}
          clearable
          w={180}
        />
        <TextInput
          label="User id"
          placeholder="Exact user id"
          leftSection={<IconSearch size={16} />}
          defaultValue={filters.uid}
          onChange={(e) => searchUid(e.currentTarget.value.trim())}
          w={240}
        />
      </Group>
      <QueryState query={online}>
        {(page) => (
          <DataTable
            caption="Online sessions"
            columns={columns}
            rows={page.items}
            rowKey={(s) => s.connId}
            empty={<Empty title="Nobody is online" hint="No session matches these filters right now." />}
            footer={
              <Text size="sm" c="dimmed">
                {formatNumber(page.total)} session{page.total === 1 ? "" : "s"} match
              </Text>
            }
            onNextPage={page.nextCursor ? () => setFilters({ cursor: page.nextCursor ?? "" }) : undefined}
            onFirstPage={filters.cursor ? () => setFilters({ cursor: "" }) : undefined}
          />
        )}
      </QueryState>
    </>
  );
}
