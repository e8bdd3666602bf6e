// For readers that must answer without waiting on CouchDB (rating's Update-Callee-ID on every
// rate_resp): which accounts ask for the rate to be shown to the callee (`caller_id_options.show_rate`),
// kept in memory from the `accounts` db and its `_changes`.
import { type Couch, DocMirror, GLOBAL_DBS } from '@tollgate/kazoo-db';

function showsRate(doc: Record<string, unknown>): true | undefined {
  const opts = doc.caller_id_options;
  if (!opts || typeof opts !== 'object') return undefined;
  return (opts as Record<string, unknown>).show_rate === true ? true : undefined;
}

export class ShowRateFollower {
  private readonly mirror: DocMirror<true>;

  constructor(couch: Couch) {
    this.mirror = new DocMirror({ couch, db: GLOBAL_DBS.accounts, project: showsRate });
  }

  start(): Promise<void> {
    return this.mirror.start();
  }

  stop(): Promise<void> {
    return this.mirror.stop();
  }

  /** Whether the account's rate is shown to the callee, from memory. */
  showsRate(accountId: string): boolean {
    return this.mirror.get(accountId) === true;
  }
}
