"use client";

import { type ReactNode, Suspense } from "react";
import { AppFrame } from "../../components/app-frame.tsx";
import { Loading } from "../../components/query-state.tsx";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <AppFrame>
      <Suspense fallback={<Loading />}>{children}</Suspense>
    </AppFrame>
  );
}
