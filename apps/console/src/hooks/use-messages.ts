"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";
import { decimal } from "../lib/format.ts";

/** Archive filters as they sit in the URL (strings; times are ms since epoch). */
export interface ArchiveFilters {
  uid: string;
  convType: string;
  convId: string;
  from: string;
  to: string;
  q: string;
}

/** The query the archive routes take, from the URL's strings (empty means no filter). */
export function archiveQuery(f: ArchiveFilters) {
  return {
    uid: f.uid || undefined,
    convType: f.convType || undefined,
    convId: f.convId || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    q: f.q || undefined,
  };
}

/** Where the browser downloads the current filter's messages (a plain link; the session cookie rides along). */
export function exportUrl(f: ArchiveFilters, format: "jsonl" | "csv"): string {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(archiveQuery(f))) if (v !== undefined) params.set(k, String(v));
  return `/admin/messages/export?${params.toString()}`;
}

export function useArchive(filters: ArchiveFilters & { cursor: string }) {
  const api = useApi();
  return useQuery({
    queryKey: keys.messages.list(filters),
    queryFn: async () =>
      data(
        await api.client.GET("/admin/messages", {
          params: { query: { ...archiveQuery(filters), cursor: filters.cursor || undefined, limit: "50" } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export interface TranscriptFilters {
  convType: number;
  convId: string;
  uid: string;
}

/** A conversation, newest page first; each older page comes from `fetchNextPage` (back in time). */
export function useTranscript(f: TranscriptFilters) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: keys.messages.transcript(f),
    enabled: f.convType > 0 && f.convId !== "",
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) =>
      data(
        await api.client.GET("/admin/conversations/{convType}/{convId}/messages", {
          params: {
            path: { convType: String(f.convType), convId: f.convId },
            query: { uid: f.uid || undefined, before: decimal(pageParam), limit: "30" },
          },
        }),
      ),
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });
}

export type TraceKey = { msgId: string; senderId: string; clientMsgId: string; uid: string };

export function useTrace(k: TraceKey) {
  const api = useApi();
  const byId = k.msgId !== "";
  const byClient = k.senderId !== "" && k.clientMsgId !== "";
  return useQuery({
    queryKey: keys.messages.trace(k),
    enabled: byId || byClient,
    queryFn: async () =>
      data(
        await api.client.GET("/admin/messages/trace", {
          params: {
            query: byId
              ? { msgId: k.msgId, uid: k.uid || undefined }
              : { senderId: k.senderId, clientMsgId: k.clientMsgId, uid: k.uid || undefined },
          },
        }),
      ),
  });
}
