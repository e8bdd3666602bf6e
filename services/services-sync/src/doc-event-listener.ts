// Kazoo document events (configuration exchange) that change what an account is billed for:
// its users, devices, limits, numbers, branding, its own creation or deletion, and edits of a
// service plan (every account using the plan). Bursts are coalesced per account. A number change
// marks its holder dirty (its quiet period starts again) besides the recount, as Kazoo's number
// manager did: the number manager does not write services docs.
import { type Bus, type Consumer, docBindingKey } from '@tollgate/kazoo-bus';
import { parseAccountRef, decodeDbName } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import type { ServicesStore } from '@tollgate/services';

/** One instance of services-sync handles each document event. */
export const DOC_EVENTS_QUEUE = 'services_sync_doc_events';

const log = createLogger('services-sync');

export const COUNTED_TYPES = ['user', 'device', 'limits', 'number', 'whitelabel', 'account', 'service_plan'] as const;

export class DocEventListener {
  private consumer: Consumer | undefined;
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; markDirty: boolean }>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly bus: Bus,
    private readonly store: ServicesStore,
    private readonly debounceMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.consumer = await this.bus.consume(
      {
        queue: DOC_EVENTS_QUEUE,
        bindings: COUNTED_TYPES.map((type) => ({ exchange: 'configuration', routingKey: docBindingKey({ type }) })),
      },
      (msg) => this.onEvent(msg),
    );
  }

  async stop(): Promise<void> {
    await this.consumer?.cancel();
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(p: Promise<T>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
  }

  private async onEvent(msg: Record<string, unknown>): Promise<void> {
    const type = String(msg.Type ?? '');
    const id = String(msg.ID ?? '');
    const db = decodeDbName(String(msg.Database ?? ''));
    if (type === 'service_plan') {
      for (const account of await this.store.accountsWithPlan(id)) this.reconcileSoon(account);
      return;
    }
    const accountId = type === 'account' ? id : (typeof msg['Account-ID'] === 'string' ? msg['Account-ID'] : parseAccountRef(db)?.accountId);
    if (!accountId) return;
    if (type === 'account' && msg['Event-Name'] === 'doc_deleted') {
      await this.store.markDirty(accountId);
      return;
    }
    this.reconcileSoon(accountId, { markDirty: type === 'number' });
  }

  /** Reconciles once the account's burst of events has settled (marking it dirty if any event asked to). */
  reconcileSoon(accountId: string, opts: { markDirty?: boolean } = {}): void {
    const existing = this.pending.get(accountId);
    if (existing) clearTimeout(existing.timer);
    const markDirty = opts.markDirty === true || existing?.markDirty === true;
    const timer = setTimeout(() => {
      this.pending.delete(accountId);
      this.track(
        this.store
          .reconcile(accountId, { markDirty })
          .catch((err) => log.warn('reconcile after a document event failed', { account: accountId, error: (err as Error).message })),
      );
    }, this.debounceMs);
    this.pending.set(accountId, { timer, markDirty });
  }
}
