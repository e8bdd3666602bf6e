// Announces the calls this instance let through to the other instances: gathered for ANNOUNCE_MS
// (or ANNOUNCE_MAX calls) into one `authz.calls` message on callmgr, instead of Kazoo's one
// broadcast per call — every instance consumes every announcement, so one message per call would
// cost each of them a delivery per call platform-wide.
import { AUTHZ_CALLS_ROUTING_KEY, AUTHZ_EXCHANGE, authzCalls, type Bus, type KazooMessage } from '@tollgate/kazoo-bus';
import { createLogger } from '@tollgate/log';

const log = createLogger('charging');

export const ANNOUNCE_MS = 5;
export const ANNOUNCE_MAX = 500;

export class CallsAnnouncer {
  private pending: KazooMessage[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

  constructor(private readonly bus: Bus) {}

  /** One call's authz_resp headers (without the envelope). */
  add(call: KazooMessage): void {
    this.pending.push(call);
    if (this.pending.length >= ANNOUNCE_MAX) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), ANNOUNCE_MS);
  }

  /** Sends what is gathered now; resolves once everything asked so far is handed to the bus. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length > 0) {
      const calls = this.pending;
      this.pending = [];
      const msg = authzCalls.build({ Calls: calls }, this.bus.envelope());
      this.sending = this.sending
        .then(() => this.bus.publish(AUTHZ_EXCHANGE, AUTHZ_CALLS_ROUTING_KEY, msg))
        .catch((err: unknown) => {
          log.warn('running calls not announced to the other instances', { calls: calls.length, error: (err as Error).message });
        });
    }
    return this.sending;
  }
}
