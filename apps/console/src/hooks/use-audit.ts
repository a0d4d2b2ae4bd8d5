"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";
import { decimal } from "../lib/format.ts";

export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  /** datetime-local values (the operator's time zone), as typed in the filter form. */
  from: string;
  to: string;
  cursor: string;
}

function epochMs(local: string): number | undefined {
  if (!local) return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** What operators and business lines did, newest first, filtered. */
export function useAudit(filters: AuditFilters) {
  const api = useApi();
  return useQuery({
    queryKey: keys.audit.list(filters),
    queryFn: async () =>
      data(
        await api.client.GET("/admin/audit", {
          params: {
            query: {
              actor: filters.actor || undefined,
              action: filters.action || undefined,
              target: filters.target || undefined,
              from: decimal(epochMs(filters.from)),
              to: decimal(epochMs(filters.to)),
              cursor: filters.cursor || undefined,
              limit: "50",
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
