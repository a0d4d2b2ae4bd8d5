"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";

/** The signed-in operator (and the session's CSRF token, kept by the API client). */
export function useMe() {
  const api = useApi();
  return useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      const me = data(await api.client.GET("/admin/me"));
      api.setCsrfToken(me.csrfToken);
      return me;
    },
    retry: false,
    staleTime: 60_000,
  });
}

/** True when the signed-in operator may change things (viewers only read). */
export function useCanWrite(): boolean {
  const me = useMe();
  return me.data?.operator.role === "admin";
}

export function useLogin() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { username: string; password: string }) =>
      data(await api.client.POST("/admin/login", { body })),
    onSuccess: (session) => {
      api.setCsrfToken(session.csrfToken);
      queryClient.clear();
      queryClient.setQueryData(keys.me, { ...session, expiresAt: 0 });
    },
    // The login form shows the error itself.
    meta: { silent: true },
  });
}

export function useLogout() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => data(await api.client.POST("/admin/logout")),
    onSettled: () => {
      api.setCsrfToken("");
      queryClient.clear();
    },
  });
}
