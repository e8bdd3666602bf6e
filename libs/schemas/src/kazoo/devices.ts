// Kazoo 4.3 `devices` schema (applications/crossbar/priv/couchdb/schemas/devices.json): the fields
// Tollgate's devices API checks; the rest of a device doc passes through as Kazoo would keep it.
const callerIdEntry = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 35, description: 'The caller id name for the object type' },
    number: { type: 'string', maxLength: 35, description: 'The caller id number for the object type' },
  },
} as const;

export const devicesSchema = {
  description: 'A device be it a SIP phone or landline number',
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 128, description: 'A friendly name for the device' },
    device_type: { type: 'string', description: 'Arbitrary device type used by the UI and billing system' },
    enabled: { type: 'boolean', default: true, description: 'Determines if the device is currently enabled' },
    owner_id: { type: 'string', minLength: 32, maxLength: 32, description: "The ID of the user object that 'owns' the device" },
    mac_address: { type: 'string', description: 'The MAC Address of the device (if applicable)' },
    sip: {
      type: 'object',
      default: {},
      description: 'SIP Parameters',
      properties: {
        username: { type: 'string', minLength: 2, maxLength: 32, description: 'SIP authentication username' },
        password: { type: 'string', minLength: 5, maxLength: 32, description: 'SIP authentication password' },
        realm: { type: 'string', minLength: 4, maxLength: 253, pattern: '^[.\\w_-]+$', description: 'The realm this device should use, overriding the account realm' },
        method: { type: 'string', enum: ['password', 'ip'], default: 'password', description: 'Method of authentication' },
        ip: { type: 'string', description: 'IP address for this device' },
        invite_format: { type: 'string', enum: ['username', 'npan', '1npan', 'e164', 'route', 'contact'], default: 'contact' },
        expire_seconds: { type: 'integer', default: 300 },
      },
    },
    caller_id: {
      type: 'object',
      description: 'The device caller ID parameters',
      properties: { internal: callerIdEntry, external: callerIdEntry, emergency: callerIdEntry },
    },
    call_restriction: {
      type: 'object',
      default: {},
      description: 'Device level call restrictions for each available number classification',
      additionalProperties: { type: 'object', properties: { action: { type: 'string', enum: ['inherit', 'deny'] } } },
    },
  },
} as const;
