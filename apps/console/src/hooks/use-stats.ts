"use client";

import { useQuery } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";

/** How often live views poll: the dashboard and the online list stay current without a reload. */
export const LIVE_INTERVAL_MS = 5_000;

/** The gateway samples history every 10 s, so polling it more often would only repeat points. */
const HISTORY_INTERVAL_MS = 10_000;

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

/** Cluster traffic now: sessions, nodes and their health, message rates, c2s backlog and failures. */
export function useLiveStats() {
  const api = useApi();
  return useQuery({
    queryKey: keys.stats.live(),
    queryFn: async () => data(await api.client.GET("/admin/stats/live")),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** Samples of the last `minutes` (oldest first), for the dashboard's charts. */
export function useStatsHistory(minutes = 60) {
  const api = useApi();
  return useQuery({
    queryKey: keys.stats.history(minutes),
    queryFn: async () =>
      data(await api.client.GET("/admin/stats/history", { params: { query: { minutes: String(minutes) } } })),
    refetchInterval: HISTORY_INTERVAL_MS,
  });
}
