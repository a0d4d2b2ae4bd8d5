import { inflateRaw, inflateRawSync } from "#platform";
import { encodeFrame, FLAG_DEFLATE, type Frame, FrameError } from "./header.ts";
import { im } from "./proto.ts";

export const Cmd = im.Cmd;
export type Cmd = im.Cmd;
export const ErrorCode = im.ErrorCode;
export type ErrorCode = im.ErrorCode;

/** The body message type of every command. */
export interface CmdBodies {
  [im.Cmd.HEARTBEAT_REQ]: im.IHeartbeatReq;
  [im.Cmd.HEARTBEAT_RESP]: im.IHeartbeatResp;
  [im.Cmd.AUTH_REQ]: im.IAuthReq;
  [im.Cmd.AUTH_RESP]: im.IAuthResp;
  [im.Cmd.LOGOUT_REQ]: im.ILogoutReq;
  [im.Cmd.LOGOUT_RESP]: im.ILogoutResp;
  [im.Cmd.KICKOUT]: im.IKickout;
  [im.Cmd.CTRL]: im.ICtrl;
  [im.Cmd.ERROR]: im.IErrorBody;
  [im.Cmd.C2C_SEND_REQ]: im.IC2CSendReq;
  [im.Cmd.C2C_SEND_ACK]: im.ISendAck;
  [im.Cmd.MSG_PUSH]: im.IMsgPush;
  [im.Cmd.MSG_PUSH_ACK]: im.IMsgPushAck;
  [im.Cmd.PULL_REQ]: im.IPullReq;
  [im.Cmd.PULL_RESP]: im.IPullResp;
  [im.Cmd.C2G_SEND_REQ]: im.IC2GSendReq;
  [im.Cmd.C2G_SEND_ACK]: im.ISendAck;
  [im.Cmd.C2S_SEND_REQ]: im.IC2SSendReq;
  [im.Cmd.C2S_SEND_ACK]: im.IC2SSendAck;
  [im.Cmd.GROUP_REQ]: im.IGroupReq;
  [im.Cmd.GROUP_RESP]: im.IGroupResp;
  [im.Cmd.CONV_LIST_REQ]: im.IConvListReq;
  [im.Cmd.CONV_LIST_RESP]: im.IConvListResp;
  [im.Cmd.CONV_READ_REQ]: im.IConvReadReq;
  [im.Cmd.CONV_READ_RESP]: im.IConvReadResp;
  [im.Cmd.CONV_SYNC]: im.IConvSync;
  [im.Cmd.READ_RECEIPT]: im.IReadReceipt;
  [im.Cmd.GROUP_READ_COUNT_REQ]: im.IGroupReadCountReq;
  [im.Cmd.GROUP_READ_COUNT_RESP]: im.IGroupReadCountResp;
  [im.Cmd.ORG_TREE_REQ]: im.IOrgTreeReq;
  [im.Cmd.ORG_TREE_RESP]: im.IOrgTreeResp;
}
export type KnownCmd = keyof CmdBodies;

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(reader: Uint8Array): T;
}

const codecs: { [C in KnownCmd]: Codec<CmdBodies[C]> } = {
  [im.Cmd.HEARTBEAT_REQ]: im.HeartbeatReq,
  [im.Cmd.HEARTBEAT_RESP]: im.HeartbeatResp,
  [im.Cmd.AUTH_REQ]: im.AuthReq,
  [im.Cmd.AUTH_RESP]: im.AuthResp,
  [im.Cmd.LOGOUT_REQ]: im.LogoutReq,
  [im.Cmd.LOGOUT_RESP]: im.LogoutResp,
  [im.Cmd.KICKOUT]: im.Kickout,
  [im.Cmd.CTRL]: im.Ctrl,
  [im.Cmd.ERROR]: im.ErrorBody,
  [im.Cmd.C2C_SEND_REQ]: im.C2CSendReq,
  [im.Cmd.C2C_SEND_ACK]: im.SendAck,
  [im.Cmd.MSG_PUSH]: im.MsgPush,
  [im.Cmd.MSG_PUSH_ACK]: im.MsgPushAck,
  [im.Cmd.PULL_REQ]: im.PullReq,
  [im.Cmd.PULL_RESP]: im.PullResp,
  [im.Cmd.C2G_SEND_REQ]: im.C2GSendReq,
  [im.Cmd.C2G_SEND_ACK]: im.SendAck,
  [im.Cmd.C2S_SEND_REQ]: im.C2SSendReq,
  [im.Cmd.C2S_SEND_ACK]: im.C2SSendAck,
  [im.Cmd.GROUP_REQ]: im.GroupReq,
  [im.Cmd.GROUP_RESP]: im.GroupResp,
  [im.Cmd.CONV_LIST_REQ]: im.ConvListReq,
  [im.Cmd.CONV_LIST_RESP]: im.ConvListResp,
  [im.Cmd.CONV_READ_REQ]: im.ConvReadReq,
  [im.Cmd.CONV_READ_RESP]: im.ConvReadResp,
  [im.Cmd.CONV_SYNC]: im.ConvSync,
  [im.Cmd.READ_RECEIPT]: im.ReadReceipt,
  [im.Cmd.GROUP_READ_COUNT_REQ]: im.GroupReadCountReq,
  [im.Cmd.GROUP_READ_COUNT_RESP]: im.GroupReadCountResp,
  [im.Cmd.ORG_TREE_REQ]: im.OrgTreeReq,
  [im.Cmd.ORG_TREE_RESP]: im.OrgTreeResp,
};

export function isKnownCmd(cmd: number): cmd is KnownCmd {
  return Object.hasOwn(codecs, cmd);
}

export function encodeBody<C extends KnownCmd>(cmd: C, body: CmdBodies[C]): Uint8Array {
  return codecs[cmd].encode(body).finish();
}

/** Encodes a whole frame: header + protobuf body. */
export function encodeMessage<C extends KnownCmd>(cmd: C, seq: number, body: CmdBodies[C], status = 0): Uint8Array {
  return encodeFrame(cmd, seq, encodeBody(cmd, body), status);
}

export function encodeError(seq: number, code: ErrorCode, message: string, retryAfterMs = 0): Uint8Array {
  return encodeMessage(im.Cmd.ERROR, seq, { code, message, retryAfterMs }, code);
}

/**
 * Decodes a frame's body by its cmd. Throws FrameError UNKNOWN_CMD or
 * BAD_BODY; both leave the stream in sync, so a server may keep the connection.
 */
export function decodeBody<C extends KnownCmd>(frame: Frame & { cmd: C }, maxBody: number): CmdBodies[C];
export function decodeBody(frame: Frame, maxBody: number): CmdBodies[KnownCmd];
export function decodeBody(frame: Frame, maxBody: number): unknown {
  if (!isKnownCmd(frame.cmd)) throw new FrameError(im.ErrorCode.UNKNOWN_CMD, `unknown cmd ${frame.cmd}`);
  let body = frame.body;
  if (frame.flags & FLAG_DEFLATE) {
    try {
      body = inflateRawSync(body, maxBody);
    } catch {
      throw new FrameError(im.ErrorCode.BAD_BODY, "compressed body does not inflate within the size limit");
    }
  }
  try {
    return codecs[frame.cmd].decode(body);
  } catch (err) {
    throw new FrameError(im.ErrorCode.BAD_BODY, `cannot decode ${im.Cmd[frame.cmd]} body: ${(err as Error).message}`);
  }
}

/**
 * The frame with its body inflated and FLAG_DEFLATE cleared (the frame itself
 * when it is not compressed). Browsers can inflate only asynchronously, so
 * clients run every received frame through this before decodeBody.
 */
export async function inflateFrame(frame: Frame, maxBody: number): Promise<Frame> {
  if (!(frame.flags & FLAG_DEFLATE)) return frame;
  try {
    return { ...frame, flags: frame.flags & ~FLAG_DEFLATE, body: await inflateRaw(frame.body, maxBody) };
  } catch {
    throw new FrameError(im.ErrorCode.BAD_BODY, "compressed body does not inflate within the size limit");
  }
}
