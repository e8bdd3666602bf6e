// knm_number_crawler: what happens to numbers over time, per system_config number_manager.
// Aging numbers become `released_state` after aging_expiry_d; deleted, disconnected and
// discovery docs are purged after their expiry. (Kazoo's crawler compares the other way round
// and purges numbers that have NOT expired; here the expiry is what it says.)
import type { SystemConfig } from '@tollgate/config';
import type { Bus } from '@tollgate/kazoo-bus';
import { type Couch, type Doc, gregorianNow, isConflict, isDbMissing } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import { publishDocChange } from '@tollgate/service-kit';
import { NUMBER_MANAGER_CATEGORY as CAT } from './number-manager-config';
import type { NumberDoc } from './number-doc';
import { readReleaseSettings } from './number-settings';
import { afterNumberWrite, ensureAccountCopy } from './side-effects';

const DAY = 86400;

export interface CrawlReport {
  aged: string[];
  purged: string[];
  /** Held numbers whose account copy was missing or stale and was rewritten. */
  repaired: string[];
  /** Numbers the crawl could not handle this time (logged; the next crawl tries again). */
  failed: { number: string; error: string }[];
}

const log = createLogger('numbers.crawl');

async function numberDocsOf(couch: Couch, db: string): Promise<NumberDoc[]> {
  try {
    const res = (await couch.db(db).list({ include_docs: true })) as { rows: { id: string; doc?: Doc | null }[] };
    return res.rows.map((r) => r.doc as NumberDoc | undefined).filter((d): d is NumberDoc => d?.pvt_type === 'number');
  } catch (err) {
    // Deleted between the listing of dbs and this read: nothing left to crawl in it.
    if (isDbMissing(err)) return [];
    throw err;
  }
}

export async function crawlNumbers(deps: { couch: Couch; bus: Bus; config: SystemConfig }, now = gregorianNow()): Promise<CrawlReport> {
  const agingDays = await deps.config.getInteger(CAT, 'aging_expiry_d', 90);
  const expiry: Record<string, number> = {
    deleted: await deps.config.getInteger(CAT, 'deleted_expiry_d', 90),
    disconnected: await deps.config.getInteger(CAT, 'disconnected_expiry_d', 90),
    discovery: await deps.config.getInteger(CAT, 'discovery_expiry_d', 90),
  };
  const { releasedState } = await readReleaseSettings(deps.config);
  const report: CrawlReport = { aged: [], purged: [], repaired: [], failed: [] };
  for (const db of await deps.couch.listDbs('numbers/')) {
    for (const doc of await numberDocsOf(deps.couch, db)) {
      const age = now - (doc.pvt_modified ?? doc.pvt_created ?? now);
      try {
        if (doc.pvt_state === 'aging' && age >= agingDays * DAY) {
          const saved = (await deps.couch.put(db, { ...doc, pvt_state: releasedState, pvt_modified: now })) as NumberDoc;
          await afterNumberWrite(deps, doc, saved);
          report.aged.push(doc._id);
        } else if (await ensureAccountCopy(deps, doc)) {
          report.repaired.push(doc._id);
        } else if (doc.pvt_state in expiry && age >= expiry[doc.pvt_state] * DAY) {
          await deps.couch.db(db).destroy(doc._id, doc._rev as string);
          await publishDocChange(deps.bus, 'deleted', db, { ...doc, pvt_deleted: true });
          report.purged.push(doc._id);
        }
      } catch (err) {
        // Changed meanwhile (409) or its db deleted: the next crawl looks again. Anything else is
        // reported and logged, and the crawl goes on with the other numbers.
        if (isConflict(err) || isDbMissing(err)) continue;
        const error = err instanceof Error ? err.message : String(err);
        log.warn('crawl could not handle a number', { number: doc._id, error });
        report.failed.push({ number: doc._id, error });
      }
    }
  }
  return report;
}
