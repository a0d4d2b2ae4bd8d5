import {
  Cmd,
  type CmdBodies,
  encodeMessage,
  type ONE_WAY_CMDS,
  RESPONSE_OF,
  type RequestCmd,
  type ResponseBody,
} from "@im/protocol";
import type { Connection } from "./connection.ts";
import type { AuthFlow } from "./flows/auth.ts";
import { type BusinessDeps, sendToBusiness } from "./flows/business.ts";
import type { ChatFlow } from "./flows/chat.ts";
import {
  handleConvList,
  handleGroupReadCount,
  handleGroupReq,
  handleOrgTree,
  type MarkReadDeps,
  markRead,
  type SocialDeps,
} from "./flows/social.ts";
import { pull, type SyncDeps } from "./flows/sync.ts";
import type { Replies } from "./replies.ts";

/** Every command a client may send: the requests of RESPONSE_OF and the one-way commands. */
export type ClientCmd = RequestCmd | (typeof ONE_WAY_CMDS)[number];

/** Runs one decoded client frame; throws (synchronously) or answers on its own. */
export type Handler<C extends ClientCmd = ClientCmd> = (conn: Connection, seq: number, body: CmdBodies[C]) => void;

export interface FlowSet {
  auth: AuthFlow;
  chat: ChatFlow;
  sync: SyncDeps;
  business: BusinessDeps;
  social: SocialDeps & MarkReadDeps;
  replies: Replies;
}

/**
 * The command registry: one handler per client command, keyed by the
 * generated Cmd enum. A command missing here is answered UNKNOWN_CMD; the
 * type requires a handler for every request of RESPONSE_OF.
 */
export function createHandlers(f: FlowSet): ReadonlyMap<number, Handler> {
  const replies = f.replies;
  /** A handler whose result is the answer RESPONSE_OF names (sent when it resolves). */
  function answers<C extends RequestCmd>(
    cmd: C,
    run: (conn: Connection, body: CmdBodies[C]) => ResponseBody<C> | Promise<ResponseBody<C>>,
  ): Handler<C> {
    const respCmd = RESPONSE_OF[cmd];
    return (conn, seq, body) => {
      const result = run(conn, body);
      if (result instanceof Promise) replies.answer(conn, seq, respCmd, result);
      else conn.send(encodeMessage(respCmd, seq, result as CmdBodies[typeof respCmd]));
    };
  }
  const table: { [C in ClientCmd]: Handler<C> } = {
    [Cmd.HEARTBEAT_REQ]: answers(Cmd.HEARTBEAT_REQ, () => ({ serverTime: Date.now() })),
    // Login answers itself: AUTH_RESP must go out before the pushes held meanwhile.
    [Cmd.AUTH_REQ]: (conn, seq, body) =>
      void f.auth.login(conn, seq, body).catch((err) => replies.fail(conn, seq, err)),
    [Cmd.LOGOUT_REQ]: (conn, seq) => f.auth.logout(conn, seq),
    // Sends answer themselves: their acks follow the durable commit, in arrival order per connection.
    [Cmd.C2C_SEND_REQ]: (conn, seq, body) => f.chat.sendC2C(conn, seq, body),
    [Cmd.C2G_SEND_REQ]: (conn, seq, body) => f.chat.sendGroup(conn, seq, body),
    [Cmd.MSG_PUSH_ACK]: (conn, _seq, body) => f.chat.pushAck(conn, body),
    [Cmd.PULL_REQ]: answers(Cmd.PULL_REQ, (conn, body) => pull(f.sync, conn, body)),
    [Cmd.C2S_SEND_REQ]: answers(Cmd.C2S_SEND_REQ, (conn, body) => sendToBusiness(f.business, conn, body)),
    [Cmd.GROUP_REQ]: answers(Cmd.GROUP_REQ, (conn, body) => handleGroupReq(f.social, conn.session!.uid, body)),
    [Cmd.CONV_LIST_REQ]: answers(Cmd.CONV_LIST_REQ, (conn, body) => handleConvList(f.social, conn.session!.uid, body)),
    [Cmd.CONV_READ_REQ]: answers(Cmd.CONV_READ_REQ, (conn, body) => markRead(f.social, conn, body)),
    [Cmd.GROUP_READ_COUNT_REQ]: answers(Cmd.GROUP_READ_COUNT_REQ, (conn, body) =>
      handleGroupReadCount(f.social, conn.session!.uid, body),
    ),
    [Cmd.ORG_TREE_REQ]: answers(Cmd.ORG_TREE_REQ, (_conn, body) => handleOrgTree(f.social, body)),
  };
  return new Map(Object.entries(table).map(([cmd, handler]) => [Number(cmd), handler as Handler]));
}
