// Kazoo's `ledgers` schema (a credit or debit recorded with PUT /ledgers/credit|debit): the
// amount in dollars, the source service and id, the usage. Stricter than Kazoo where a bad value
// would be stored as is: non-empty strings, quantities and periods whole numbers >= 0, metadata
// an object. `amount` keeps Kazoo's minimum of 1 (dollar).

const text = { type: 'string', minLength: 1, maxLength: 256 } as const;
const seconds = { type: 'integer', minimum: 0 } as const;

export const ledgersSchema = {
  type: 'object',
  required: ['source', 'usage'],
  properties: {
    account: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    },
    amount: { type: 'number', minimum: 1 },
    description: { type: 'string', maxLength: 1024 },
    metadata: { type: 'object' },
    period: {
      type: 'object',
      properties: { start: seconds, end: seconds },
    },
    source: {
      type: 'object',
      required: ['id', 'service'],
      properties: {
        id: { ...text, pattern: '^[^\\u0000-\\u001f]+$' },
        service: { ...text, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:/-]*$' },
      },
    },
    usage: {
      type: 'object',
      required: ['quantity', 'type', 'unit'],
      properties: {
        quantity: { type: 'integer', minimum: 0 },
        type: text,
        unit: text,
      },
    },
  },
} as const;
