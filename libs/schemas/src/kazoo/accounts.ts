// Kazoo 4.3 `accounts` schema (applications/crossbar/priv/couchdb/schemas/accounts.json), the
// fields the accounts seed documents.
const callerIdEntry = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 35, description: 'The caller id name for the object type' },
    number: { type: 'string', maxLength: 35, description: 'The caller id number for the object type' },
  },
};

const metaflow = {
  type: 'object',
  required: ['module'],
  properties: {
    children: { type: 'object', additionalProperties: { $ref: '#/definitions/metaflow' } },
    data: { type: 'object', default: {} },
    module: { type: 'string', minLength: 1, maxLength: 64 },
  },
};

export const accountsSchema = {
  description: 'Accounts represent tenants or customers on the system',
  type: 'object',
  required: ['name'],
  properties: {
    call_restriction: { type: 'object', default: {}, description: 'Account level call restrictions for each available number classification' },
    call_waiting: { $ref: '#/definitions/call_waiting' },
    caller_id: { $ref: '#/definitions/caller_id', default: {} },
    dial_plan: { type: 'object', default: {}, description: 'A list of default rules used to modify dialed numbers' },
    do_not_disturb: { type: 'object', properties: { enabled: { type: 'boolean' } } },
    enabled: { type: 'boolean', default: true, description: 'Determines if the account is currently enabled' },
    language: { type: 'string', default: 'en-us', description: 'The language for this account' },
    metaflows: { $ref: '#/definitions/metaflows' },
    music_on_hold: {
      type: 'object',
      default: {},
      properties: { media_id: { type: 'string', maxLength: 128 } },
    },
    name: { type: 'string', minLength: 1, maxLength: 128, description: 'A friendly name for the account' },
    org: { type: 'string', description: 'Full legal name of the organization' },
    preflow: { type: 'object', default: {}, properties: { always: { type: 'string' } } },
    realm: { type: 'string', minLength: 4, maxLength: 253, description: "The realm of the account, ie: 'account1.2600hz.com'" },
    ringtones: {
      type: 'object',
      default: {},
      properties: {
        external: { type: 'string', maxLength: 256 },
        internal: { type: 'string', maxLength: 256 },
      },
    },
    timezone: { type: 'string', minLength: 5, maxLength: 32, description: 'The default timezone' },
    voicemail: {
      type: 'object',
      properties: { notify: { type: 'object', properties: { callback: { $ref: '#/definitions/notify.callback' } } } },
    },
  },
  definitions: {
    call_waiting: { type: 'object', properties: { enabled: { type: 'boolean' } } },
    caller_id: {
      type: 'object',
      properties: { emergency: callerIdEntry, external: callerIdEntry, internal: callerIdEntry },
    },
    dialplans: { type: 'object', properties: { system: { type: 'array', items: { type: 'string' } } } },
    metaflow,
    metaflows: {
      type: 'object',
      properties: {
        binding_digit: { type: 'string', enum: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#'], default: '*' },
        digit_timeout: { type: 'integer', minimum: 0 },
        listen_on: { type: 'string', enum: ['both', 'self', 'peer'] },
        numbers: { type: 'object', patternProperties: { '^[0-9]+$': { $ref: '#/definitions/metaflow' } } },
        patterns: { type: 'object', additionalProperties: { $ref: '#/definitions/metaflow' } },
      },
    },
    'notify.callback': {
      type: 'object',
      properties: {
        attempts: { type: 'integer' },
        disabled: { type: 'boolean' },
        interval_s: { type: 'integer' },
        number: { type: 'string' },
        schedule: { type: 'array', items: { type: 'integer' } },
        timeout_s: { type: 'integer' },
      },
    },
  },
} as const;
