"use client";

import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";

export function useBusinessLines() {
  const api = useApi();
  return useQuery({
    queryKey: keys.businessLines.list(),
    queryFn: async () => data(await api.client.GET("/admin/business-lines")),
  });
}

export function useBusinessLine(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.businessLines.detail(id),
    queryFn: async () => data(await api.client.GET("/admin/business-lines/{id}", { params: { path: { id } } })),
    // Delivery stats move while the operator watches.
    refetchInterval: 5_000,
  });
}

export function useWebhookAttempts(id: string, cursor: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...keys.businessLines.attempts(id), cursor],
    queryFn: async () =>
      data(
        await api.client.GET("/admin/business-lines/{id}/attempts", {
          params: { path: { id }, query: { cursor: cursor || undefined, limit: "20" } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 5_000,
  });
}

export function useDeadLetters(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.businessLines.deadLetters(id),
    queryFn: async () =>
      data(
        await api.client.GET("/admin/business-lines/{id}/dead-letters", {
          params: { path: { id }, query: { limit: "100" } },
        }),
      ),
    refetchInterval: 5_000,
  });
}

function useLineMutation<V, R>(fn: (vars: V) => Promise<R>, done: ((result: R, vars: V) => string) | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (result, vars) => {
      if (done) notifications.show({ color: "green", message: done(result, vars) });
      await queryClient.invalidateQueries({ queryKey: keys.businessLines.all });
    },
  });
}

export function useCreateBusinessLine() {
  const api = useApi();
  return useLineMutation(
    async (body: { id: string; name: string }) => data(await api.client.POST("/admin/business-lines", { body })),
    (b) => `Business line ${b.name} created`,
  );
}

/** Issues a key; the caller shows it once (its notification would leave it on screen too long). */
export function useCreateKey(id: string) {
  const api = useApi();
  return useLineMutation(
    async () => data(await api.client.POST("/admin/business-lines/{id}/keys", { params: { path: { id } }, body: {} })),
    null,
  );
}

export function useRotateKey(id: string) {
  const api = useApi();
  return useLineMutation(
    async (keyId: string) =>
      data(
        await api.client.POST("/admin/business-lines/{id}/keys/rotate", { params: { path: { id } }, body: { keyId } }),
      ),
    null,
  );
}

export function useRevokeKey() {
  const api = useApi();
  return useLineMutation(
    async (keyId: string) => data(await api.client.POST("/admin/keys/{keyId}/revoke", { params: { path: { keyId } } })),
    (_r, keyId) => `Key ${keyId} revoked`,
  );
}

export function useUpdateTarget(id: string) {
  const api = useApi();
  return useLineMutation(
    async (body: { webhookUrl?: string | null; webhookSecret?: string | null; stream?: boolean; paused?: boolean }) =>
      data(await api.client.PATCH("/admin/business-lines/{id}/target", { params: { path: { id } }, body })),
    (_t, vars) =>
      vars.paused === true ? "Delivery paused" : vars.paused === false ? "Delivery resumed" : "c2s target saved",
  );
}

export function useRetryDeadLetter(id: string) {
  const api = useApi();
  return useLineMutation(
    async (eventId: string) =>
      data(
        await api.client.POST("/admin/business-lines/{id}/dead-letters/{eventId}/retry", {
          params: { path: { id, eventId } },
        }),
      ),
    () => "Dead letter queued for delivery",
  );
}

export function useRetryAllDeadLetters(id: string) {
  const api = useApi();
  return useLineMutation(
    async () =>
      data(await api.client.POST("/admin/business-lines/{id}/dead-letters/retry-all", { params: { path: { id } } })),
    (r) => `${r.retried} dead letter${r.retried === 1 ? "" : "s"} queued for delivery`,
  );
}

export function useDiscardDeadLetter(id: string) {
  const api = useApi();
  return useLineMutation(
    async (eventId: string) =>
      data(
        await api.client.POST("/admin/business-lines/{id}/dead-letters/{eventId}/discard", {
          params: { path: { id, eventId } },
        }),
      ),
    () => "Dead letter discarded",
  );
}
