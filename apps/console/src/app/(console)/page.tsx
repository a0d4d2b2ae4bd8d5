"use client";

import { LineChart } from "@mantine/charts";
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { createColumnHelper } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTable } from "../../components/data-table.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { Empty, QueryState } from "../../components/query-state.tsx";
import { StatCard } from "../../components/stat-card.tsx";
import { useLiveStats, useStatsHistory } from "../../hooks/use-stats.ts";
import { formatAgo, formatNumber } from "../../lib/format.ts";

type Live = NonNullable<ReturnType<typeof useLiveStats>["data"]>;
type Node = Live["nodes"][number];
type Point = NonNullable<ReturnType<typeof useStatsHistory>["data"]>["points"][number];

const col = createColumnHelper<Node>();
const columns = [
  col.accessor("nodeId", { header: "Node", cell: (c) => <span className="mono">{c.getValue()}</span> }),
  col.accessor("healthy", {
    header: "Health",
    cell: (c) =>
      c.getValue() ? (
        <Badge color="green" variant="light">
          healthy
        </Badge>
      ) : (
        <Badge color="red" variant="filled">
          not reporting
        </Badge>
      ),
  }),
  col.accessor("draining", {
    header: "State",
    cell: (c) =>
      c.getValue() ? (
        <Badge color="yellow" variant="light">
          draining
        </Badge>
      ) : (
        <Badge color="blue" variant="light">
          serving
        </Badge>
      ),
  }),
  col.accessor("connections", { header: "Connections", cell: (c) => formatNumber(c.getValue()) }),
  col.accessor("cpu", { header: "CPU", cell: (c) => `${Math.round(c.getValue() * 100)}%` }),
  col.accessor("updatedAt", { header: "Last report", cell: (c) => formatAgo(c.getValue()) }),
];

const minutes = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const seconds = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/**
 * Chart rows: a readable time on the x axis (with seconds while the history is short, so ticks
 * differ), rates rounded to what a person reads.
 */
function chartRows(points: Point[]) {
  const span = points.length > 1 ? (points.at(-1)?.at ?? 0) - (points[0]?.at ?? 0) : 0;
  const clock = span < 15 * 60_000 ? seconds : minutes;
  return points.map((p) => ({
    time: clock.format(new Date(p.at)),
    "Online users": p.onlineUsers,
    Connections: p.connections,
    "In / s": Math.round(p.msgsInPerSec * 10) / 10,
    "Out / s": Math.round(p.msgsOutPerSec * 10) / 10,
  }));
}

function ChartPanel({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h5" mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Figures({ live }: { live: Live }) {
  const unhealthy = live.nodes.filter((n) => !n.healthy).length;
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      <StatCard label="Online users" value={formatNumber(live.onlineUsers)} note="sessions in presence" />
      <StatCard
        label="Connections"
        value={formatNumber(live.connections)}
        note={`${live.nodes.length} node${live.nodes.length === 1 ? "" : "s"}${unhealthy ? `, ${unhealthy} not reporting` : ""}`}
      />
      <StatCard label="Messages in / s" value={formatNumber(live.msgsInPerSec, 1)} note="stored, all nodes" />
      <StatCard label="Messages out / s" value={formatNumber(live.msgsOutPerSec, 1)} note="pushed to sessions" />
      <StatCard label="C2S backlog" value={formatNumber(live.c2sBacklog)} note="events not yet delivered" />
      <StatCard
        label="Webhook failures"
        value={
          <Text inherit c={live.webhookFailures1h > 0 ? "red" : undefined}>
            {formatNumber(live.webhookFailures1h)}
          </Text>
        }
        note="last hour"
      />
      <StatCard
        label="Dead letters"
        value={
          <Text inherit c={live.deadLetters > 0 ? "red" : undefined}>
            {formatNumber(live.deadLetters)}
          </Text>
        }
        note="given up; retry from the business line"
      />
      <StatCard
        label="Store batch p99"
        value={live.storeBatchP99Ms === null ? "—" : `${formatNumber(live.storeBatchP99Ms, 1)} ms`}
        note="slowest node, send to durable ack"
      />
    </SimpleGrid>
  );
}

export default function DashboardPage() {
  const live = useLiveStats();
  const history = useStatsHistory(60);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="The system right now; refreshes by itself every few seconds."
        actions={
          live.data && (
            <Text size="xs" c="dimmed" aria-live="off">
              As of {seconds.format(new Date(live.data.now))}
            </Text>
          )
        }
      />
      <Stack gap="lg">
        <QueryState query={live}>{(l) => <Figures live={l} />}</QueryState>
        <QueryState
          query={history}
          isEmpty={(h) => h.points.length === 0}
          empty={
            <Paper withBorder radius="md">
              <Empty title="No samples yet" hint="The gateway samples traffic every 10 seconds." />
            </Paper>
          }
        >
          {(h) => {
            const rows = chartRows(h.points);
            return (
              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                <ChartPanel title="Online over the last hour" id="chart-online">
                  <LineChart
                    h={220}
                    data={rows}
                    dataKey="time"
                    series={[
                      { name: "Online users", color: "indigo.6" },
                      { name: "Connections", color: "teal.6", strokeDasharray: "5 5" },
                    ]}
                    withDots={false}
                    withLegend
                    curveType="monotone"
                    yAxisProps={{ allowDecimals: false }}
                    aria-label="Online users and connections over the last hour"
                  />
                </ChartPanel>
                <ChartPanel title="Messages per second" id="chart-messages">
                  <LineChart
                    h={220}
                    data={rows}
                    dataKey="time"
                    series={[
                      { name: "In / s", color: "blue.6" },
                      { name: "Out / s", color: "orange.6" },
                    ]}
                    withDots={false}
                    withLegend
                    curveType="monotone"
                    aria-label="Messages in and out per second over the last hour"
                  />
                </ChartPanel>
              </SimpleGrid>
            );
          }}
        </QueryState>
        <section aria-labelledby="nodes-title">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4" id="nodes-title">
              Nodes
            </Title>
          </Group>
          <QueryState query={live}>
            {(l) => (
              <DataTable
                caption="Realtime nodes and their health"
                columns={columns}
                rows={l.nodes}
                rowKey={(r) => r.nodeId}
                empty={<Empty title="No realtime node is reporting" hint="Start one with npm start." />}
              />
            )}
          </QueryState>
        </section>
      </Stack>
    </>
  );
}
