// Kazoo 4.3 `users` schema (applications/crossbar/priv/couchdb/schemas/users.json), the fields a
// login and a user listing need.
export const usersSchema = {
  description: 'Schema for a user',
  type: 'object',
  required: ['first_name', 'last_name'],
  properties: {
    call_restriction: { type: 'object', default: {} },
    contact_list: { type: 'object', default: {}, properties: { exclude: { type: 'boolean' } } },
    email: { type: 'string', minLength: 1, maxLength: 254, description: 'The email of the user' },
    enabled: { type: 'boolean', default: true, description: 'Determines if the user is currently enabled' },
    first_name: { type: 'string', minLength: 1, maxLength: 128 },
    hotdesk: {
      type: 'object',
      default: {},
      properties: {
        enabled: { type: 'boolean', default: false },
        id: { type: 'string', maxLength: 15 },
        keep_logged_in_elsewhere: { type: 'boolean', default: false },
        pin: { type: 'string', minLength: 4, maxLength: 15 },
        require_pin: { type: 'boolean', default: false },
      },
    },
    language: { type: 'string' },
    last_name: { type: 'string', minLength: 1, maxLength: 128 },
    music_on_hold: { type: 'object', default: {}, properties: { media_id: { type: 'string', maxLength: 128 } } },
    password: { type: 'string', description: 'The GUI login password' },
    presence_id: { type: 'string' },
    priv_level: { type: 'string', enum: ['user', 'admin'], default: 'user' },
    require_password_update: { type: 'boolean', default: false },
    ringtones: {
      type: 'object',
      default: {},
      properties: { external: { type: 'string', maxLength: 256 }, internal: { type: 'string', maxLength: 256 } },
    },
    timezone: { type: 'string' },
    username: {
      type: 'string',
      minLength: 1,
      maxLength: 256,
      description: 'The GUI login username - alpha-numeric, dashes, at symbol, periods, plusses, and underscores allowed',
    },
    verified: { type: 'boolean', default: false },
    vm_to_email_enabled: { type: 'boolean', default: true },
  },
} as const;
