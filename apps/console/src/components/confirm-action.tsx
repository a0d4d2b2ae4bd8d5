"use client";

import { Button, type ButtonProps, Group, Modal, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";

/**
 * A button for a destructive action: it asks first, in a modal that names
 * what will happen, and runs `onConfirm` only on the explicit second click.
 */
export function ConfirmAction({
  label,
  title,
  message,
  confirmLabel,
  onConfirm,
  loading,
  color = "red",
  ariaLabel,
  ...button
}: {
  label: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown> | undefined;
  loading?: boolean;
  ariaLabel?: string;
} & Omit<ButtonProps, "children" | "onClick">) {
  const [opened, { open, close }] = useDisclosure(false);
  // White on the theme's filled shade of red (7) is under WCAG AA's 4.5:1; shade 9 is above it.
  const filled = typeof color === "string" && /^[a-z]+$/.test(color) ? `${color}.9` : color;
  return (
    <>
      <Button color={color} variant="light" {...button} onClick={open} aria-label={ariaLabel}>
        {label}
      </Button>
      <Modal closeButtonProps={{ "aria-label": "Close" }} opened={opened} onClose={close} title={title} centered>
        <Text size="sm">{message}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color={filled}
            loading={loading}
            onClick={async () => {
              try {
                await onConfirm();
                close();
              } catch {
                // The mutation cache shows the failure; the dialog stays for another try.
              }
            }}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
