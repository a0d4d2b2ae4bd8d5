import type { InboxMessage, PushProvider, TimerWheel } from "@im/core";

/**
 * Hands a receiver's message to the push provider when no device of the
 * receiver acknowledges it in time (or at once when the receiver is offline).
 */
export class UndeliveredTracker {
  private readonly pending = new Map<string, Map<number, { cancel(): void }>>();

  constructor(
    private readonly wheel: TimerWheel,
    private readonly push: PushProvider,
    private readonly timeoutMs: number,
    private readonly onNotify: (uid: string, message: InboxMessage) => void,
  ) {}

  track(uid: string, message: InboxMessage, online: boolean): void {
    if (!online) {
      this.notify(uid, message);
      return;
    }
    let byUser = this.pending.get(uid);
    if (!byUser) {
      byUser = new Map();
      this.pending.set(uid, byUser);
    }
    const timer = this.wheel.schedule(this.timeoutMs, () => {
      this.forget(uid, message.seq);
      this.notify(uid, message);
    });
    byUser.get(message.seq)?.cancel();
    byUser.set(message.seq, timer);
  }

  acked(uid: string, seqs: readonly number[]): void {
    const byUser = this.pending.get(uid);
    if (!byUser) return;
    for (const seq of seqs) {
      byUser.get(seq)?.cancel();
      byUser.delete(seq);
    }
    if (byUser.size === 0) this.pending.delete(uid);
  }

  ackedUpTo(uid: string, seq: number): void {
    const byUser = this.pending.get(uid);
    if (!byUser) return;
    for (const [s, timer] of byUser) {
      if (s > seq) continue;
      timer.cancel();
      byUser.delete(s);
    }
    if (byUser.size === 0) this.pending.delete(uid);
  }

  get size(): number {
    let n = 0;
    for (const m of this.pending.values()) n += m.size;
    return n;
  }

  private forget(uid: string, seq: number): void {
    const byUser = this.pending.get(uid);
    byUser?.delete(seq);
    if (byUser?.size === 0) this.pending.delete(uid);
  }

  private notify(uid: string, message: InboxMessage): void {
    this.onNotify(uid, message);
    this.push.notify({ uid, message });
  }
}
