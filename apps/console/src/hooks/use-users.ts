"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";

export interface UserFilters {
  q: string;
  cursor: string;
}

export function useUsers(filters: UserFilters) {
  const api = useApi();
  return useQuery({
    queryKey: keys.users.list(filters),
    queryFn: async () =>
      data(
        await api.client.GET("/admin/users", {
          params: { query: { q: filters.q || undefined, cursor: filters.cursor || undefined, limit: 50 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
