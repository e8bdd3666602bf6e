// Kazoo's notification templates (cb_notifications / teletype), for the low_balance notification:
// the template doc (`notification.low_balance` in an account db: subject, from, to, cc, bcc and
// the text and HTML bodies), the seed's placeholders `[firstname]`, `[lastname]`, `[balance]`,
// `[threshold]` mapped onto Kazoo's macros (`user.first_name`, `user.last_name`,
// `current_balance`, `threshold`), and a small renderer of `{{ macro.path }}` (ErlyDTL's variable
// tags, HTML-escaped in the HTML body). Pure.
import { unitsToDecimal } from '@tollgate/money';

export const LOW_BALANCE = 'low_balance';
export const NOTIFICATION_IDS: readonly string[] = [LOW_BALANCE];

/** kz_notification:db_id: the template's doc id in an account db (and in system_config). */
export const notificationDocId = (id: string) => `notification.${id}`;

export type RecipientType = 'admins' | 'specified' | 'original';

export interface Recipients {
  type: RecipientType;
  email_addresses?: string[];
}

export interface NotificationTemplate {
  id: string;
  subject: string;
  /** Empty: the relay's configured sender (notify.low_balance `from`). */
  from?: string;
  to: Recipients;
  cc?: Recipients;
  bcc?: Recipients;
  /** The text body. */
  plain: string;
  html: string;
  enabled?: boolean;
  friendly_name?: string;
  category?: string;
  macros?: Record<string, unknown>;
}

/** teletype_low_balance:macros/0 and the seed's placeholders. */
export const LOW_BALANCE_MACROS: Record<string, { friendly_name: string; description: string; placeholder?: string }> = {
  current_balance: { friendly_name: 'Current Balance', description: "Account's Current Credit Balance", placeholder: '[balance]' },
  threshold: { friendly_name: 'Threshold', description: "Account's Low Credit Balance Threshold", placeholder: '[threshold]' },
  'user.first_name': { friendly_name: 'First Name', description: 'First name of the user mailed', placeholder: '[firstname]' },
  'user.last_name': { friendly_name: 'Last Name', description: 'Last name of the user mailed', placeholder: '[lastname]' },
  'account.name': { friendly_name: 'Account Name', description: 'Name of the account' },
  'account.id': { friendly_name: 'Account ID', description: 'ID of the account' },
  'account.realm': { friendly_name: 'Account Realm', description: 'SIP realm of the account' },
};

/** The seed's placeholders, as written in its low balance e-mail, and the Kazoo macro each stands for. */
export const SEED_PLACEHOLDERS: Record<string, string> = {
  '[firstname]': 'user.first_name',
  '[lastname]': 'user.last_name',
  '[balance]': 'current_balance',
  '[threshold]': 'threshold',
};

/** The system's template when neither the account, its parents nor system_config has one. */
export const DEFAULT_LOW_BALANCE: NotificationTemplate = {
  id: LOW_BALANCE,
  friendly_name: 'Low Balance',
  category: 'account',
  subject: 'Account {{account.name}} is low on credit',
  to: { type: 'admins' },
  plain: ['The balance of account {{account.name}} is {{current_balance}}, below {{threshold}}.', 'Add credit to keep placing calls.', '', 'Account ID: {{account.id}}'].join('\n'),
  html: '<p>The balance of account <b>{{account.name}}</b> is <b>{{current_balance}}</b>, below {{threshold}}.</p><p>Add credit to keep placing calls.</p><p>Account ID: {{account.id}}</p>',
};

/** The seed's `[placeholder]`s written as Kazoo's `{{macro}}`s (what is stored stays as the author wrote it). */
export function withKazooMacros(template: string): string {
  return template.replace(/\[(firstname|lastname|balance|threshold)\]/gi, (m) => `{{${SEED_PLACEHOLDERS[m.toLowerCase()]}}}`);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function lookup(macros: Record<string, unknown>, path: string): string {
  let cur: unknown = macros;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur === undefined || cur === null ? '' : typeof cur === 'object' ? '' : String(cur);
}

/** `{{ a.b }}` replaced by the macro's value ('' when unknown), after the seed's placeholders are read as macros. */
export function renderTemplate(template: string, macros: Record<string, unknown>, html = false): string {
  return withKazooMacros(template).replace(/\{\{\s*([A-Za-z0-9_.]+)\s*\}\}/g, (_m, path: string) => {
    const v = lookup(macros, path);
    return html ? escapeHtml(v) : v;
  });
}

/** kz_currency:pretty_print_dollars: `$1.00`, `-$3.25`. */
export function prettyDollars(units: number): string {
  const d = unitsToDecimal(units);
  return `${d.isNegative() ? '-' : ''}$${d.abs().toFixed(2)}`;
}

export interface LowBalanceFacts {
  account: { id: string; name?: string; realm?: string };
  user?: { first_name?: string; last_name?: string; email?: string };
  balanceUnits: number;
  thresholdUnits: number;
}

/** teletype_low_balance:macros/1: account, user, current_balance and threshold in dollars. */
export function lowBalanceMacros(f: LowBalanceFacts): Record<string, unknown> {
  return {
    account: { id: f.account.id, name: f.account.name ?? '', realm: f.account.realm ?? '' },
    user: { first_name: f.user?.first_name ?? '', last_name: f.user?.last_name ?? '', email: f.user?.email ?? '' },
    current_balance: prettyDollars(f.balanceUnits),
    threshold: prettyDollars(f.thresholdUnits),
  };
}

/** What a preview renders with when asked for sample data (teletype's preview). */
export const SAMPLE_LOW_BALANCE: LowBalanceFacts = {
  account: { id: '0000000000000000000000000000000a', name: 'Sample Account', realm: 'sample.example.com' },
  user: { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@sample.example.com' },
  balanceUnits: 42_500,
  thresholdUnits: 100_000,
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export function renderNotification(t: NotificationTemplate, macros: Record<string, unknown>): RenderedMail {
  return { subject: renderTemplate(t.subject, macros), text: renderTemplate(t.plain, macros), html: renderTemplate(t.html, macros, true) };
}

/** A stored template doc (or a partial one) as a whole template: what it lacks is the default's. */
export function templateOf(doc: Record<string, unknown>, fallback: NotificationTemplate = DEFAULT_LOW_BALANCE): NotificationTemplate {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const recipients = (v: unknown): Recipients | undefined => {
    if (!v || typeof v !== 'object') return undefined;
    const r = v as Record<string, unknown>;
    const type = r.type === 'specified' || r.type === 'original' || r.type === 'admins' ? r.type : 'admins';
    const emails = Array.isArray(r.email_addresses) ? r.email_addresses.filter((e): e is string => typeof e === 'string') : undefined;
    return { type, ...(emails ? { email_addresses: emails } : {}) };
  };
  const from = str(doc.from) ?? fallback.from;
  const cc = recipients(doc.cc) ?? fallback.cc;
  const bcc = recipients(doc.bcc) ?? fallback.bcc;
  return {
    id: fallback.id,
    subject: str(doc.subject) ?? fallback.subject,
    ...(from !== undefined && from !== '' ? { from } : {}),
    to: recipients(doc.to) ?? fallback.to,
    ...(cc ? { cc } : {}),
    ...(bcc ? { bcc } : {}),
    plain: str(doc.plain) ?? fallback.plain,
    html: str(doc.html) ?? fallback.html,
    enabled: doc.enabled === false ? false : fallback.enabled !== false,
    friendly_name: str(doc.friendly_name) ?? fallback.friendly_name,
    category: str(doc.category) ?? fallback.category,
    macros: LOW_BALANCE_MACROS,
  };
}
