// The financial report: the scope's ledger entries of the period, read a page at a time from each
// account's MODBs (ledger module), and its clients' Kazoo 4.2 transactions (the local bookkeeper's
// monthly recurring charges), tallied month by month in units (../domain/financial.ts). The
// costs come from the reseller's MODB (`costLedgerId`): its entries about the scope's accounts;
// without one (a client's own report) there are none.
import type { Couch } from '@tollgate/kazoo-db';
import { ledgerEntriesBetween, listTransactions } from '@tollgate/ledger';
import { type FinancialRow, FinancialTally } from '../domain/financial';
import { monthsOf, type Period } from '../domain/period';
import type { ReportScope } from './report-scope';

export interface FinancialReport {
  rows: FinancialRow[];
  totals: Omit<FinancialRow, 'month'>;
}

export async function financialReport(couch: Couch, scope: ReportScope, period: Period, costLedgerId?: string): Promise<FinancialReport> {
  const tally = new FinancialTally(monthsOf(period));
  const clients = scope.accounts.filter((a) => a.id !== costLedgerId);
  for (const a of clients) {
    for await (const doc of ledgerEntriesBetween(couch, a.id, period.from, period.to)) tally.addClientEntry(doc);
    for (const tx of await listTransactions(couch, a.id, period.from, period.to)) tally.addClientTransaction(tx);
  }
  if (costLedgerId !== undefined) {
    const about = new Set(clients.map((a) => a.id));
    for await (const doc of ledgerEntriesBetween(couch, costLedgerId, period.from, period.to)) if (about.has(doc.account?.id)) tally.addResellerEntry(doc);
  }
  return tally.rows();
}
