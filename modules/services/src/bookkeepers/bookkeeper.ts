// What every bookkeeper does (kz_gen_bookkeeper): sync the billed items, tell good standing, and
// move transactions (activation charges, credits, debits) to wherever money is kept. Charges wait
// for the next sync on the services doc (ServicesStore.queueTransactions), whoever the bookkeeper.
import type { Transaction } from '@tollgate/ledger';
import type { ServiceItem } from '../pricing/create-items';

/** ok: billed as given; delinquent: billed but the customer is not in good standing; retry: try later. */
export type BookkeeperSyncResult = 'ok' | 'delinquent' | 'retry';

export interface Bookkeeper {
  /** `local` or `braintree`. */
  readonly type: string;
  isGoodStanding(accountId: string, status: string): Promise<boolean>;
  /** Sends the items of a billing account (its billing_id) to the bookkeeper. */
  sync(items: readonly ServiceItem[], billingId: string): Promise<BookkeeperSyncResult>;
  /** Transactions between two Gregorian timestamps. */
  transactions(accountId: string, from: number, to: number): Promise<Transaction[]>;
  /** Charges queued transactions; returns those that failed (to be kept for the next sync). */
  chargeTransactions(billingId: string, transactions: readonly Transaction[]): Promise<Transaction[]>;
  /** Stops billing a deleted account (cancels its subscriptions). */
  cancel(billingId: string): Promise<void>;
}

/**
 * A refusal from the bookkeeper that retrying will not fix by itself (no payment method, a plan id
 * the gateway does not know): recorded as the account's status reason, as Kazoo's throw {Reason, _}.
 */
export class BookkeeperError extends Error {
  readonly reason: string;
  readonly details: unknown;
  constructor(reason: string, message: string, details?: unknown) {
    super(message);
    this.name = 'BookkeeperError';
    this.reason = reason;
    this.details = details;
  }
}

export function isBookkeeperError(err: unknown): err is BookkeeperError {
  return err instanceof BookkeeperError;
}
