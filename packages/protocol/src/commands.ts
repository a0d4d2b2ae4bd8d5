import { Cmd, type CmdBodies } from "./codec.ts";

/**
 * Each request command and the command that answers it (else ERROR with the
 * same header seq). Declared once: the server's handler registry and the SDK's
 * request correlation both read it.
 */
export const RESPONSE_OF = {
  [Cmd.HEARTBEAT_REQ]: Cmd.HEARTBEAT_RESP,
  [Cmd.AUTH_REQ]: Cmd.AUTH_RESP,
  [Cmd.LOGOUT_REQ]: Cmd.LOGOUT_RESP,
  [Cmd.C2C_SEND_REQ]: Cmd.C2C_SEND_ACK,
  [Cmd.PULL_REQ]: Cmd.PULL_RESP,
  [Cmd.C2G_SEND_REQ]: Cmd.C2G_SEND_ACK,
  [Cmd.C2S_SEND_REQ]: Cmd.C2S_SEND_ACK,
  [Cmd.GROUP_REQ]: Cmd.GROUP_RESP,
  [Cmd.CONV_LIST_REQ]: Cmd.CONV_LIST_RESP,
  [Cmd.CONV_READ_REQ]: Cmd.CONV_READ_RESP,
  [Cmd.GROUP_READ_COUNT_REQ]: Cmd.GROUP_READ_COUNT_RESP,
  [Cmd.ORG_TREE_REQ]: Cmd.ORG_TREE_RESP,
} as const;

/** A command a client sends and the server answers. */
export type RequestCmd = keyof typeof RESPONSE_OF;
/** The body type of the answer to request `C`. */
export type ResponseBody<C extends RequestCmd> = CmdBodies[(typeof RESPONSE_OF)[C]];

/** Client commands that have no answer. */
export const ONE_WAY_CMDS = [Cmd.MSG_PUSH_ACK] as const;
