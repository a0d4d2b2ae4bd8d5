"use client";

import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";

export interface GroupFilters {
  q: string;
  cursor: string;
}

export function useGroups(filters: GroupFilters) {
  const api = useApi();
  return useQuery({
    queryKey: keys.groups.list(filters),
    queryFn: async () =>
      data(
        await api.client.GET("/admin/groups", {
          params: { query: { q: filters.q || undefined, cursor: filters.cursor || undefined, limit: "50" } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useGroup(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.groups.detail(id),
    queryFn: async () => data(await api.client.GET("/admin/groups/{id}", { params: { path: { id } } })),
  });
}

/** Invalidates every group view after a change and says what happened. */
function useGroupMutation<V, R>(fn: (vars: V) => Promise<R>, done: (result: R, vars: V) => string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result, vars) => {
      notifications.show({ color: "green", message: done(result, vars) });
      await queryClient.invalidateQueries({ queryKey: keys.groups.all });
    },
  });
}

export function useCreateGroup() {
  const api = useApi();
  return useGroupMutation(
    async (body: { id?: string; name: string; ownerUid: string; members: string[] }) =>
      data(await api.client.POST("/admin/groups", { body })),
    (g) => `Group ${g.name} created`,
  );
}

export function useUpdateGroup(id: string) {
  const api = useApi();
  return useGroupMutation(
    async (body: { name?: string; announcement?: string }) =>
      data(await api.client.PATCH("/admin/groups/{id}", { params: { path: { id } }, body })),
    (_g, vars) => (vars.name !== undefined ? "Group renamed" : "Announcement saved"),
  );
}

export function useGroupMembers(id: string) {
  const api = useApi();
  return useGroupMutation(
    async (body: { add?: string[]; remove?: string[] }) =>
      data(
        await api.client.POST("/admin/groups/{id}/members", {
          params: { path: { id } },
          body: { add: body.add ?? [], remove: body.remove ?? [] },
        }),
      ),
    (r) =>
      [
        r.added.length > 0 ? `Added ${r.added.join(", ")}` : "",
        r.removed.length > 0 ? `Removed ${r.removed.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; ") || "Nobody changed: already as asked",
  );
}

export function useMuteGroup(id: string) {
  const api = useApi();
  return useGroupMutation(
    async (muted: boolean) =>
      data(await api.client.PUT("/admin/groups/{id}/mute", { params: { path: { id } }, body: { muted } })),
    (r) => (r.mutedAll ? "Group muted: only the owner and admins may post" : "Group unmuted"),
  );
}

export function useDismissGroup(id: string) {
  const api = useApi();
  return useGroupMutation(
    async () => data(await api.client.POST("/admin/groups/{id}/dismiss", { params: { path: { id } } })),
    () => "Group dismissed",
  );
}
