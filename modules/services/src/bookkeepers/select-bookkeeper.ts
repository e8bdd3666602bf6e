// Which bookkeeper bills an account (kz_services:select_bookkeeper): accounts whose reseller is the
// master use system_config services master_account_bookkeeper; other resellers' accounts use the
// local ledger unless reseller_bookkeeper_lookup lets each reseller name its own bookkeeper (and
// keep its own Braintree credentials) in its account config (configs_services, configs_braintree).
import { accountDbName, type Doc } from '@tollgate/kazoo-db';
import { SERVICES_CONFIG } from '../config';
import type { ServicesStore } from '../store/services-store';
import { type Bookkeeper, BookkeeperError } from './bookkeeper';
import { type BraintreeCredentials, braintreeBookkeeper } from './braintree-bookkeeper';
import { localBookkeeper } from './local-bookkeeper';

export type BookkeeperType = 'local' | 'braintree';

/** Kazoo's module names (kz_bookkeeper_*, 3.x wh_bookkeeper_*) and plain names. */
function bookkeeperType(name: unknown): BookkeeperType | undefined {
  if (typeof name !== 'string') return undefined;
  const plain = name.trim().toLowerCase().replace(/^(kz|wh)_bookkeeper_/, '');
  return plain === 'local' || plain === 'braintree' ? plain : undefined;
}

export interface BookkeeperChoice {
  type: BookkeeperType;
  /** Whose bookkeeper it is: the master (system_config) or a reseller (its account config). */
  vendorId: string;
  bookkeeper: Bookkeeper;
}

export type BookkeeperFactory = (type: BookkeeperType, vendorId: string, credentials?: BraintreeCredentials) => Bookkeeper;

export interface BookkeeperSelectorOptions {
  /** Its settings, and the ledger the local bookkeeper writes. */
  store: ServicesStore;
  /** Makes bookkeepers; defaults to the real local and Braintree ones. */
  factory?: BookkeeperFactory;
  /** Told of every bookkeeper call when it settles (services-sync's metrics). */
  observe?: (type: string, call: string, ok: boolean) => void;
}

/** The bookkeeper with each call reported to `observe` (ok: resolved; a rejection is a failure). */
function observed(bk: Bookkeeper, observe: (type: string, call: string, ok: boolean) => void): Bookkeeper {
  const wrap =
    <A extends unknown[], R>(call: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        const r = await fn(...args);
        observe(bk.type, call, true);
        return r;
      } catch (err) {
        observe(bk.type, call, false);
        throw err;
      }
    };
  return {
    type: bk.type,
    isGoodStanding: wrap('is_good_standing', bk.isGoodStanding.bind(bk)),
    sync: wrap('sync', bk.sync.bind(bk)),
    transactions: wrap('transactions', bk.transactions.bind(bk)),
    chargeTransactions: wrap('charge_transactions', bk.chargeTransactions.bind(bk)),
    cancel: wrap('cancel', bk.cancel.bind(bk)),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function credentialsOf(source: Record<string, unknown>): BraintreeCredentials | undefined {
  const merchantId = str(source.merchant_id);
  const publicKey = str(source.public_key);
  const privateKey = str(source.private_key);
  if (!merchantId || !publicKey || !privateKey) return undefined;
  const port = Number(source.port);
  return {
    merchantId,
    publicKey,
    privateKey,
    environment: str(source.environment),
    host: str(source.host),
    port: Number.isInteger(port) && port > 0 ? port : undefined,
    ssl: typeof source.ssl === 'boolean' ? source.ssl : undefined,
  };
}

export class BookkeeperSelector {
  private readonly opts: BookkeeperSelectorOptions;
  private readonly cache = new Map<string, Bookkeeper>();

  constructor(opts: BookkeeperSelectorOptions) {
    this.opts = opts;
  }

  private make(type: BookkeeperType, vendorId: string, creds?: BraintreeCredentials): Bookkeeper {
    const key = JSON.stringify([type, vendorId, creds ?? null]);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const made = this.opts.factory
      ? this.opts.factory(type, vendorId, creds)
      : type === 'braintree' && creds
        ? braintreeBookkeeper({ credentials: creds })
        : type === 'braintree'
          ? misconfigured(vendorId)
          : localBookkeeper({ ledger: this.opts.store.writeDeps });
    const bookkeeper = this.opts.observe ? observed(made, this.opts.observe) : made;
    this.cache.set(key, bookkeeper);
    return bookkeeper;
  }

  private async accountConfig(accountId: string, category: string): Promise<Record<string, unknown>> {
    return (await this.opts.store.couch.get<Doc>(accountDbName(accountId), `configs_${category}`)) ?? {};
  }

  /** The bookkeeper for accounts whose reseller is `resellerId` (`masterId` for the master's own customers). */
  async forReseller(resellerId: string | undefined, masterId: string | undefined): Promise<BookkeeperChoice> {
    const settings = this.opts.store.settings.current;
    if (!resellerId || resellerId === masterId) {
      const type = bookkeeperType(settings.masterAccountBookkeeper) ?? 'local';
      const vendorId = masterId ?? 'master';
      // The system's credentials are system_config braintree (written back empty for admins to fill in).
      return { type, vendorId, bookkeeper: this.make(type, vendorId, type === 'braintree' ? credentialsOf({ ...settings.braintree }) : undefined) };
    }
    if (!settings.resellerBookkeeperLookup) return { type: 'local', vendorId: resellerId, bookkeeper: this.make('local', resellerId) };
    const own = await this.accountConfig(resellerId, SERVICES_CONFIG);
    const type = bookkeeperType(own.master_account_bookkeeper) ?? 'local';
    const creds = type === 'braintree' ? credentialsOf(await this.accountConfig(resellerId, 'braintree')) : undefined;
    return { type, vendorId: resellerId, bookkeeper: this.make(type, resellerId, creds) };
  }
}

function misconfigured(vendorId: string): Bookkeeper {
  const fail = async (): Promise<never> => {
    throw new BookkeeperError('bookkeeper_misconfigured', `braintree is selected for ${vendorId} but its merchant_id, public_key or private_key is not set`);
  };
  return {
    type: 'braintree',
    isGoodStanding: async () => false,
    sync: fail,
    transactions: fail,
    chargeTransactions: fail,
    cancel: fail,
  };
}
