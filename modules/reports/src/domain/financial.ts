// The financial report's month: what the reseller's clients were charged (revenue: calls, services
// and manual charges), what they paid (deposits), what those calls and services cost the reseller
// (costs), and profit = revenue − costs. Summed in integer units from the ledger entries
// themselves, converted to dollars once per cell. A deleted payment or charge counts against what
// it undid (its reversal carries `metadata.reverses`), so a month's figures equal the ledgers'
// sums. Pure.
import type { LedgerDoc, Transaction } from '@tollgate/ledger';
import { unitsToDollars } from '@tollgate/money';
import { monthOf } from './period';

export interface FinancialUnits {
  revenue: number;
  deposits: number;
  costs: number;
}

export type FinancialRow = {
  month: string;
  revenue: number;
  deposits: number;
  costs: number;
  profit: number;
};

const zero = (): FinancialUnits => ({ revenue: 0, deposits: 0, costs: 0 });

/** Month by month (`YYYYMM` of each entry's `pvt_created`), in units. */
export class FinancialTally {
  private readonly months = new Map<string, FinancialUnits>();

  constructor(months: readonly string[] = []) {
    for (const m of months) this.months.set(m, zero());
  }

  private of(doc: LedgerDoc): FinancialUnits {
    return this.ofMonth(monthOf(doc.pvt_created));
  }

  private ofMonth(m: string): FinancialUnits {
    let t = this.months.get(m);
    if (!t) {
      t = zero();
      this.months.set(m, t);
    }
    return t;
  }

  /** An entry of a client's own ledger: its debits are revenue, its credits deposits. */
  addClientEntry(doc: LedgerDoc): void {
    const t = this.of(doc);
    const reversal = typeof doc.metadata?.reverses === 'string';
    // A reversal is the other way round: a debit that undoes a payment takes from deposits.
    const debit = doc.pvt_ledger_type === 'debit';
    if (reversal) {
      if (debit) t.deposits -= doc.amount;
      else t.revenue -= doc.amount;
    } else if (debit) t.revenue += doc.amount;
    else t.deposits += doc.amount;
  }

  /**
   * A Kazoo 4.2 transaction of a client's (the local bookkeeper's monthly recurring debit, a
   * `transactions/credit`): its debits are revenue, its credits deposits. A deleted one is gone.
   */
  addClientTransaction(tx: Transaction): void {
    const t = this.ofMonth(monthOf(tx.pvt_created));
    if (tx.pvt_type === 'debit') t.revenue += tx.pvt_amount;
    else t.deposits += tx.pvt_amount;
  }

  /** An entry of the reseller's ledger about a client (the cost of a client's call or service). */
  addResellerEntry(doc: LedgerDoc): void {
    const t = this.of(doc);
    t.costs += doc.pvt_ledger_type === 'debit' ? doc.amount : -doc.amount;
  }

  /** Units, oldest month first. */
  units(): Array<{ month: string } & FinancialUnits> {
    return [...this.months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, t]) => ({ month, ...t }));
  }

  /** Dollars, oldest month first, and the period's totals (units summed, then converted once). */
  rows(): { rows: FinancialRow[]; totals: Omit<FinancialRow, 'month'> } {
    const all = this.units();
    const sum = all.reduce((a, t) => ({ revenue: a.revenue + t.revenue, deposits: a.deposits + t.deposits, costs: a.costs + t.costs }), zero());
    const dollars = (t: FinancialUnits) => ({
      revenue: unitsToDollars(t.revenue),
      deposits: unitsToDollars(t.deposits),
      costs: unitsToDollars(t.costs),
      profit: unitsToDollars(t.revenue - t.costs),
    });
    return { rows: all.map((t) => ({ month: t.month, ...dollars(t) })), totals: dollars(sum) };
  }
}
