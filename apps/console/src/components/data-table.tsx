"use client";

import { Button, Group, Paper, ScrollArea, Table, Text } from "@mantine/core";
import { type ColumnDef, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { Empty } from "./query-state.tsx";

export type { ColumnDef } from "@tanstack/react-table";

/**
 * Calls a header or cell renderer instead of mounting it as a component (what
 * flexRender does): live pages build their columns anew on every refresh, and
 * a renderer mounted as a component would then be a new component type each
 * time, so React would remount every cell, and close a dialog opened from one.
 * Renderers therefore must not call hooks themselves; the components they
 * return may.
 */
function render<C>(renderer: unknown, context: C): ReactNode {
  return typeof renderer === "function" ? (renderer as (c: C) => ReactNode)(context) : (renderer as ReactNode);
}

/**
 * The one table of the console: server-paged rows (the server decides what a
 * page is), a caption for screen readers, an empty state, and a "next page"
 * control driven by the page's cursor in the URL.
 */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  onNextPage,
  onFirstPage,
  footer,
}: {
  caption: string;
  // biome-ignore lint/suspicious/noExplicitAny: column value types differ per column
  columns: ColumnDef<T, any>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty?: ReactNode;
  onNextPage?: () => void;
  onFirstPage?: () => void;
  footer?: ReactNode;
}) {
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: rowKey });
  return (
    <Paper withBorder radius="md">
      {/* Focusable, so keyboard users can scroll a table wider than the screen. */}
      <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "region", "aria-label": caption }}>
        <Table striped highlightOnHover verticalSpacing="xs" horizontalSpacing="md" miw={640}>
          <Table.Caption style={{ captionSide: "top", textAlign: "left", padding: "0 var(--mantine-spacing-md)" }}>
            <Text span size="xs" c="dimmed" className="visually-hidden-caption">
              {caption}
            </Text>
          </Table.Caption>
          <Table.Thead>
            {table.getHeaderGroups().map((group) => (
              <Table.Tr key={group.id}>
                {group.headers.map((header) => (
                  <Table.Th key={header.id} scope="col">
                    {header.isPlaceholder ? null : render(header.column.columnDef.header, header.getContext())}
                  </Table.Th>
                ))}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Table.Tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <Table.Td key={cell.id}>{render(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {rows.length === 0 && (empty ?? <Empty title="Nothing matches" hint="Try other filters." />)}
      </ScrollArea>
      {(onNextPage || onFirstPage || footer) && (
        <Group justify="space-between" p="sm" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}>
          <div>{footer}</div>
          <Group gap="xs">
            {onFirstPage && (
              <Button size="xs" variant="default" onClick={onFirstPage}>
                First page
              </Button>
            )}
            {onNextPage && (
              <Button size="xs" variant="default" onClick={onNextPage}>
                Next page
              </Button>
            )}
          </Group>
        </Group>
      )}
    </Paper>
  );
}
