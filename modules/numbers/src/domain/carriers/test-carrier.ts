// knm_test: a carrier with a fixed inventory, for tests and demos without an external API:
// +1 NPA 555 0100–0199 for a few NPAs (555-01xx are fictional numbers). Released numbers are
// given back to it (`disconnected`) and can be found again.
import type { Carrier, CarrierHit } from './carrier';

const TEST_CARRIER_NPAS = ['201', '212', '312', '415', '646', '800', '888'] as const;

function inventory(): string[] {
  const out: string[] = [];
  for (const npa of TEST_CARRIER_NPAS) for (let i = 100; i < 200; i++) out.push(`+1${npa}5550${i}`);
  return out;
}

const NUMBERS = inventory();

function hit(number: string): CarrierHit {
  const ten = number.slice(2);
  return { number, carrier_data: { npa_nxx: ten.slice(0, 6), ten_digit: ten, rate_center: { name: 'TOLLGATE TEST', state: 'ZZ' } } };
}

export const testCarrier: Carrier = {
  moduleName: 'knm_test',
  disconnectState: 'disconnected',
  search(prefix, quantity, offset) {
    return NUMBERS.filter((n) => n.startsWith(prefix)).slice(offset, offset + quantity).map(hit);
  },
  offers(number) {
    return NUMBERS.includes(number) ? hit(number) : undefined;
  },
};
