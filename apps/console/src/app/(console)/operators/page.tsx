"use client";

import { Alert, Badge, Button, Group, Menu, Modal, PasswordInput, Select, Stack, TextInput } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconUserPlus } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import { type FormEvent, useState } from "react";
import { ConfirmAction } from "../../../components/confirm-action.tsx";
import { DataTable } from "../../../components/data-table.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Empty, QueryState } from "../../../components/query-state.tsx";
import {
  type OperatorRole,
  useCreateOperator,
  useOperators,
  useResetOperatorPassword,
  useUpdateOperator,
} from "../../../hooks/use-operators.ts";
import { useCanWrite, useMe } from "../../../hooks/use-session.ts";
import { formatAgo, formatTime } from "../../../lib/format.ts";

type Operator = NonNullable<ReturnType<typeof useOperators>["data"]>["items"][number];

const ROLE_OPTIONS = [
  { value: "admin", label: "admin: everything" },
  { value: "viewer", label: "viewer: reads only" },
];
const MIN_PASSWORD = 12;

function passwordError(password: string): string | undefined {
  return password.length > 0 && password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters` : undefined;
}

function CreateOperator() {
  const [opened, { open, close }] = useDisclosure(false);
  const create = useCreateOperator();
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<OperatorRole>("viewer");
  const [password, setPassword] = useState("");
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { username: username.trim(), role, password },
      {
        onSuccess: () => {
          setUsername("");
          setPassword("");
          setRole("viewer");
          close();
        },
      },
    );
  };
  return (
    <>
      <Button leftSection={<IconUserPlus size={16} />} onClick={open}>
        Create operator
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title="Create an operator"
        closeButtonProps={{ "aria-label": "Close" }}
        centered
      >
        <form onSubmit={onSubmit}>
          <Stack gap="sm">
            {create.isError && (
              <Alert color="red" variant="light" role="alert">
                {create.error.message}
              </Alert>
            )}
            <TextInput
              label="Username"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              autoComplete="off"
              required
            />
            <Select
              label="Role"
              data={ROLE_OPTIONS}
              value={role}
              onChange={(r) => setRole((r as OperatorRole | null) ?? "viewer")}
              allowDeselect={false}
            />
            <PasswordInput
              label="Initial password"
              description="Tell it to the operator; they can change it on their account page"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={passwordError(password)}
              autoComplete="new-password"
              required
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={!username.trim() || password.length < MIN_PASSWORD}
              >
                Create
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function ResetPassword({ operator }: { operator: Operator }) {
  const [opened, { open, close }] = useDisclosure(false);
  const reset = useResetOperatorPassword();
  const [password, setPassword] = useState("");
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    reset.mutate(
      { id: operator.id, username: operator.username, password },
      {
        onSuccess: () => {
          setPassword("");
          close();
        },
      },
    );
  };
  return (
    <>
      <Button size="xs" variant="default" onClick={open} aria-label={`Reset password of ${operator.username}`}>
        Reset password
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={`New password for ${operator.username}`}
        closeButtonProps={{ "aria-label": "Close" }}
        centered
      >
        <form onSubmit={onSubmit}>
          <Stack gap="sm">
            {reset.isError && (
              <Alert color="red" variant="light" role="alert">
                {reset.error.message}
              </Alert>
            )}
            <PasswordInput
              label="New password"
              description="Their sessions end; they sign in again with this password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={passwordError(password)}
              autoComplete="new-password"
              required
            />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={reset.isPending} disabled={password.length < MIN_PASSWORD}>
                Set password
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function OperatorActions({ operator, self }: { operator: Operator; self: boolean }) {
  const update = useUpdateOperator();
  if (self)
    return (
      <Badge variant="outline" color="gray">
        you
      </Badge>
    );
  const other: OperatorRole = operator.role === "admin" ? "viewer" : "admin";
  return (
    <Group gap="xs" wrap="nowrap">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            rightSection={<IconChevronDown size={14} />}
            aria-label={`Change role of ${operator.username}`}
          >
            Role
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={() => update.mutate({ id: operator.id, role: other })}>Make {other}</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ResetPassword operator={operator} />
      {operator.disabledAt === null ? (
        <ConfirmAction
          ariaLabel={`Disable ${operator.username}`}
          title={`Disable ${operator.username}?`}
          message="Their sessions end at once and they cannot sign in until enabled again."
          confirmLabel="Disable"
          loading={update.isPending}
          onConfirm={() => update.mutateAsync({ id: operator.id, disabled: true })}
          size="xs"
          label="Disable"
        />
      ) : (
        <Button
          size="xs"
          variant="light"
          color="green"
          loading={update.isPending}
          aria-label={`Enable ${operator.username}`}
          onClick={() => update.mutate({ id: operator.id, disabled: false })}
        >
          Enable
        </Button>
      )}
    </Group>
  );
}

function columns(canWrite: boolean, selfId: string | undefined) {
  const col = createColumnHelper<Operator>();
  return [
    col.accessor("username", { header: "Username", cell: (c) => <strong>{c.getValue()}</strong> }),
    col.accessor("role", {
      header: "Role",
      cell: (c) => (
        <Badge variant="light" color={c.getValue() === "admin" ? "indigo" : "gray"}>
          {c.getValue()}
        </Badge>
      ),
    }),
    col.accessor("disabledAt", {
      header: "Status",
      cell: (c) =>
        c.getValue() === null ? (
          <Badge color="green" variant="light">
            active
          </Badge>
        ) : (
          <Badge color="red" variant="light">
            disabled {formatAgo(c.getValue())}
          </Badge>
        ),
    }),
    col.accessor("lastSeenAt", { header: "Last seen", cell: (c) => formatAgo(c.getValue()) }),
    col.accessor("createdAt", { header: "Created", cell: (c) => formatTime(c.getValue()) }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: "Actions",
            cell: (c) => <OperatorActions operator={c.row.original} self={c.row.original.id === selfId} />,
          }),
        ]
      : []),
  ];
}

export default function OperatorsPage() {
  const operators = useOperators();
  const canWrite = useCanWrite();
  const me = useMe();
  return (
    <>
      <PageHeader
        title="Operators"
        description="Who may use this console. Admins change things; viewers only read."
        actions={canWrite && <CreateOperator />}
      />
      <QueryState query={operators}>
        {(list) => (
          <DataTable
            caption="Operator accounts"
            columns={columns(canWrite, me.data?.operator.id)}
            rows={list.items}
            rowKey={(o) => o.id}
            empty={<Empty title="No operators" />}
          />
        )}
      </QueryState>
    </>
  );
}
