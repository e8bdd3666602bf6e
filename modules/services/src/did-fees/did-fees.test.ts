// DID fees (pure): number → client → reseller's client_defaults, field by field; the plan the sync
// bills them with; what a POST may hold.
import { createItems } from '../pricing/create-items';
import { priceItems } from '../pricing/price-items';
import type { DidFeesDoc } from './did-fees';
import { didFeesPlan, didFeesProblems, effectiveDidFees } from './did-fees';

const RESELLER: DidFeesDoc = { _id: 'did_fees', client_defaults: { setup_fee: 1, monthly_fee: 2.5, per_minute: 0.02 } };
const CLIENT: DidFeesDoc = { _id: 'did_fees', monthly_fee: 2, numbers: { '+15035550100': { per_minute: '0.015', setup_fee: 0 } } };

test('a fee is the number’s, else the client’s, else the reseller’s client_defaults, each field on its own', () => {
  expect(effectiveDidFees('+15035550100', CLIENT, RESELLER)).toEqual({ setup_fee: 0, monthly_fee: 2, per_minute: '0.015' });
  expect(effectiveDidFees('+15035550199', CLIENT, RESELLER)).toEqual({ setup_fee: 1, monthly_fee: 2, per_minute: 0.02 });
  expect(effectiveDidFees('+15035550199', undefined, RESELLER)).toEqual({ setup_fee: 1, monthly_fee: 2.5, per_minute: 0.02 });
  // A reseller's own client_defaults are not its own fees.
  expect(effectiveDidFees('+15035550199', RESELLER, undefined)).toEqual({});
});

test('the sync’s plan: one item per number in service, monthly fee as rate, setup fee as activation charge', () => {
  const plan = didFeesPlan(['+15035550100', '+15035550199'], CLIENT, RESELLER);
  expect(plan?.plan).toEqual({
    did_fees: {
      '+15035550100': { name: 'DID +15035550100', rate: 2 },
      '+15035550199': { name: 'DID +15035550199', rate: 2, activation_charge: 1 },
    },
  });
  const quantities = { did_fees: { '+15035550100': 1, '+15035550199': 1 } };
  const merged = plan ? [plan] : [];
  const items = createItems(merged, { account: quantities, cascade: {} });
  // Two numbers at $2.00 a month; the second one's $1.00 setup fee is an activation charge on first sight.
  const invoice = priceItems(items, { previous: createItems(merged, { account: {}, cascade: {} }) });
  expect(invoice.total).toBe(40_000);
  expect(invoice.lines.reduce((s, l) => s + l.activationCharges, 0)).toBe(10_000);
  expect(didFeesPlan(['+15035550100'], undefined, undefined)).toBeUndefined();
});

test('a bad body names each field', () => {
  expect(didFeesProblems({ setup_fee: 1, numbers: { '+15035550100': { per_minute: '0.015' } }, client_defaults: { monthly_fee: 2.5 } })).toEqual({});
  expect(Object.keys(didFeesProblems({ setup_fee: -1, per_minute: 'cheap', increment: 0, numbers: { '5035550100': { minimum: 4000 } }, client_defaults: { monthly_fee: 'x' }, colour: 1 })).sort()).toEqual([
    'client_defaults.monthly_fee',
    'colour',
    'increment',
    'numbers.5035550100',
    'numbers.5035550100.minimum',
    'per_minute',
    'setup_fee',
  ]);
});
