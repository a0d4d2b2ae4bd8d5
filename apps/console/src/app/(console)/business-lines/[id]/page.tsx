"use client";

import {
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Modal,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy, IconKey, IconPlayerPause, IconPlayerPlay } from "@tabler/icons-react";
import { createColumnHelper } from "@tanstack/react-table";
import { useParams } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ConfirmAction } from "../../../../components/confirm-action.tsx";
import { DataTable } from "../../../../components/data-table.tsx";
import { PageHeader } from "../../../../components/page-header.tsx";
import { QueryState } from "../../../../components/query-state.tsx";
import { StatCard } from "../../../../components/stat-card.tsx";
import {
  useBusinessLine,
  useCreateKey,
  useDeadLetters,
  useDiscardDeadLetter,
  useRetryAllDeadLetters,
  useRetryDeadLetter,
  useRevokeKey,
  useRotateKey,
  useUpdateTarget,
  useWebhookAttempts,
} from "../../../../hooks/use-business-lines.ts";
import { useCanWrite } from "../../../../hooks/use-session.ts";
import { useUrlState } from "../../../../hooks/use-url-state.ts";
import { formatNumber, formatTime } from "../../../../lib/format.ts";

type Line = NonNullable<ReturnType<typeof useBusinessLine>["data"]>;
type Key = Line["keys"][number];
type Attempt = NonNullable<ReturnType<typeof useWebhookAttempts>["data"]>["items"][number];
type DeadLetter = NonNullable<ReturnType<typeof useDeadLetters>["data"]>["items"][number];

/** A key exists in full only in the answer that created it: this dialog is the one chance to copy it. */
function NewKeyModal({ issued, onClose }: { issued: { keyId: string; key: string } | null; onClose: () => void }) {
  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened={issued !== null}
      onClose={onClose}
      title="Copy the new API key now"
      centered
      size="lg"
    >
      {issued && (
        <Stack>
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} />}
            title={
              <Text span fw={700} size="sm" c="red.9">
                Shown only once
              </Text>
            }
          >
            This is the only time the key is shown. The system keeps just its hash: copy it into the business line's
            configuration now. If it is lost, rotate the key.
          </Alert>
          <Textarea
            label="New API key"
            readOnly
            autosize
            minRows={2}
            value={issued.key}
            classNames={{ input: "mono" }}
            onFocus={(e) => e.currentTarget.select()}
          />
          <Text size="sm" c="dimmed">
            Key id <span className="mono">{issued.keyId}</span>
          </Text>
          <Group justify="flex-end">
            <CopyButton value={issued.key}>
              {({ copied, copy }) => (
                <Button
                  color={copied ? "teal" : "indigo"}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                >
                  {copied ? "Copied" : "Copy key"}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={onClose}>
              I have stored it
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function KeysSection({ line, canWrite }: { line: Line; canWrite: boolean }) {
  const createKey = useCreateKey(line.id);
  const rotate = useRotateKey(line.id);
  const revoke = useRevokeKey();
  const [issued, setIssued] = useState<{ keyId: string; key: string } | null>(null);
  const col = createColumnHelper<Key>();
  const columns = [
    col.accessor("keyId", { header: "Key id", cell: (c) => <span className="mono">{c.getValue()}</span> }),
    col.accessor("scopes", {
      header: "Scopes",
      cell: (c) => (c.getValue().length > 0 ? c.getValue().join(", ") : "all of its own line"),
    }),
    col.accessor("createdAt", { header: "Created", cell: (c) => formatTime(c.getValue()) }),
    col.accessor("revokedAt", {
      header: "State",
      cell: (c) =>
        c.getValue() === null ? (
          <Badge variant="dot" miw="max-content" color="green">
            active
          </Badge>
        ) : (c.getValue() ?? 0) > Date.now() ? (
          // Rotated with an overlap: still accepted until then.
          <Badge variant="dot" miw="max-content" color="orange">
            works until {formatTime(c.getValue())}
          </Badge>
        ) : (
          <Badge variant="dot" miw="max-content" color="gray">
            revoked {formatTime(c.getValue())}
          </Badge>
        ),
    }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: "Actions",
            cell: (c) =>
              c.row.original.revokedAt === null && (
                <Group gap="xs" wrap="nowrap">
                  <ConfirmAction
                    size="xs"
                    color="indigo"
                    label="Rotate"
                    ariaLabel={`Rotate key ${c.row.original.keyId}`}
                    title="Rotate this key?"
                    message="A new key replaces it and the old key stops working at once: every request still using it is refused."
                    confirmLabel="Rotate key"
                    loading={rotate.isPending}
                    onConfirm={() =>
                      rotate.mutateAsync(c.row.original.keyId).then((r) => setIssued({ keyId: r.keyId, key: r.key }))
                    }
                  />
                  <ConfirmAction
                    size="xs"
                    label="Revoke"
                    ariaLabel={`Revoke key ${c.row.original.keyId}`}
                    title="Revoke this key?"
                    message="The key stops working at once and cannot be restored."
                    confirmLabel="Revoke key"
                    loading={revoke.isPending}
                    onConfirm={() => revoke.mutateAsync(c.row.original.keyId)}
                  />
                </Group>
              ),
          }),
        ]
      : []),
  ];
  return (
    <section aria-labelledby="keys-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="keys-title">
          API keys
        </Title>
        {canWrite && (
          <Button
            size="xs"
            leftSection={<IconKey size={16} />}
            loading={createKey.isPending}
            onClick={() => createKey.mutate(undefined, { onSuccess: (r) => setIssued({ keyId: r.keyId, key: r.key }) })}
          >
            New API key
          </Button>
        )}
      </Group>
      <DataTable caption="API keys" columns={columns} rows={line.keys} rowKey={(k) => k.keyId} />
      <NewKeyModal issued={issued} onClose={() => setIssued(null)} />
    </section>
  );
}

function TargetSection({ line, canWrite }: { line: Line; canWrite: boolean }) {
  const update = useUpdateTarget(line.id);
  const [url, setUrl] = useState(line.target.webhookUrl ?? "");
  const [secret, setSecret] = useState("");
  const [stream, setStream] = useState(line.target.stream);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const webhookUrl = url.trim() || null;
    update.mutate(
      {
        webhookUrl,
        ...(secret ? { webhookSecret: secret } : {}),
        ...(webhookUrl === null ? { webhookSecret: null } : {}),
        stream,
      },
      { onSuccess: () => setSecret("") },
    );
  };
  const { paused } = line.target;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="target-title">
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id="target-title">
            c2s target
          </Title>
          {paused ? (
            <Badge variant="dot" miw="max-content" color="orange">
              paused
            </Badge>
          ) : (
            <Badge variant="dot" miw="max-content" color="green">
              delivering
            </Badge>
          )}
        </Group>
        {canWrite && (
          <Button
            size="xs"
            variant="default"
            leftSection={paused ? <IconPlayerPlay size={16} /> : <IconPlayerPause size={16} />}
            loading={update.isPending}
            onClick={() => update.mutate({ paused: !paused })}
          >
            {paused ? "Resume delivery" : "Pause delivery"}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Messages clients send to this line (c2s) go to its webhook, signed with the secret, and to its Redis stream.
        While paused they wait in the outbox.
      </Text>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput
            label="Webhook URL"
            placeholder="https://backend.example/im/c2s"
            value={url}
            readOnly={!canWrite}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
          {canWrite && (
            <PasswordInput
              label="Signing secret"
              visibilityToggleButtonProps={{ "aria-label": "Show or hide the secret" }}
              description={
                line.target.hasSecret ? "A secret is set; leave empty to keep it" : "At least 16 characters; required"
              }
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
            />
          )}
          <Switch
            label="Also append to the Redis stream"
            checked={stream}
            disabled={!canWrite}
            onChange={(e) => setStream(e.currentTarget.checked)}
          />
          {canWrite && (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                Save target
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function AttemptsSection({ lineId }: { lineId: string }) {
  const [page, setPage] = useUrlState(["attempts"] as const);
  const attempts = useWebhookAttempts(lineId, page.attempts);
  const col = createColumnHelper<Attempt>();
  const columns = [
    col.accessor("at", {
      header: "When",
      cell: (c) => <span style={{ whiteSpace: "nowrap" }}>{formatTime(c.getValue())}</span>,
    }),
    col.accessor("eventId", { header: "Event", cell: (c) => <span className="mono">{c.getValue()}</span> }),
    col.accessor("status", {
      header: "Status",
      cell: (c) => (
        <Badge variant="dot" miw="max-content" color={c.row.original.ok ? "green" : "red"}>
          {c.getValue() ?? "no answer"}
        </Badge>
      ),
    }),
    col.accessor("latencyMs", { header: "Latency", cell: (c) => `${formatNumber(c.getValue())} ms` }),
    col.display({
      id: "answer",
      header: "Answer",
      cell: (c) => (
        <Stack gap={2} miw={220} maw={380}>
          {c.row.original.error && (
            <Text size="xs" fw={600}>
              {c.row.original.error}
            </Text>
          )}
          {c.row.original.responseExcerpt && (
            <Text size="xs" className="mono" lineClamp={2}>
              {c.row.original.responseExcerpt}
            </Text>
          )}
        </Stack>
      ),
    }),
  ];
  return (
    <section aria-labelledby="attempts-title">
      <Title order={2} size="h4" mb="sm" id="attempts-title">
        Webhook attempts
      </Title>
      <QueryState query={attempts}>
        {(a) => (
          <DataTable
            caption="Webhook attempts, newest first"
            columns={columns}
            rows={a.items}
            rowKey={(r) => String(r.id)}
            empty={
              <Text size="sm" c="dimmed" p="md" ta="center">
                No webhook calls yet.
              </Text>
            }
            onNextPage={a.nextCursor ? () => setPage({ attempts: a.nextCursor ?? "" }) : undefined}
            onFirstPage={page.attempts ? () => setPage({ attempts: "" }) : undefined}
          />
        )}
      </QueryState>
    </section>
  );
}

function DeadLettersSection({ lineId, canWrite }: { lineId: string; canWrite: boolean }) {
  const letters = useDeadLetters(lineId);
  const retry = useRetryDeadLetter(lineId);
  const retryAll = useRetryAllDeadLetters(lineId);
  const discard = useDiscardDeadLetter(lineId);
  const col = createColumnHelper<DeadLetter>();
  const columns = [
    col.accessor("eventId", { header: "Event", cell: (c) => <span className="mono">{c.getValue()}</span> }),
    col.accessor("kind", { header: "Kind" }),
    col.accessor("attempts", { header: "Attempts" }),
    col.accessor("lastError", {
      header: "Last error",
      cell: (c) => (
        <Text size="xs" className="mono" lineClamp={2} maw={360}>
          {c.getValue() ?? "—"}
        </Text>
      ),
    }),
    col.accessor("createdAt", { header: "Created", cell: (c) => formatTime(c.getValue()) }),
    ...(canWrite
      ? [
          col.display({
            id: "actions",
            header: "Actions",
            cell: (c) => (
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="xs"
                  variant="light"
                  aria-label={`Retry ${c.row.original.eventId}`}
                  loading={retry.isPending && retry.variables === c.row.original.eventId}
                  onClick={() => retry.mutate(c.row.original.eventId)}
                >
                  Retry
                </Button>
                <ConfirmAction
                  size="xs"
                  label="Discard"
                  ariaLabel={`Discard ${c.row.original.eventId}`}
                  title="Discard this dead letter?"
                  message="The event is dropped for good and will never reach the business line. The audit log keeps that you dropped it."
                  confirmLabel="Discard"
                  loading={discard.isPending}
                  onConfirm={() => discard.mutateAsync(c.row.original.eventId)}
                />
              </Group>
            ),
          }),
        ]
      : []),
  ];
  return (
    <section aria-labelledby="dead-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="dead-title">
          Dead letters
        </Title>
        {canWrite && (letters.data?.items.length ?? 0) > 0 && (
          <Button size="xs" variant="light" loading={retryAll.isPending} onClick={() => retryAll.mutate()}>
            Retry all
          </Button>
        )}
      </Group>
      <QueryState query={letters}>
        {(l) => (
          <DataTable
            caption="Dead letters"
            columns={columns}
            rows={l.items}
            rowKey={(r) => String(r.id)}
            empty={
              <Text size="sm" c="dimmed" p="md" ta="center">
                No dead letters: every c2s event was delivered or is still being tried.
              </Text>
            }
          />
        )}
      </QueryState>
    </section>
  );
}

function LineView({ line }: { line: Line }) {
  const canWrite = useCanWrite();
  const s = line.stats;
  return (
    <>
      <PageHeader title={line.name} description={`Business line ${line.id} · created ${formatTime(line.createdAt)}`} />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 2, md: 5 }}>
          <StatCard label="Pending" value={formatNumber(s.pending)} note="waiting in the outbox" />
          <StatCard label="Delivered, 1 h" value={formatNumber(s.delivered1h)} />
          <StatCard label="Failed attempts, 1 h" value={formatNumber(s.failed1h)} />
          <StatCard label="Dead letters" value={formatNumber(s.deadLetters)} />
          <StatCard
            label="Webhook latency"
            value={s.p50LatencyMs === null ? "—" : `${formatNumber(s.p50LatencyMs)} ms`}
            note={s.p99LatencyMs === null ? "p50, last hour" : `p50; p99 ${formatNumber(s.p99LatencyMs)} ms`}
          />
        </SimpleGrid>
        <KeysSection line={line} canWrite={canWrite} />
        <TargetSection
          key={`${line.target.webhookUrl}|${line.target.stream}|${line.target.hasSecret}`}
          line={line}
          canWrite={canWrite}
        />
        <DeadLettersSection lineId={line.id} canWrite={canWrite} />
        <AttemptsSection lineId={line.id} />
      </Stack>
    </>
  );
}

export default function BusinessLinePage() {
  const { id } = useParams<{ id: string }>();
  const line = useBusinessLine(decodeURIComponent(id));
  return <QueryState query={line}>{(l) => <LineView line={l} />}</QueryState>;
}
