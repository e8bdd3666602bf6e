// What the services verbs run with: the platform's CouchDB and system_config, the services store
// and the bookkeepers, the same objects services-sync uses.
import { nodeName } from '@tollgate/config';
import { findMasterAccountId } from '@tollgate/accounts';
import { numberManagerSource } from '@tollgate/numbers';
import { BookkeeperSelector, ServicesStore, type SyncDeps } from '@tollgate/services';
import { connectConfig } from '../../platform/connect';
import { asCliError } from '../accounts/connect-accounts';

export async function withServices<T>(work: (deps: SyncDeps) => Promise<T>): Promise<T> {
  const { couch, config } = await connectConfig();
  const store = await ServicesStore.open({ couch, config, numbers: numberManagerSource(couch, config), masterId: () => findMasterAccountId({ couch, config }) });
  const bookkeepers = new BookkeeperSelector({ store });
  try {
    return await work({ store, bookkeepers, node: nodeName('tollgate-cli') });
  } catch (err) {
    throw asCliError(err);
  } finally {
    store.close();
  }
}

export function describeOutcome(o: { account: string; result: string; [k: string]: unknown }): string {
  switch (o.result) {
    case 'synced':
      return `account ${o.account} synced with ${o.bookkeeper} (${o.status})`;
    case 'no_plans':
      return `account ${o.account} has no service plans: nothing to bill`;
    case 'followed_billing_id':
      return `account ${o.account} is billed to ${o.billingId}`;
    case 'cancelled':
      return `account ${o.account} is deleted: its billing with ${o.bookkeeper} was cancelled`;
    case 'busy':
      return `account ${o.account} is being synced by another worker right now`;
    case 'missing':
      return `account ${o.account} has no services doc`;
    default:
      return `account ${o.account} failed to sync: ${o.reason}`;
  }
}
