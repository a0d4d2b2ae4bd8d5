"use client";

import { Badge, Button, Code, Group, Text, TextInput } from "@mantine/core";
import { useDebouncedCallback } from "@mantine/hooks";
import { createColumnHelper } from "@tanstack/react-table";
import { useRef, useState } from "react";
import { DataTable } from "../../../components/data-table.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Empty, QueryState } from "../../../components/query-state.tsx";
import { useAudit } from "../../../hooks/use-audit.ts";
import { useUrlState } from "../../../hooks/use-url-state.ts";
import { formatTime } from "../../../lib/format.ts";

/** An entry's detail as "key: value" pairs, which read better in a narrow column than raw JSON. */
function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${v !== null && typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}

type Entry = NonNullable<ReturnType<typeof useAudit>["data"]>["entries"][number];
const col = createColumnHelper<Entry>();
const columns = [
  col.accessor("createdAt", {
    header: "When",
    cell: (c) => (
      <Text size="sm" style={{ whiteSpace: "nowrap" }}>
        {formatTime(c.getValue())}
      </Text>
    ),
  }),
  col.display({
    id: "actor",
    header: "Actor",
    cell: ({ row: { original: e } }) =>
      e.businessLineId ? (
        <Group gap={6} wrap="nowrap">
          <Badge variant="light" color="grape" size="sm">
            business line
          </Badge>
          <span className="mono">{e.businessLineId}</span>
          {e.keyId && (
            <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              key {e.keyId}
            </Text>
          )}
        </Group>
      ) : (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {e.username ?? e.operatorId ?? "—"}
        </Text>
      ),
  }),
  col.accessor("action", { header: "Action", cell: (c) => <Code>{c.getValue()}</Code> }),
  col.accessor("target", {
    header: "Target",
    cell: (c) => (
      <span className="mono" style={{ whiteSpace: "nowrap" }}>
        {c.getValue() || "—"}
      </span>
    ),
  }),
  col.accessor("detail", {
    header: "Detail",
    cell: (c) => {
      const detail = describeDetail(c.getValue());
      return detail ? (
        <Text size="xs" className="mono" lineClamp={3} maw={380} title={detail} style={{ overflowWrap: "anywhere" }}>
          {detail}
        </Text>
      ) : (
        "—"
      );
    },
  }),
  col.accessor("ip", { header: "Address", cell: (c) => <span className="mono">{c.getValue() || "—"}</span> }),
];

const FILTERS = ["actor", "action", "target", "from", "to", "cursor"] as const;

export default function AuditPage() {
  const [filters, setFilters] = useUrlState(FILTERS);
  const audit = useAudit(filters);
  // Typed filters are gathered and applied together after a pause, so typing in one box
  // and then another keeps both.
  const typed = useRef<Partial<typeof filters>>({});
  const applyTyped = useDebouncedCallback(() => {
    const patch = typed.current;
    typed.current = {};
    setFilters({ ...patch, cursor: "" });
  }, 300);
  const setText = (patch: Partial<typeof filters>) => {
    Object.assign(typed.current, patch);
    applyTyped();
  };
  // Remounts the typed filters (uncontrolled, debounced) when they are cleared.
  const [generation, setGeneration] = useState(0);
  const filtered = filters.actor || filters.action || filters.target || filters.from || filters.to;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made by an operator or a business line, newest first."
        actions={
          filtered && (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setFilters({ actor: "", action: "", target: "", from: "", to: "", cursor: "" });
                setGeneration((g) => g + 1);
              }}
            >
              Clear filters
            </Button>
          )
        }
      />
      <Group key={generation} mb="md" align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Actor"
          placeholder="Operator or business line"
          defaultValue={filters.actor}
          onChange={(e) => setText({ actor: e.currentTarget.value.trim() })}
          w={170}
        />
        <TextInput
          label="Action"
          placeholder="e.g. operator. or user.kickout"
          description="Matches the beginning"
          defaultValue={filters.action}
          onChange={(e) => setText({ action: e.currentTarget.value.trim() })}
          w={170}
        />
        <TextInput
          label="Target"
          placeholder="Exact target"
          defaultValue={filters.target}
          onChange={(e) => setText({ target: e.currentTarget.value.trim() })}
          w={170}
        />
        <TextInput
          type="datetime-local"
          label="From"
          value={filters.from}
          onChange={(e) => setFilters({ from: e.currentTarget.value, cursor: "" })}
          w={200}
        />
        <TextInput
          type="datetime-local"
          label="To"
          value={filters.to}
          onChange={(e) => setFilters({ to: e.currentTarget.value, cursor: "" })}
          w={200}
        />
      </Group>
      <QueryState query={audit}>
        {(page) => (
          <DataTable
            caption="Audit entries"
            columns={columns}
            rows={page.entries}
            rowKey={(e) => String(e.id)}
            empty={<Empty title="No audit entries" hint={filtered ? "Nothing matches these filters." : undefined} />}
            onNextPage={page.nextCursor ? () => setFilters({ cursor: page.nextCursor ?? "" }) : undefined}
            onFirstPage={filters.cursor ? () => setFilters({ cursor: "" }) : undefined}
          />
        )}
      </QueryState>
    </>
  );
}
