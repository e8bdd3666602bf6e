// Requests waiting for their reply on this bus's Server-ID queue, keyed by Msg-ID (kz_amqp_worker).
import { BusError } from './bus-error';
import type { KazooMessage } from './types';

interface Pending {
  resolve: (reply: KazooMessage) => void;
  reject: (err: Error) => void;
  accept: ((reply: KazooMessage) => boolean) | undefined;
  timer: NodeJS.Timeout;
}

export class PendingRpcs {
  private readonly byMsgId = new Map<string, Pending>();

  /** Registers the wait; the caller publishes the request afterwards (or calls `forget` if it cannot). */
  wait(
    msgId: string,
    timeoutMs: number,
    accept: ((reply: KazooMessage) => boolean) | undefined,
    target: string,
  ): Promise<KazooMessage> {
    if (this.byMsgId.has(msgId)) {
      return Promise.reject(new BusError('invalid_message', `an rpc with Msg-ID ${msgId} is already waiting`));
    }
    return new Promise<KazooMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.byMsgId.delete(msgId);
        reject(new BusError('timeout', `no reply to ${target} within ${timeoutMs} ms (Msg-ID ${msgId})`));
      }, timeoutMs);
      this.byMsgId.set(msgId, { resolve, reject, accept, timer });
    });
  }

  forget(msgId: string, err: Error): void {
    const pending = this.byMsgId.get(msgId);
    if (!pending) return;
    this.byMsgId.delete(msgId);
    clearTimeout(pending.timer);
    pending.reject(err);
  }

  /** Hands a message from the reply queue to its waiter; false when nobody waits for it. */
  settle(reply: KazooMessage): boolean {
    const msgId = reply['Msg-ID'];
    if (typeof msgId !== 'string') return false;
    const pending = this.byMsgId.get(msgId);
    if (!pending) return false;
    if (pending.accept) {
      let accepted: boolean;
      try {
        accepted = pending.accept(reply);
      } catch (err) {
        this.forget(msgId, err instanceof Error ? err : new Error(String(err)));
        return true;
      }
      if (!accepted) return false;
    }
    this.byMsgId.delete(msgId);
    clearTimeout(pending.timer);
    pending.resolve(reply);
    return true;
  }

  rejectAll(err: Error): void {
    for (const msgId of [...this.byMsgId.keys()]) this.forget(msgId, err);
  }
}
