import { toGregorian } from '@tollgate/kazoo-db';
import { newLedger, reversalOf } from '@tollgate/ledger';
import { FinancialTally } from './financial';
import { monthPeriod, monthsOf } from './period';

const march = toGregorian(new Date(Date.UTC(2024, 2, 10)));
const april = toGregorian(new Date(Date.UTC(2024, 3, 2)));
const entry = (type: 'credit' | 'debit', amount: number, at: number, id: string, owner = 'a'.repeat(32)) =>
  newLedger({ ledgerAccountId: owner, type, amount, source: { service: 'payments', id }, usage: { type: 'credit', quantity: 0, unit: 'dollars' }, period: { start: at }, created: at, now: at });

test('a month: charges are revenue, payments deposits, the reseller’s entries costs; summed in units, converted once', () => {
  const t = new FinancialTally(['202403']);
  t.addClientEntry(entry('debit', 221, march, 'call-1'));
  t.addClientEntry(entry('debit', 3, march, 'call-2'));
  t.addClientEntry(entry('credit', 250_000, march, 'pay'));
  t.addResellerEntry(entry('debit', 144, march, 'cost-1', 'b'.repeat(32)));
  t.addClientEntry(entry('debit', 50_000, april, 'april-fee'));
  const { rows, totals } = t.rows();
  expect(rows).toEqual([
    { month: '202403', revenue: 0.0224, deposits: 25, costs: 0.0144, profit: 0.008 },
    { month: '202404', revenue: 5, deposits: 0, costs: 0, profit: 5 },
  ]);
  expect(totals).toEqual({ revenue: 5.0224, deposits: 25, costs: 0.0144, profit: 5.008 });
});

test('a deleted payment (its reversal) takes from deposits in the month of the reversal; a deleted charge from revenue', () => {
  const t = new FinancialTally();
  const pay = entry('credit', 250_000, march, 'pay');
  const fee = entry('debit', 50_000, march, 'fee');
  t.addClientEntry(pay);
  t.addClientEntry(fee);
  t.addClientEntry(reversalOf({ ...pay, _id: '202403-x' }, { now: march }));
  t.addClientEntry(reversalOf({ ...fee, _id: '202403-y' }, { now: april }));
  expect(t.units()).toEqual([
    { month: '202403', revenue: 50_000, deposits: 0, costs: 0 },
    { month: '202404', revenue: -50_000, deposits: 0, costs: 0 },
  ]);
});

test('periods: a month is its first to its last second; the months a range touches', () => {
  const p = monthPeriod('202402');
  expect(p).toEqual({ from: toGregorian(new Date(Date.UTC(2024, 1, 1))), to: toGregorian(new Date(Date.UTC(2024, 2, 1))) - 1 });
  expect(monthPeriod('202413')).toBeUndefined();
  expect(monthPeriod('2024-01')).toBeUndefined();
  expect(monthsOf({ from: toGregorian(new Date(Date.UTC(2023, 10, 20))), to: toGregorian(new Date(Date.UTC(2024, 1, 3))) })).toEqual(['202311', '202312', '202401', '202402']);
});
