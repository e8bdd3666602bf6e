// Follows the `services` db: a services doc whose `plans` were edited by hand (seed 000 edits
// services/<account> in Fauxton) or written by another service no longer matches its plans
// fingerprint, and is reconciled (effective ratedeck, plan errors, dirty). Our own writes keep the
// fingerprint in step, so they cause no further work.
import { ChangesFollower, GLOBAL_DBS } from '@tollgate/kazoo-db';
import { plansFingerprint, type ServicesDoc } from '@tollgate/services';

export class ServicesFollower {
  private follower: ChangesFollower | undefined;

  constructor(
    private readonly couchUrl: string,
    private readonly onPlansChanged: (accountId: string) => void,
    private readonly db: string = GLOBAL_DBS.services,
  ) {}

  async start(): Promise<void> {
    this.follower = new ChangesFollower({
      couchUrl: this.couchUrl,
      db: this.db,
      since: 'now',
      includeDocs: true,
      onChanges: (changes) => {
        for (const c of changes) {
          const doc = c.doc as ServicesDoc | undefined;
          if (!doc || c.deleted || c.id.startsWith('_design/') || doc.pvt_type !== 'service') continue;
          if (doc.pvt_plans_fingerprint !== plansFingerprint(doc.plans)) this.onPlansChanged(c.id);
        }
      },
    }).start();
    await this.follower.waitCaughtUp();
  }

  async stop(): Promise<void> {
    await this.follower?.stop();
  }
}
