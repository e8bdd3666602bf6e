// knm_number_crawler: what happens to numbers over time, per system_config number_manager.
// Aging numbers become `released_state` after aging_expiry_d; deleted, disconnected and
// discovery docs are purged after their expiry; held numbers whose account copy is missing or
// stale get it rewritten. (Kazoo's crawler compares the other way round and purges numbers that
// have NOT expired; here the expiry is what it says.)
import { type Couch, gregorianNow, isConflict, isDbMissing } from '@tollgate/kazoo-db';
import { createLogger } from '@tollgate/log';
import type { DocWriter } from '@tollgate/service-kit';
import type { NumbersSettings } from '../config';
import { isNumberDoc, type NumberDoc } from '../domain/number-doc';
import { ensureAccountCopy, syncAccountCopies } from './account-copies';

const DAY = 86400;
const PAGE = 500;

export interface CrawlReport {
  aged: string[];
  purged: string[];
  /** Held numbers whose account copy was missing or stale and was rewritten. */
  repaired: string[];
  /** Numbers the crawl could not handle this time (logged; the next crawl tries again). */
  failed: { number: string; error: string }[];
}

const log = createLogger('numbers.crawl');

/** The number docs of a numbers db, a page at a time; none when the db was deleted meanwhile. */
async function* numberDocsOf(couch: Couch, db: string): AsyncGenerator<NumberDoc[]> {
  try {
    for await (const page of couch.docPages<NumberDoc>(db, { pageSize: PAGE })) yield page.filter(isNumberDoc);
  } catch (err) {
    // Deleted between the listing of dbs and this read: nothing left to crawl in it.
    if (!isDbMissing(err)) throw err;
  }
}

type Outcome = 'aged' | 'purged' | 'repaired' | undefined;

/** Days after which a doc in this state is purged; undefined for states that are kept. */
function purgeAfterDays(settings: NumbersSettings, state: string): number | undefined {
  if (state === 'deleted' || state === 'disconnected' || state === 'discovery') return settings.expiryDays[state];
  return undefined;
}

/** What the crawl does to one number doc, if anything. */
async function crawlDoc(writer: DocWriter, settings: NumbersSettings, db: string, doc: NumberDoc, now: number): Promise<Outcome> {
  const age = now - (doc.pvt_modified ?? doc.pvt_created ?? now);
  if (doc.pvt_state === 'aging' && age >= settings.expiryDays.aging * DAY) {
    const saved = await writer.put(db, { ...doc, pvt_state: settings.release.releasedState, pvt_modified: now });
    await syncAccountCopies(writer, doc, saved);
    return 'aged';
  }
  if (await ensureAccountCopy(writer, doc)) return 'repaired';
  const expiry = purgeAfterDays(settings, doc.pvt_state);
  if (expiry !== undefined && age >= expiry * DAY && doc._rev) {
    await writer.removeRevision(db, { ...doc, _rev: doc._rev });
    return 'purged';
  }
  return undefined;
}

export async function crawlNumbers(writer: DocWriter, settings: NumbersSettings, now = gregorianNow()): Promise<CrawlReport> {
  const report: CrawlReport = { aged: [], purged: [], repaired: [], failed: [] };
  for (const db of await writer.couch.listDbs('numbers/')) {
    for await (const page of numberDocsOf(writer.couch, db)) {
      for (const doc of page) {
        try {
          const outcome = await crawlDoc(writer, settings, db, doc, now);
          if (outcome) report[outcome].push(doc._id);
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
  }
  return report;
}
