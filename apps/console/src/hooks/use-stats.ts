"use client";

import { useQuery } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";

/** How often live views poll: the dashboard and the online list stay current without a reload. */
export const LIVE_INTERVAL_MS = 5_000;

export function useNodes() {
  const api = useApi();
  return useQuery({
    queryKey: keys.stats.nodes(),
    queryFn: async () => data(await api.client.GET("/admin/nodes")),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

export function useStats() {
  const api = useApi();
  return useQuery({
    queryKey: keys.stats.all,
    queryFn: async () => data(await api.client.GET("/admin/stats")),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}
