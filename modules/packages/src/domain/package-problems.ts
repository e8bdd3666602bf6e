// The checks of a package beyond its schema, in Kazoo's per-field error shape: an override names
// one area (a prefix or a country), a free zone one rule (prefix, country or max_rate_cost), and
// every country is an ISO 3166-1 code. Pure; the base deck's existence is checked by the store.
import type { ValidationErrors } from '@tollgate/errors';
import { isKnownCountry } from '@tollgate/schemas';

type Loose = Record<string, unknown>;

function add(out: ValidationErrors, field: string, rule: string, message: string, extra: Loose = {}): void {
  out[field] = { ...(out[field] ?? {}), [rule]: { message, ...extra } };
}

function checkCountry(out: ValidationErrors, field: string, code: unknown): void {
  if (typeof code === 'string' && /^[A-Z]{2}$/.test(code) && !isKnownCountry(code)) {
    add(out, field, 'enum', `unknown country "${code}": not an ISO 3166-1 alpha-2 code`, { value: code });
  }
}

function checkList(out: ValidationErrors, list: unknown, field: string, keys: readonly string[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object') return;
    const e = entry as Loose;
    const given = keys.filter((k) => e[k] !== undefined);
    if (given.length !== 1) {
      add(out, `${field}.${i}`, 'oneOf', `each entry of ${field} names exactly one of ${keys.join(', ')}; got ${given.length === 0 ? 'none' : given.join(' and ')}`);
    }
    checkCountry(out, `${field}.${i}.iso_country_code`, e.iso_country_code);
  });
}

/** The problems of a (schema-valid) package section; undefined when there are none. */
export function packageProblems(section: unknown): ValidationErrors | undefined {
  if (!section || typeof section !== 'object') return undefined;
  const pkg = section as Loose;
  const out: ValidationErrors = {};
  checkList(out, pkg.overrides, 'package.overrides', ['prefix', 'iso_country_code']);
  checkList(out, pkg.free_zones, 'package.free_zones', ['prefix', 'iso_country_code', 'max_rate_cost']);
  return Object.keys(out).length > 0 ? out : undefined;
}
