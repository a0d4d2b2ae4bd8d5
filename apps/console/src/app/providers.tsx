"use client";

import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import type { ReactNode } from "react";
import { ApiProvider } from "../api/provider.tsx";
import { theme } from "./theme.ts";

export function Providers({ children }: { children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-center" autoClose={4000} />
      <ApiProvider>{children}</ApiProvider>
    </MantineProvider>
  );
}
