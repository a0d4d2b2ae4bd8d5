"use client";

import { Button, type ButtonProps, Group, Modal, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";

/**
 * A destructive action behind a confirmation dialog: the button opens the
 * dialog, which says what will happen and runs `onConfirm` only when confirmed.
 */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  loading,
  color = "red",
  ...button
}: Omit<ButtonProps, "onClick"> & {
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  loading?: boolean;
  "aria-label"?: string;
}) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button color={color} variant="light" size="xs" {...button} onClick={open}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title} closeButtonProps={{ "aria-label": "Close" }} centered>
        <Text size="sm">{message}</Text>
        <Group justify="flex-end" mt="lg" gap="xs">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            color={color}
            loading={loading}
            onClick={async () => {
              try {
                await onConfirm();
                close();
              } catch {
                // The mutation's error notification says what failed; the dialog stays for another try.
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
