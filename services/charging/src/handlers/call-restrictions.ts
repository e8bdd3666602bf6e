// Which classifications an account may call (Kazoo's call_restriction, with NGNPro's pstn_access
// from @tollgate/accounts on top: without it every PSTN classification is denied). Kazoo leaves
// call_restriction to callflow and stepswitch; here authorization refuses an outbound call to a
// denied classification too, so a switch that skips callflow cannot place it. Kept per account and
// dropped on any `account` doc event (a reseller's pstn_access decides its customers' too), and
// after KEPT_MS at most.
import { type CallRestriction, callRestrictionOf } from '@tollgate/accounts';
import type { SystemConfig } from '@tollgate/config';
import type { Couch } from '@tollgate/kazoo-db';
import { classifierFor, numbersSettings } from '@tollgate/numbers';

const KEPT_MS = 5 * 60 * 1000;

export interface CallRestrictionsDeps {
  couch: Couch;
  config: SystemConfig;
  now?: () => number;
}

export class CallRestrictions {
  private readonly entries = new Map<string, { restriction: Promise<CallRestriction>; at: number }>();
  private readonly now: () => number;

  constructor(private readonly deps: CallRestrictionsDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The classification of `number` when the account may not call it, else undefined. */
  async deniedClassification(accountId: string, number: string): Promise<string | undefined> {
    if (number === '') return undefined;
    const { classifiers } = (await numbersSettings(this.deps.config)).current;
    const classifier = classifierFor(number, classifiers);
    if (!classifier) return undefined;
    const restriction = await this.of(accountId, classifiers);
    return restriction[classifier.name]?.action === 'deny' ? classifier.name : undefined;
  }

  /** An account doc changed somewhere: everything is read again. */
  invalidateAll(): void {
    this.entries.clear();
  }

  private of(accountId: string, classifiers: Parameters<typeof callRestrictionOf>[2]): Promise<CallRestriction> {
    const entry = this.entries.get(accountId);
    if (entry && this.now() - entry.at < KEPT_MS) return entry.restriction;
    const restriction = callRestrictionOf(this.deps, accountId, classifiers);
    const fresh = { restriction, at: this.now() };
    this.entries.set(accountId, fresh);
    restriction.catch(() => {
      if (this.entries.get(accountId) === fresh) this.entries.delete(accountId);
    });
    return restriction;
  }
}
