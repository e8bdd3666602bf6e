// Kazoo's `limits` schema (crossbar/priv/couchdb/schemas/limits.json, 4.3) plus what Tollgate lets
// the account's reseller (or a superduper_admin) set through the API instead of Fauxton:
// balance_management (soft | hard), allow_postpay, max_postpay_amount and reserve_amount, stored
// as the private fields jonny5 reads. Counts are whole numbers ≥ 0, as Kazoo's.

const count = (description: string) => ({ type: 'integer', minimum: 0, maximum: 1_000_000, description }) as const;
const dollars = (description: string) => ({ type: 'number', minimum: 0, maximum: 1_000_000, description }) as const;

export const limitsSchema = {
  type: 'object',
  properties: {
    allow_prepay: { type: 'boolean', default: true, description: 'Determines if the account would like to allow per-minute calls if they have no available credit' },
    burst_trunks: count('The number of two-way, flat-rate trunks used only if no other trunks are available'),
    calls: count('A hard limit for the total number calls'),
    inbound_trunks: count('The number of inbound, flat-rate trunks'),
    outbound_trunks: count('The number of outbound, flat-rate trunks'),
    resource_consuming_calls: count('A hard limit for the number of resource consuming calls'),
    twoway_trunks: count('The number of two-way, flat-rate trunks'),
    allotments: { type: 'object', description: 'Free seconds per call classification (jonny5 allotments)' },
    authz_resource_types: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 32 },
    balance_management: {
      type: 'string',
      enum: ['soft', 'hard'],
      description: 'Tollgate: soft = calls go on below zero (Soft-Limit), hard = calls are refused at zero',
    },
    allow_postpay: { type: 'boolean', description: 'Tollgate: per-minute calls may take the balance below zero, down to max_postpay_amount' },
    max_postpay_amount: dollars('Tollgate: how far below zero (dollars) a postpaid account may go'),
    reserve_amount: dollars('Tollgate: dollars kept back from a prepaid balance when a call is authorized'),
  },
} as const;
