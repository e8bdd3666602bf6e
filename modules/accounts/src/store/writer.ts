// Every write of the accounts module goes through a DocWriter, so each one publishes Kazoo's
// document event (doc_created / doc_edited / doc_deleted on `configuration`).
import { DocWriter } from '@tollgate/service-kit';
import type { AccountsDeps } from '../deps';

export type WriteDeps = Pick<AccountsDeps, 'couch' | 'bus'> & Partial<Pick<AccountsDeps, 'config'>>;

export function docWriter(deps: WriteDeps): DocWriter {
  return new DocWriter({ couch: deps.couch, bus: deps.bus, config: deps.config });
}
