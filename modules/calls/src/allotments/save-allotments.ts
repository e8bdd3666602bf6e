// cb_allotments: the limits doc's `allotments` object, read and replaced whole (POST), checked
// against Kazoo's allotments schema plus Tollgate's fields (`prefixes`, `countries`, `any_destination`,
// `direction`, `name`). Who may write is the caller's to check (cb_allotments: the account's
// reseller or a superduper_admin). A bad body is Kazoo's 400 naming the field; nothing is written.
import { errors, type ValidationErrors } from '@tollgate/errors';
import { accountDbName, gregorianNow } from '@tollgate/kazoo-db';
import { isKnownCountry } from '@tollgate/schemas';
import { DocWriter, type DocWriterOptions } from '@tollgate/service-kit';
import { LIMITS_DOC_ID, type LimitsDoc } from '../limits/limits';
import { newLimitsDoc, readLimitsDoc } from '../limits/limits-store';
import { CYCLES } from './allotments';

const INTEGERS = ['amount', 'increment', 'minimum', 'no_consume_time'] as const;
const KNOWN = new Set<string>([...INTEGERS, 'cycle', 'group_consume', 'prefixes', 'countries', 'any_destination', 'direction', 'name']);

/** The problems of an `allotments` object, Kazoo's validation shape (`<key>.<field>`). */
export function allotmentsProblems(body: unknown): ValidationErrors {
  const out: ValidationErrors = {};
  const add = (field: string, rule: string, message: string) => {
    out[field] = { ...(out[field] ?? {}), [rule]: { message } };
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    add('allotments', 'type', 'must be an object of allotments keyed by classification');
    return out;
  }
  for (const [key, raw] of Object.entries(body)) {
    if (!/^\w+$/.test(key)) add(key, 'pattern', 'a key is a classification, optionally after inbound_ or outbound_ (letters, digits, _)');
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      add(key, 'type', 'must be an object');
      continue;
    }
    const a = raw as Record<string, unknown>;
    for (const f of INTEGERS) {
      if (a[f] !== undefined && !(typeof a[f] === 'number' && Number.isSafeInteger(a[f]) && (a[f] as number) >= 0)) add(`${key}.${f}`, 'type', 'must be a whole number of seconds, at least 0');
    }
    if (a.increment !== undefined && a.increment === 0) add(`${key}.increment`, 'minimum', 'must be at least 1');
    if (a.cycle !== undefined && !(CYCLES as readonly string[]).includes(a.cycle as string)) add(`${key}.cycle`, 'enum', `must be one of ${CYCLES.join(', ')}`);
    if (a.group_consume !== undefined && !(Array.isArray(a.group_consume) && a.group_consume.every((g) => typeof g === 'string' && /^\w+$/.test(g)))) {
      add(`${key}.group_consume`, 'type', 'must be a list of allotment keys');
    }
    if (a.prefixes !== undefined && !(Array.isArray(a.prefixes) && a.prefixes.length > 0 && a.prefixes.every((p) => (typeof p === 'string' || typeof p === 'number') && /^[1-9]\d{0,14}$/.test(String(p))))) {
      add(`${key}.prefixes`, 'type', 'must be a non-empty list of prefixes: 1 to 15 digits, not starting with 0');
    }
    if (a.countries !== undefined && !(Array.isArray(a.countries) && a.countries.length > 0 && a.countries.every((c) => typeof c === 'string' && isKnownCountry(c)))) {
      add(`${key}.countries`, 'type', 'must be a non-empty list of ISO 3166-1 alpha-2 country codes (e.g. "CA")');
    }
    if (a.prefixes !== undefined && a.countries !== undefined) add(`${key}.countries`, 'not', 'an allotment matches by prefixes or by countries, not both');
    if (a.any_destination !== undefined && typeof a.any_destination !== 'boolean') add(`${key}.any_destination`, 'type', 'must be a boolean');
    if (a.direction !== undefined && a.direction !== 'inbound' && a.direction !== 'outbound') add(`${key}.direction`, 'enum', 'must be inbound or outbound');
    if (a.name !== undefined && typeof a.name !== 'string') add(`${key}.name`, 'type', 'must be a string');
    for (const f of Object.keys(a)) if (!KNOWN.has(f)) add(`${key}.${f}`, 'additionalProperties', 'not an allotment field');
  }
  return out;
}

/** GET: the limits doc's `allotments` ({} when none). */
export async function readAllotmentsJson(couch: DocWriterOptions['couch'], accountId: string): Promise<Record<string, unknown>> {
  const doc = (await readLimitsDoc(couch, accountId)) as Record<string, unknown> | undefined;
  const a = doc?.allotments;
  return typeof a === 'object' && a !== null && !Array.isArray(a) ? (a as Record<string, unknown>) : {};
}

/** POST: replaces the limits doc's `allotments` (creating the doc as kzd_limits:new would); returns them. */
export async function saveAllotments(deps: DocWriterOptions, accountId: string, body: unknown): Promise<Record<string, unknown>> {
  const problems = allotmentsProblems(body);
  if (Object.keys(problems).length > 0) throw errors.validation(problems);
  const allotments = Object.fromEntries(
    Object.entries(body as Record<string, Record<string, unknown>>).map(([k, v]) => [k, Array.isArray(v.prefixes) ? { ...v, prefixes: v.prefixes.map(String) } : v]),
  );
  const now = gregorianNow();
  await new DocWriter(deps).update<LimitsDoc>(accountDbName(accountId), LIMITS_DOC_ID, (current) => ({ ...(current ?? newLimitsDoc(accountId, now)), allotments, pvt_modified: now }));
  return allotments;
}
