// A Couch client for tests: uniquely named dbs, and cleanup of every db a test made.
import { Couch, isConflict } from '@tollgate/kazoo-db';
import { randomHex } from './random-hex';
import { couchUrl } from './test-urls';
import { US_AREA_CODES } from './us-numbers';

/** A Couch client that remembers the dbs a test creates and destroys them in cleanup(). */
export class TestCouch extends Couch {
  private readonly made = new Set<string>();

  constructor(url = couchUrl()) {
    super(url);
  }

  /** Creates a fresh db with a unique name and tracks it. */
  async freshDb(prefix: string): Promise<string> {
    const name = `${prefix}-${randomHex(4)}`; // lower case, legal for CouchDB
    await this.ensureDb(name);
    this.made.add(name);
    return name;
  }

  /** Tracks a db made by the code under test so cleanup() removes it. */
  track(...names: string[]): void {
    for (const n of names) this.made.add(n);
  }

  async cleanup(): Promise<void> {
    for (const name of this.made) await this.destroyDb(name);
    this.made.clear();
  }

  /**
   * A US area code no other test file on this server has (test files run in parallel workers and
   * share one server, and each destroys its own `numbers/+1<npa>` db when done); its numbers db is
   * tracked. The claim is a doc in a db of the server, so it holds across worker processes.
   */
  async reserveUsAreaCode(): Promise<string> {
    await this.ensureDb(AREA_CODE_CLAIMS_DB);
    const free = US_AREA_CODES.filter((c) => !FIXED_TEST_AREA_CODES.includes(c));
    for (let i = free.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [free[i], free[j]] = [free[j], free[i]];
    }
    for (const npa of free) {
      try {
        await this.put(AREA_CODE_CLAIMS_DB, { _id: npa });
      } catch (err) {
        if (isConflict(err)) continue;
        throw err;
      }
      this.track(`numbers/+1${npa}`);
      return npa;
    }
    throw new Error('every US area code is claimed by a test on this server');
  }
}

const AREA_CODE_CLAIMS_DB = 'tollgate_test_area_codes';
/** Area codes that tests write literally; never handed out by reserveUsAreaCode. */
const FIXED_TEST_AREA_CODES = ['212', '415', '503', '800'];
