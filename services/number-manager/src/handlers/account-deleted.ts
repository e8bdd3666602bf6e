// Account deletion (kapi_conf doc_deleted, type account, on `configuration`): the numbers the
// account holds are released by the system, by the rules in system_config number_manager.
import type { KazooMessage } from '@tollgate/kazoo-bus';
import { isAccountId } from '@tollgate/kazoo-db';
import type { Logger } from '@tollgate/log';
import type { NumberManager } from '@tollgate/numbers';
import type { NumberManagerMetrics } from '../metrics';

/** Soft deletes arrive as doc_edited with Is-Soft-Deleted, or as doc_deleted. */
export function deletedAccountId(msg: KazooMessage): string | undefined {
  const deleted = msg['Event-Name'] === 'doc_deleted' || msg['Is-Soft-Deleted'] === true;
  const id = typeof msg.ID === 'string' ? msg.ID : undefined;
  return deleted && msg.Type === 'account' && isAccountId(id) ? id : undefined;
}

export async function onAccountDeleted(deps: { nm: NumberManager; log: Logger; metrics: NumberManagerMetrics }, msg: KazooMessage): Promise<void> {
  const accountId = deletedAccountId(msg);
  if (!accountId) return;
  const { released, failed } = await deps.nm.releaseAccountNumbers(accountId);
  deps.metrics.released(released.length, Object.keys(failed).length);
  if (released.length > 0 || Object.keys(failed).length > 0) {
    deps.log.info('released the numbers of a deleted account', { account_id: accountId, released: released.length, failed });
  }
}
