"use client";

import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, Suspense, useState } from "react";
import { useLogin } from "../../hooks/use-session.ts";

function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate(
      { username, password },
      {
        onSuccess: () => {
          const next = params.get("next");
          // Only paths on this origin: never an open redirect.
          router.replace(next?.startsWith("/") && !next.startsWith("//") ? next : "/");
        },
      },
    );
  };

  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380} component="main">
        <form onSubmit={submit} aria-label="Sign in">
          <Stack>
            <div>
              <Title order={1} size="h3">
                IM console
              </Title>
              <Text c="dimmed" size="sm">
                Sign in as an operator.
              </Text>
            </div>
            {login.isError && (
              <Alert color="red" variant="light" role="alert">
                {login.error.message}
              </Alert>
            )}
            <TextInput
              label="Username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={login.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

export default function LoginPage() {
  return (
    <Suspense>
      <LoginForm />
    </Suspense>
  );
}
