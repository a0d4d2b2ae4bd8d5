"use client";

import { Anchor, Button, Group, Paper, Select, SimpleGrid, Text, TextInput, Tooltip } from "@mantine/core";
import { IconDownload, IconSearch } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { type FormEvent, useState } from "react";
import { DataTable } from "../../../components/data-table.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { exportUrl, useArchive } from "../../../hooks/use-messages.ts";
import { useUrlState } from "../../../hooks/use-url-state.ts";
import { convTypeName, formatTime } from "../../../lib/format.ts";
import { fromLocalInput, toLocalInput, traceHref, transcriptHref } from "../../../lib/messages.ts";

const FILTERS = ["uid", "convType", "convId", "from", "to", "q", "cursor"] as const;

type Item = NonNullable<ReturnType<typeof useArchive>["data"]>["items"][number];
const col = createColumnHelper<Item>();
const columns = [
  col.accessor("createdAt", {
    header: "Sent",
    cell: (c) => <span style={{ whiteSpace: "nowrap" }}>{formatTime(c.getValue())}</span>,
  }),
  col.accessor("senderId", {
    header: "From",
    cell: (c) => (
      <span className="mono" style={{ whiteSpace: "nowrap" }}>
        {c.getValue()}
      </span>
    ),
  }),
  col.display({
    id: "conversation",
    header: "Conversation",
    cell: (c) => (
      <Anchor component={Link} href={transcriptHref(c.row.original)} size="sm" style={{ whiteSpace: "nowrap" }}>
        {convTypeName(c.row.original.convType)} · <span className="mono">{c.row.original.targetId}</span>
      </Anchor>
    ),
  }),
  col.accessor("content", {
    header: "Content",
    cell: (c) =>
      c.getValue() === null ? (
        <Text size="sm" c="dimmed" fs="italic">
          hidden
        </Text>
      ) : (
        <Text size="sm" lineClamp={2} maw={420}>
          {c.getValue()}
        </Text>
      ),
  }),
  col.accessor("delivery", {
    header: "Delivery",
    cell: (c) => {
      const d = c.getValue();
      if (d.recipients === 0) return <Text size="sm">—</Text>;
      return (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          <Text span size="sm" fw={d.delivered < d.recipients ? 700 : undefined}>
            delivered {d.delivered}/{d.recipients}
          </Text>
          {" · "}read {d.read}/{d.recipients}
        </Text>
      );
    },
  }),
  col.accessor("msgId", {
    header: "Message",
    cell: (c) => (
      <Tooltip label="Trace its delivery">
        <Anchor component={Link} href={traceHref(c.getValue())} className="mono" size="sm">
          #{c.getValue()}
        </Anchor>
      </Tooltip>
    ),
  }),
];

function FiltersForm({
  filters,
  onApply,
}: {
  filters: Record<(typeof FILTERS)[number], string>;
  onApply: (f: Partial<Record<(typeof FILTERS)[number], string>>) => void;
}) {
  const [form, setForm] = useState({
    uid: filters.uid,
    convType: filters.convType,
    convId: filters.convId,
    from: toLocalInput(filters.from),
    to: toLocalInput(filters.to),
    q: filters.q,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({
      uid: form.uid.trim(),
      convType: form.convId.trim() ? form.convType : "",
      convId: form.convType ? form.convId.trim() : "",
      from: fromLocalInput(form.from),
      to: fromLocalInput(form.to),
      q: form.q.trim(),
    });
  };
  return (
    <Paper withBorder p="md" radius="md" mb="md" component="form" onSubmit={submit} aria-label="Message filters">
      <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm">
        <TextInput
          label="Text"
          placeholder="Words in the message"
          leftSection={<IconSearch size={16} />}
          value={form.q}
          onChange={(e) => setForm({ ...form, q: e.currentTarget.value })}
        />
        <TextInput
          label="Sender"
          placeholder="User id"
          value={form.uid}
          onChange={(e) => setForm({ ...form, uid: e.currentTarget.value })}
        />
        <Group grow gap="xs" align="flex-start">
          <Select
            label="Conversation type"
            placeholder="Any"
            clearable
            data={[
              { value: "1", label: "1:1" },
              { value: "2", label: "Group" },
              { value: "3", label: "System" },
            ]}
            value={form.convType || null}
            onChange={(v) => setForm({ ...form, convType: v ?? "" })}
          />
          <TextInput
            label="Conversation id"
            placeholder="User or group id"
            value={form.convId}
            onChange={(e) => setForm({ ...form, convId: e.currentTarget.value })}
          />
        </Group>
        <TextInput
          type="datetime-local"
          label="From"
          value={form.from}
          onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
        />
        <TextInput
          type="datetime-local"
          label="Until"
          value={form.to}
          onChange={(e) => setForm({ ...form, to: e.currentTarget.value })}
        />
        <Group align="flex-end" gap="xs">
          <Button type="submit" leftSection={<IconSearch size={16} />}>
            Search
          </Button>
          <Button
            variant="subtle"
            onClick={() => {
              setForm({ uid: "", convType: "", convId: "", from: "", to: "", q: "" });
              onApply({ uid: "", convType: "", convId: "", from: "", to: "", q: "" });
            }}
          >
            Clear
          </Button>
        </Group>
      </SimpleGrid>
    </Paper>
  );
}

export default function MessagesPage() {
  const [filters, setFilters] = useUrlState(FILTERS);
  const archive = useArchive(filters);
  const { cursor: _cursor, ...current } = filters;
  return (
    <>
      <PageHeader
        title="Messages"
        description="Every stored message: find it by sender, conversation, time or text, then open its conversation."
        actions={
          <>
            <Button
              component="a"
              href={exportUrl(filters, "jsonl")}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              Export JSONL
            </Button>
            <Button
              component="a"
              href={exportUrl(filters, "csv")}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              Export CSV
            </Button>
          </>
        }
      />
      {/* Keyed by the URL's filters, so back/forward shows them in the form too. */}
      <FiltersForm key={JSON.stringify(current)} filters={filters} onApply={(f) => setFilters(f)} />
      <QueryState query={archive}>
        {(page) => (
          <DataTable
            caption="Messages, newest first"
            columns={columns}
            rows={page.items}
            rowKey={(m) => String(m.msgId)}
            onNextPage={page.nextCursor ? () => setFilters({ ...current, cursor: page.nextCursor ?? "" }) : undefined}
            onFirstPage={filters.cursor ? () => setFilters(current) : undefined}
          />
        )}
      </QueryState>
    </>
  );
}
