// A POST to notifications/{id}: the template fields checked (cb_notifications' `notifications`
// schema: subject 1..200, from an e-mail, to/cc/bcc `{type: admins|specified|original,
// email_addresses}`), the bodies `plain` and `html` as strings, and the account's low balance
// `threshold` in dollars, bounded by notify.low_balance `min_threshold`..`max_threshold`.
import { errors, type ValidationErrors } from '@tollgate/errors';

const EMAIL = /^[^\s@<>",]+@[^\s@<>",]+\.[^\s@<>",]+$/;
const MAX_BODY = 65_536;

export interface TemplateRequest {
  fields: Record<string, unknown>;
  /** Dollars, when the request sets the account's threshold. */
  threshold?: number;
}

export function templateRequest(data: unknown, bounds: { min: number; max: number }): TemplateRequest {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw errors.field('data', 'type', 'data must be an object');
  const d = data as Record<string, unknown>;
  const problems: ValidationErrors = {};
  const fail = (field: string, rule: string, message: string, cause?: unknown) => {
    problems[field] = { [rule]: { message, ...(cause !== undefined ? { cause } : {}) } };
  };
  if (d.subject !== undefined && (typeof d.subject !== 'string' || d.subject.length < 1 || d.subject.length > 200)) fail('subject', 'maxLength', 'subject must be a string of 1 to 200 characters', d.subject);
  if (d.from !== undefined && d.from !== '' && (typeof d.from !== 'string' || !EMAIL.test(d.from))) fail('from', 'format', 'from must be an e-mail address', d.from);
  for (const key of ['to', 'cc', 'bcc']) {
    const v = d[key];
    if (v === undefined) continue;
    if (!v || typeof v !== 'object' || Array.isArray(v)) {
      fail(key, 'type', `${key} must be an object`);
      continue;
    }
    const r = v as Record<string, unknown>;
    if (r.type !== undefined && !['admins', 'specified', 'original'].includes(String(r.type))) fail(`${key}.type`, 'enum', `${key}.type must be admins, specified or original`, r.type);
    const emails = r.email_addresses;
    if (emails !== undefined && (!Array.isArray(emails) || emails.some((e) => typeof e !== 'string' || !EMAIL.test(e)))) fail(`${key}.email_addresses`, 'format', `${key}.email_addresses must be e-mail addresses`, emails);
    if (r.type === 'specified' && (!Array.isArray(emails) || emails.length === 0)) fail(`${key}.email_addresses`, 'required', `${key}.email_addresses is required when ${key}.type is specified`);
  }
  for (const key of ['plain', 'html']) {
    const v = d[key];
    if (v !== undefined && (typeof v !== 'string' || v.length > MAX_BODY)) fail(key, 'maxLength', `${key} must be a string of at most ${MAX_BODY} characters`);
  }
  if (d.enabled !== undefined && typeof d.enabled !== 'boolean') fail('enabled', 'type', 'enabled must be a boolean', d.enabled);
  let threshold: number | undefined;
  if (d.threshold !== undefined) {
    const n = typeof d.threshold === 'number' ? d.threshold : typeof d.threshold === 'string' ? Number(d.threshold) : Number.NaN;
    if (!Number.isFinite(n)) fail('threshold', 'type', 'threshold must be a number of dollars', d.threshold);
    else if (n < bounds.min) fail('threshold', 'minimum', `threshold must be at least ${bounds.min} dollars`, d.threshold);
    else if (n > bounds.max) fail('threshold', 'maximum', `threshold must be at most ${bounds.max} dollars`, d.threshold);
    else threshold = n;
  }
  if (Object.keys(problems).length > 0) throw errors.validation(problems);
  const { threshold: _t, id: _id, ...fields } = d;
  return threshold !== undefined ? { fields, threshold } : { fields };
}
