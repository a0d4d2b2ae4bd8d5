"use client";

import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { data } from "../api/client.ts";
import { keys } from "../api/keys.ts";
import { useApi } from "../api/provider.tsx";

export type OperatorRole = "admin" | "viewer";

export function useOperators() {
  const api = useApi();
  return useQuery({
    queryKey: keys.operators.list(),
    queryFn: async () => data(await api.client.GET("/admin/operators")),
  });
}

/** Operator writes refresh the list and the audit log, which records each of them. */
function useInvalidateOperators() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: keys.operators.all });
    void queryClient.invalidateQueries({ queryKey: keys.audit.all });
  };
}

export function useCreateOperator() {
  const api = useApi();
  const invalidate = useInvalidateOperators();
  return useMutation({
    mutationFn: async (body: { username: string; role: OperatorRole; password: string }) =>
      data(await api.client.POST("/admin/operators", { body })),
    onSuccess: (operator) => {
      notifications.show({
        color: "green",
        title: "Operator created",
        message: `${operator.username} can sign in now`,
      });
      invalidate();
    },
    // The create form shows the error beside its fields.
    meta: { silent: true },
  });
}

export function useUpdateOperator() {
  const api = useApi();
  const invalidate = useInvalidateOperators();
  return useMutation({
    mutationFn: async ({ id, ...body }: { id: string; role?: OperatorRole; disabled?: boolean }) =>
      data(await api.client.PATCH("/admin/operators/{id}", { params: { path: { id } }, body })),
    onSuccess: (operator, change) => {
      const what =
        change.disabled === true
          ? "disabled; their sessions ended"
          : change.disabled === false
            ? "enabled"
            : `is now ${operator.role}`;
      notifications.show({ color: "green", title: "Operator changed", message: `${operator.username} ${what}` });
      invalidate();
    },
  });
}

export function useResetOperatorPassword() {
  const api = useApi();
  const invalidate = useInvalidateOperators();
  return useMutation({
    mutationFn: async ({ id, password }: { id: string; username: string; password: string }) =>
      data(await api.client.POST("/admin/operators/{id}/password", { params: { path: { id } }, body: { password } })),
    onSuccess: (result, { username }) => {
      notifications.show({
        color: "green",
        title: "Password reset",
        message: `${username} signs in with the new password (${result.sessionsEnded} session(s) ended)`,
      });
      invalidate();
    },
    meta: { silent: true },
  });
}

/** The signed-in operator's own password; their other sessions end. */
export function useChangeOwnPassword() {
  const api = useApi();
  const invalidate = useInvalidateOperators();
  return useMutation({
    mutationFn: async (body: { currentPassword: string; newPassword: string }) =>
      data(await api.client.POST("/admin/me/password", { body })),
    onSuccess: (result) => {
      notifications.show({
        color: "green",
        title: "Password changed",
        message:
          result.sessionsEnded > 0
            ? `Your ${result.sessionsEnded} other session(s) were signed out`
            : "Use it the next time you sign in",
      });
      invalidate();
    },
    meta: { silent: true },
  });
}
