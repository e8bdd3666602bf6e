// The reseller's mail templates (whitelabel `messages`) with built-in defaults, rendered with
// {{placeholders}}: plain text as is, HTML with every value escaped. Pure.
import type { WhitelabelDoc } from './whitelabel';

export const TEMPLATE_NAMES = ['signup_waiting', 'password_recovery', 'password_recovery_completed'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface Mail {
  subject: string;
  text: string;
  html?: string;
}

/** The built-in templates; placeholders: company_name, first_name, last_name, username, account_name, link, expires_minutes, activation_url. */
export const DEFAULT_TEMPLATES: Record<TemplateName, Mail> = {
  signup_waiting: {
    subject: 'Your {{company_name}} account is awaiting activation',
    text: [
      'Hello {{first_name}},',
      '',
      'Thank you for signing up with {{company_name}}. Your account {{account_name}} (user {{username}}) is awaiting activation;',
      'we will let you know when it is ready. {{activation_url}}',
    ].join('\n'),
  },
  password_recovery: {
    subject: 'Reset your {{company_name}} password',
    text: [
      'Hello {{first_name}},',
      '',
      'Someone asked to reset the password of {{username}} ({{account_name}}). To choose a new password, open:',
      '{{link}}',
      '',
      'The link works once and expires in {{expires_minutes}} minutes. If you did not ask for this, ignore this mail.',
    ].join('\n'),
  },
  password_recovery_completed: {
    subject: 'Your {{company_name}} password was changed',
    text: ['Hello {{first_name}},', '', 'The password of {{username}} ({{account_name}}) was just changed. If this was not you, contact {{company_name}} now.'].join('\n'),
  },
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fill(template: string, values: Record<string, string>, encode: (s: string) => string): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, key: string) => encode(values[key] ?? ''));
}

/** The mail `name` for these values: the reseller's template where it has one, else the built-in. */
export function renderMail(whitelabel: WhitelabelDoc | undefined, name: TemplateName, values: Record<string, string>): Mail {
  const own = whitelabel?.messages?.[name];
  const custom = own && typeof own === 'object' ? own : {};
  const base = DEFAULT_TEMPLATES[name];
  const vals = { company_name: whitelabel?.company_name ?? 'Tollgate', ...values };
  // One header line, whatever the template or the values hold.
  const subject = fill(custom.subject ?? base.subject, vals, (s) => s).replace(/[\r\n]+/g, ' ');
  const text = fill(custom.text ?? base.text, vals, (s) => s);
  const html = custom.html ?? base.html;
  return { subject, text, ...(html ? { html: fill(html, vals, escapeHtml) } : {}) };
}

/** The sender of the reseller's mail: its `messages.from`, else `dflt`. */
export function mailFrom(whitelabel: WhitelabelDoc | undefined, dflt: string): string {
  const from = whitelabel?.messages?.from;
  return typeof from === 'string' && from !== '' ? from : dflt;
}
