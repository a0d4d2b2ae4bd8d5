"use client";

import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconActivity,
  IconBriefcase,
  IconHistory,
  IconLogout,
  IconMessages,
  IconRoute,
  IconShieldLock,
  IconUsers,
  IconUsersGroup,
  IconWifi,
} from "@tabler/icons-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { useLogout, useMe } from "../hooks/use-session.ts";
import { Loading } from "./query-state.tsx";

const NAV = [
  { href: "/", label: "Dashboard", icon: IconActivity },
  { href: "/users", label: "Users", icon: IconUsers },
  { href: "/online", label: "Online", icon: IconWifi },
  { href: "/groups", label: "Groups", icon: IconUsersGroup },
  { href: "/messages", label: "Messages", icon: IconMessages },
  { href: "/trace", label: "Message trace", icon: IconRoute },
  { href: "/business-lines", label: "Business lines", icon: IconBriefcase },
  { href: "/operators", label: "Operators", icon: IconShieldLock },
  { href: "/audit", label: "Audit log", icon: IconHistory },
] as const;

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** Navigation, who is signed in, and the page. Signed-out visitors go to /login. */
export function AppFrame({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = usePathname();
  const router = useRouter();
  const me = useMe();
  const logout = useLogout();

  if (me.isPending) return <Loading label="Checking your session…" />;
  if (me.isError) {
    // The API client already sends a 401 to /login; anything else is shown here.
    return <Loading label="Redirecting to sign-in…" />;
  }
  const { operator } = me.data;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} size="lg" component={Link} href="/">
              IM console
            </Text>
          </Group>
          <Group gap="sm">
            <Text size="sm" component={Link} href="/account" aria-label={`Account of ${operator.username}`}>
              {operator.username}
            </Text>
            <Badge variant="light" color={operator.role === "admin" ? "indigo" : "gray"}>
              {operator.role}
            </Badge>
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconLogout size={16} />}
              loading={logout.isPending}
              onClick={() => logout.mutate(undefined, { onSettled: () => router.replace("/login") })}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          <Stack gap={2}>
            {NAV.map((item) => (
              <NavLink
                key={item.href}
                component={Link}
                href={item.href}
                label={item.label}
                leftSection={<item.icon size={18} stroke={1.6} />}
                active={isActive(pathname, item.href)}
                aria-current={isActive(pathname, item.href) ? "page" : undefined}
                onClick={close}
              />
            ))}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      {/* AppShell.Main is the page's one <main> landmark. */}
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
