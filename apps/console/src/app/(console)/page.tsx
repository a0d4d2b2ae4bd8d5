"use client";

import { Badge, SimpleGrid, Stack, Title } from "@mantine/core";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable } from "../../components/data-table.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { StatCard } from "../../components/stat-card.tsx";
import { useNodes, useStats } from "../../hooks/use-stats.ts";
import { formatAgo, formatNumber } from "../../lib/format.ts";

type Node = NonNullable<ReturnType<typeof useNodes>["data"]>["nodes"][number];
const col = createColumnHelper<Node>();
const columns = [
  col.accessor("nodeId", { header: "Node", cell: (c) => <span className="mono">{c.getValue()}</span> }),
  col.accessor("connections", { header: "Connections", cell: (c) => formatNumber(c.getValue()) }),
  col.accessor("cpu", { header: "CPU", cell: (c) => `${Math.round(c.getValue() * 100)}%` }),
  col.accessor("draining", {
    header: "State",
    cell: (c) => (c.getValue() ? <Badge color="yellow">draining</Badge> : <Badge color="green">serving</Badge>),
  }),
  col.accessor("tcp", { header: "TCP" }),
  col.accessor("updatedAt", { header: "Last report", cell: (c) => formatAgo(c.getValue()) }),
];

export default function DashboardPage() {
  const stats = useStats();
  const nodes = useNodes();
  return (
    <>
      <PageHeader title="Dashboard" description="The system right now; refreshes by itself." />
      <Stack gap="lg">
        <QueryState query={stats}>
          {(s) => (
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <StatCard label="Online sessions" value={formatNumber(s.online)} />
              <StatCard label="Realtime nodes" value={formatNumber(s.nodes)} />
              <StatCard label="Messages, last minute" value={formatNumber(s.messagesLastMinute)} />
              <StatCard label="Users" value={formatNumber(s.users)} />
            </SimpleGrid>
          )}
        </QueryState>
        <section aria-labelledby="nodes-title">
          <Title order={2} size="h4" mb="sm" id="nodes-title">
            Nodes
          </Title>
          <QueryState query={nodes}>
            {(n) => <DataTable caption="Realtime nodes" columns={columns} rows={n.nodes} rowKey={(r) => r.nodeId} />}
          </QueryState>
        </section>
      </Stack>
    </>
  );
}
