"use client";

import { Anchor, Badge, Button, Modal, Stack, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { DataTable } from "../../../components/data-table.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useBusinessLines, useCreateBusinessLine } from "../../../hooks/use-business-lines.ts";
import { useCanWrite } from "../../../hooks/use-session.ts";
import { formatTime } from "../../../lib/format.ts";

type Line = NonNullable<ReturnType<typeof useBusinessLines>["data"]>["businessLines"][number];
const col = createColumnHelper<Line>();
const columns = [
  col.accessor("id", {
    header: "Id",
    cell: (c) => (
      <Anchor component={Link} href={`/business-lines/${encodeURIComponent(c.getValue())}`} className="mono">
        {c.getValue()}
      </Anchor>
    ),
  }),
  col.accessor("name", { header: "Name" }),
  col.accessor("webhookUrl", {
    header: "c2s webhook",
    cell: (c) => (c.getValue() ? <span className="mono">{c.getValue()}</span> : "—"),
  }),
  col.accessor("keys", {
    header: "Active keys",
    cell: (c) => {
      const active = c.getValue().filter((k) => k.revokedAt === null).length;
      return (
        <Badge variant="dot" miw="max-content" color={active > 0 ? "green" : "gray"}>
          {active}
        </Badge>
      );
    },
  }),
  col.accessor("createdAt", { header: "Created", cell: (c) => formatTime(c.getValue()) }),
];

function CreateLineModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const create = useCreateBusinessLine();
  const router = useRouter();
  const [form, setForm] = useState({ id: "", name: "" });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { id: form.id.trim(), name: form.name.trim() },
      {
        onSuccess: (b) => {
          onClose();
          setForm({ id: "", name: "" });
          router.push(`/business-lines/${encodeURIComponent(b.id)}`);
        },
      },
    );
  };
  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened={opened}
      onClose={onClose}
      title="Create a business line"
      centered
    >
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label="Id"
            description="Short and stable: clients name it when they send c2s messages"
            required
            value={form.id}
            onChange={(e) => setForm({ ...form, id: e.currentTarget.value })}
          />
          <TextInput
            label="Name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <Button type="submit" loading={create.isPending}>
            Create business line
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}

export default function BusinessLinesPage() {
  const lines = useBusinessLines();
  const canWrite = useCanWrite();
  const [creating, { open, close }] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title="Business lines"
        description="The backends that use the business API: their keys, and where clients' c2s messages go."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={16} />} onClick={open}>
              New business line
            </Button>
          )
        }
      />
      <QueryState query={lines}>
        {(l) => <DataTable caption="Business lines" columns={columns} rows={l.businessLines} rowKey={(b) => b.id} />}
      </QueryState>
      {canWrite && <CreateLineModal opened={creating} onClose={close} />}
    </>
  );
}
