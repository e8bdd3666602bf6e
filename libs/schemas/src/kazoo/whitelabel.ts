// Kazoo 4.3 `whitelabel` (schemas/whitelabel.json) with Tollgate's extensions from the reseller
// portal seed (003): `branding` (title, colours, buttons, panels, login page, images, welcome text,
// display switches, view, client services), `signup` (which signup fields are required) and
// `messages` (the reseller's mail templates). Kazoo's own keys keep Kazoo's types.

const COLOR = { type: 'string', pattern: '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$', description: 'A colour as #rgb or #rrggbb' } as const;
const HTTPS_URL = { type: 'string', maxLength: 2048, pattern: '^https://[^\\s]+$', description: 'An https:// URL' } as const;
const button = { type: 'object', additionalProperties: false, properties: { background: COLOR, text: COLOR } } as const;
const template = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subject: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[^\\r\\n]*$' },
    text: { type: 'string', minLength: 1, maxLength: 20000, description: 'Plain text body with {{placeholders}}' },
    html: { type: 'string', minLength: 1, maxLength: 50000, description: 'HTML body with {{placeholders}} (values are HTML-escaped)' },
  },
} as const;

export const SIGNUP_FIELDS = ['first_name', 'last_name', 'company', 'address', 'email', 'password', 'phone'] as const;
export const CLIENT_SERVICES = ['users', 'devices', 'numbers', 'cdrs', 'payments', 'voicemail', 'fax', 'callflows', 'conferences'] as const;
export const WHITELABEL_VIEWS = ['standard', 'simple', 'simple_without_services'] as const;

export const whitelabelSchema = {
  description: 'Whitelabel settings',
  type: 'object',
  properties: {
    company_name: { type: 'string', maxLength: 256, description: 'The company name to display to users' },
    domain: {
      type: 'string',
      minLength: 3,
      maxLength: 253,
      pattern: '^(?=.{3,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$',
      description: 'This is the whitelabeled domain that users will be entering to reach the UI',
    },
    fake_api_url: { type: 'string', maxLength: 2048, description: 'This is a whitelabeled API URL, primarily used by the developer application' },
    hide_credits: { type: 'boolean', default: false, description: 'When checked this hides the credits' },
    hide_powered: { type: 'boolean', default: false, description: 'When checked this hides the powered by 2600Hz on the bottom right' },
    hide_registration: { type: 'boolean', default: false, description: 'When checked this hides the ability to register for a new account' },
    inbound_trunks_price: { type: 'string', maxLength: 64, description: 'The price to show for inbound trunks' },
    nav: {
      type: 'object',
      properties: { help: { type: 'string', maxLength: 2048 }, learn_more: { type: 'string', maxLength: 2048 } },
      description: 'Properties related to navigation in the UI',
    },
    outbound_trunks_price: { type: 'string', maxLength: 64, description: 'The price to show for outbound trunks' },
    port: {
      type: 'object',
      properties: {
        features: { type: 'string', maxLength: 2048 },
        loa: { type: 'string', maxLength: 2048 },
        resporg: { type: 'string', maxLength: 2048 },
        support_email: { type: 'string', maxLength: 254 },
        terms: { type: 'string', maxLength: 2048 },
      },
      description: 'Parameters related to white-labeling port requests',
    },
    sso_providers: { type: 'array', maxItems: 20, items: { type: 'object' }, description: 'Single Sign On providers' },
    twoway_trunks_price: { type: 'string', maxLength: 64, description: 'The price to show for twoway trunks' },
    branding: {
      type: 'object',
      additionalProperties: false,
      description: 'The branded interface (Tollgate, seed 003): what the portal shows under this domain',
      properties: {
        title: { type: 'string', maxLength: 128, description: 'The browser title of the portal' },
        colors: {
          type: 'object',
          additionalProperties: false,
          properties: { background: COLOR, navigation_bar: COLOR, links: COLOR, text: COLOR },
        },
        buttons: {
          type: 'object',
          additionalProperties: false,
          properties: { primary: button, success: button, exit: button, delete: button },
        },
        panels: {
          type: 'object',
          additionalProperties: false,
          properties: { background: COLOR, header_background: COLOR, header_text: COLOR, text: COLOR, border: COLOR },
        },
        login: {
          type: 'object',
          additionalProperties: false,
          properties: { background_color: COLOR, background_url: HTTPS_URL, logo_url: HTTPS_URL },
        },
        header_image_url: HTTPS_URL,
        content_logo_url: HTTPS_URL,
        welcome_text: { type: 'string', maxLength: 10000, description: 'Shown on the client dashboard (plain text)' },
        display: {
          type: 'object',
          additionalProperties: false,
          properties: {
            show_sip_password: { type: 'boolean', default: false },
            allow_password_reset: { type: 'boolean', default: true },
          },
        },
        view: { type: 'string', enum: WHITELABEL_VIEWS, default: 'standard' },
        client_services: { type: 'array', uniqueItems: true, maxItems: CLIENT_SERVICES.length, items: { type: 'string', enum: CLIENT_SERVICES } },
      },
    },
    signup: {
      type: 'object',
      additionalProperties: false,
      description: 'The signup form (seed 003, Signup Form Fields): which fields are required (email and password always are)',
      properties: {
        required_fields: { type: 'array', uniqueItems: true, maxItems: SIGNUP_FIELDS.length, items: { type: 'string', enum: SIGNUP_FIELDS } },
        activation_url: { ...HTTPS_URL, description: 'Shown in the awaiting-activation mail' },
      },
    },
    messages: {
      type: 'object',
      additionalProperties: false,
      description: "The reseller's mail templates; a template left out uses the built-in one",
      properties: {
        from: { type: 'string', maxLength: 254, format: 'email' },
        signup_waiting: template,
        password_recovery: template,
        password_recovery_completed: template,
      },
    },
  },
} as const;

/** PUT /v2/signup (Kazoo 4.0's cb_signup, the seed's fields). Which optional fields are required is the reseller's `signup` choice. */
export const signupSchema = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: {
    reseller_id: { type: 'string', pattern: '^[0-9a-f]{32}$' },
    domain: { type: 'string', minLength: 3, maxLength: 253 },
    first_name: { type: 'string', minLength: 1, maxLength: 128 },
    last_name: { type: 'string', minLength: 1, maxLength: 128 },
    company: { type: 'string', minLength: 1, maxLength: 128 },
    address: { type: 'string', minLength: 1, maxLength: 512 },
    email: { type: 'string', maxLength: 254, format: 'email' },
    password: { type: 'string', minLength: 8, maxLength: 128 },
    phone: { type: 'string', minLength: 3, maxLength: 32, pattern: '^\\+?[0-9 ().-]+$' },
  },
} as const;

/** PUT /v2/user_auth/recovery (Kazoo 4.3 user_auth_recovery). */
export const userAuthRecoverySchema = {
  type: 'object',
  required: ['username'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 254 },
    account_name: { type: 'string', minLength: 1, maxLength: 128 },
    account_realm: { type: 'string', minLength: 4, maxLength: 253 },
    phone_number: { type: 'string', minLength: 1, maxLength: 64 },
    ui_url: { ...HTTPS_URL, pattern: '^https?://[^\\s]+$', description: 'The link in the mail is this URL with ?recovery=<key>' },
  },
} as const;

/** POST /v2/user_auth/recovery (Kazoo 4.3 user_auth_recovery_reset, with the new password). */
export const userAuthRecoveryResetSchema = {
  type: 'object',
  required: ['reset_id', 'password'],
  properties: {
    reset_id: { type: 'string', minLength: 16, maxLength: 128, pattern: '^[0-9a-f]+$' },
    password: { type: 'string', minLength: 8, maxLength: 128 },
  },
} as const;
