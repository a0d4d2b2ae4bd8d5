"use client";

import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";
import { deviceTypeName } from "../lib/format.ts";
import { LIVE_INTERVAL_MS } from "./use-stats.ts";

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
          params: { query: { q: filters.q || undefined, cursor: filters.cursor || undefined, limit: "50" } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** One user with devices (online state, sync lag), conversations and recent messages; kept live. */
export function useUser(uid: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.users.detail(uid),
    queryFn: async () => data(await api.client.GET("/admin/users/{uid}", { params: { path: { uid } } })),
    refetchInterval: LIVE_INTERVAL_MS,
  });
}

/** Disconnects a user's sessions: of one device type, or all of them. */
export function useKickout(uid: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { deviceType?: number; reason: string }) =>
      data(await api.client.POST("/admin/users/{uid}/kickout", { params: { path: { uid } }, body })),
    onSuccess: (result, body) => {
      notifications.show({
        color: "green",
        title: body.deviceType ? `${deviceTypeName(body.deviceType)} session kicked` : "User kicked",
        message: `${result.kicked} session${result.kicked === 1 ? "" : "s"} of ${uid} disconnected`,
      });
      void queryClient.invalidateQueries({ queryKey: keys.users.all });
      void queryClient.invalidateQueries({ queryKey: keys.online.all });
      void queryClient.invalidateQueries({ queryKey: keys.audit.all });
    },
  });
}

/**
 * Signs one device out for good: refuses every login token that device holds
 * (issued up to now) and disconnects it; the user's other devices stay.
 */
export function useRevokeDevice(uid: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (deviceId: string) =>
      data(
        await api.client.POST("/admin/users/{uid}/tokens/revoke", {
          params: { path: { uid } },
          body: { deviceId },
        }),
      ),
    onSuccess: (result, deviceId) => {
      notifications.show({
        color: "green",
        title: "Device signed out",
        message: `${deviceId}: its tokens are refused from now on${result.kicked ? `, ${result.kicked} session disconnected` : ""}`,
      });
      void queryClient.invalidateQueries({ queryKey: keys.users.all });
      void queryClient.invalidateQueries({ queryKey: keys.online.all });
      void queryClient.invalidateQueries({ queryKey: keys.audit.all });
    },
  });
}

/** Business lines that may send a system message (its sender), by id and name. */
export function useSystemMessageSenders() {
  const api = useApi();
  return useQuery({
    // Under the business lines' key, so changes to business lines refresh it too.
    queryKey: [...keys.businessLines.all, "senders"],
    queryFn: async () => {
      const { businessLines } = data(await api.client.GET("/admin/business-lines"));
      return businessLines.map((b) => ({ id: b.id, name: b.name }));
    },
  });
}

/** A system message (s2c) to one user, sent on behalf of a business line. */
export function useSendSystemMessage(uid: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { businessId: string; content: string }) =>
      data(await api.client.POST("/admin/messages/system", { body: { ...body, toUids: [uid] } })),
    onSuccess: (result) => {
      notifications.show({ color: "green", title: "System message sent", message: `Message ${result.msgId}` });
      void queryClient.invalidateQueries({ queryKey: keys.users.detail(uid) });
      void queryClient.invalidateQueries({ queryKey: keys.messages.all });
      void queryClient.invalidateQueries({ queryKey: keys.audit.all });
    },
  });
}

/** Bans a user: no login from now on, live sessions kicked. */
export function useBan(uid: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (reason: string) =>
      data(await api.client.POST("/admin/users/{uid}/ban", { params: { path: { uid } }, body: { reason } })),
    onSuccess: (result) => {
      notifications.show({
        color: "green",
        title: "User banned",
        message: `${uid} cannot log in; ${result.kicked} session${result.kicked === 1 ? "" : "s"} ended`,
      });
      void queryClient.invalidateQueries({ queryKey: keys.users.all });
      void queryClient.invalidateQueries({ queryKey: keys.online.all });
      void queryClient.invalidateQueries({ queryKey: keys.audit.all });
    },
  });
}

/** Lifts a user's ban. */
export function useUnban(uid: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => data(await api.client.POST("/admin/users/{uid}/unban", { params: { path: { uid } } })),
    onSuccess: () => {
      notifications.show({ color: "green", title: "Ban lifted", message: `${uid} may log in again` });
      void queryClient.invalidateQueries({ queryKey: keys.users.all });
      void queryClient.invalidateQueries({ queryKey: keys.audit.all });
    },
  });
}
