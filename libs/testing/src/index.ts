// Helpers for tests that talk to the real CouchDB and RabbitMQ: unique names, and cleanup of
// everything a test made.
import { randomBytes } from 'node:crypto';
import { Couch, isConflict } from '@tollgate/kazoo-db';

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** A db or queue name nobody else uses: `<prefix>-<8 hex>` (lower case, legal for CouchDB). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomHex(4)}`;
}

export function couchUrl(): string {
  const url = process.env.COUCHDB_URL;
  if (!url) throw new Error('COUCHDB_URL is not set (the jest global setup starts an embedded CouchDB)');
  return url;
}

export function amqpUrl(): string {
  return process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
}

/** A Couch client that remembers the dbs a test creates and destroys them in cleanup(). */
export class TestCouch extends Couch {
  private readonly made = new Set<string>();

  constructor(url = couchUrl()) {
    super(url);
  }

  /** Creates a fresh db with a unique name and tracks it. */
  async freshDb(prefix: string): Promise<string> {
    const name = uniqueName(prefix);
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
        await this.db(AREA_CODE_CLAIMS_DB).insert({ _id: npa });
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

/** Parsed JSON a test pokes into freely; assertions, not types, check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: test-only escape hatch for response bodies
export type Loose = any;

export async function jsonOf(res: Response): Promise<Loose> {
  return res.json();
}

/**
 * A US geographic area code (numbers under it classify as did_us), random among several so that
 * tests do not share a `numbers/+1<npa>` db, but never a toll-free or Caribbean NANP code.
 */
export const US_AREA_CODES = (
  '201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240 248 251 252 253 254 256 260 262 267 269 270 272 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 317 318 319 320 321 323 325 330 331 334 336 337 339 347 351 352 360 361 385 386 401 402 404 405 406 407 408 409 410 412 413 414 415 417 419 423 424 425 430 432 434 435 440 442 443 458 469 470 475 478 479 480 484 501 502 503 504 505 507 508 509 510 512 513 515 516 517 518 520 530 534 539 540 541 551 559 561 562 563 567 570 571 573 574 575 580 585 586 601 602 603 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 630 631 636 641 646 650 651 657 660 661 662 678 681 682 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 727 731 732 734 737 740 747 754 757 760 762 763 765 770 772 773 774 775 779 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 828 830 831 832 843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 872 878 901 903 904 906 907 908 909 910 912 913 914 915 916 917 918 919 920 925 928 929 931 936 937 940 941 947 949 951 952 954 956 959 970 971 972 973 978 979 980 985 989'
).split(' ');

/** A random valid US geographic number, `+1 NPA NXX XXXX` (the exchange never starts with 0 or 1). */
export function usNumber(npa = US_AREA_CODES[Math.floor(Math.random() * US_AREA_CODES.length)]): string {
  const digits = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');
  return `+1${npa}${2 + Math.floor(Math.random() * 8)}${digits(2)}${digits(4)}`;
}

/** Polls `probe` until it gives something other than undefined; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30000, intervalMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Runs a CLI action in this process and returns what it wrote to stdout (stderr is swallowed when asked). */
export async function captureStdout(run: () => Promise<unknown>, opts: { quietStderr?: boolean } = {}): Promise<string> {
  const out: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out.push(String(s));
    return true;
  });
  const err = opts.quietStderr ? jest.spyOn(process.stderr, 'write').mockImplementation(() => true) : undefined;
  try {
    await run();
  } finally {
    spy.mockRestore();
    err?.mockRestore();
  }
  return out.join('');
}
export { type LaggingProxy, startLaggingProxy } from './lagging-proxy';
export { createTestVhost, type TestVhost } from './test-vhost';
