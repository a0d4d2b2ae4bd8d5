"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";
import { LIVE_INTERVAL_MS } from "./use-stats.ts";

export interface OnlineFilters {
  node: string;
  deviceType: string;
  uid: string;
  cursor: string;
}

/** Live sessions, a page at a time, refreshed while the page is open. */
export function useOnline(filters: OnlineFilters) {
  const api = useApi();
  return useQuery({
    queryKey: keys.online.list(filters),
    queryFn: async () =>
      data(
        await api.client.GET("/admin/online", {
          params: {
            query: {
              node: filters.node || undefined,
              deviceType: filters.deviceType || undefined,
              uid: filters.uid || undefined,
              cursor: filters.cursor || undefined,
              limit: "50",
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
