"use client";

import { notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useContext, useState } from "react";
import { type Api, ApiError, createApi } from "./client.ts";

const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside ApiProvider");
  return api;
}

/** One API client and one React Query cache for the whole console. */
export function ApiProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [api] = useState(() =>
    createApi({
      onUnauthenticated: () => {
        if (window.location.pathname !== "/login")
          router.replace(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
      },
    }),
  );
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
            refetchOnWindowFocus: false,
          },
        },
        queryCache: new QueryCache(),
        mutationCache: new MutationCache({
          onError: (err, _vars, _ctx, mutation) => {
            if (mutation.meta?.silent) return;
            notifications.show({ color: "red", title: "Action failed", message: err.message });
          },
        }),
      }),
  );
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}
