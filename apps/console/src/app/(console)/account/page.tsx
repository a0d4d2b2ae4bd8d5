"use client";

import { Alert, Badge, Button, Group, Paper, PasswordInput, Stack, Text } from "@mantine/core";
import { type FormEvent, useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { useChangeOwnPassword } from "../../../hooks/use-operators.ts";
import { useMe } from "../../../hooks/use-session.ts";

const MIN_PASSWORD = 12;

function ChangePassword() {
  const change = useChangeOwnPassword();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [repeat, setRepeat] = useState("");
  const tooShort = newPassword.length > 0 && newPassword.length < MIN_PASSWORD;
  const mismatch = repeat.length > 0 && repeat !== newPassword;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent("");
          setNew("");
          setRepeat("");
        },
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="lg" maw={480} component="section" aria-labelledby="password-title">
      <Text fw={600} mb="sm" id="password-title" component="h2" size="lg">
        Change your password
      </Text>
      <form onSubmit={onSubmit}>
        <Stack gap="sm">
          {change.isError && (
            <Alert color="red" variant="light" role="alert">
              {change.error.message}
            </Alert>
          )}
          {change.isSuccess && (
            <Alert color="green" variant="light" role="status">
              Password changed.
            </Alert>
          )}
          <PasswordInput
            label="Current password"
            value={currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            autoComplete="current-password"
            required
          />
          <PasswordInput
            label="New password"
            description={`At least ${MIN_PASSWORD} characters; your other sessions are signed out`}
            value={newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
            error={tooShort ? `At least ${MIN_PASSWORD} characters` : undefined}
            autoComplete="new-password"
            required
          />
          <PasswordInput
            label="Repeat the new password"
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            error={mismatch ? "Does not match the new password" : undefined}
            autoComplete="new-password"
            required
          />
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={change.isPending}
              disabled={!currentPassword || newPassword.length < MIN_PASSWORD || repeat !== newPassword}
            >
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export default function AccountPage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="Your account" description="Who you are signed in as, and your password." />
      <QueryState query={me}>
        {({ operator }) => (
          <Stack gap="lg">
            <Group gap="sm">
              <Text>
                Signed in as <strong>{operator.username}</strong>
              </Text>
              <Badge variant="light" color={operator.role === "admin" ? "indigo" : "gray"}>
                {operator.role}
              </Badge>
            </Group>
            <ChangePassword />
          </Stack>
        )}
      </QueryState>
    </>
  );
}
