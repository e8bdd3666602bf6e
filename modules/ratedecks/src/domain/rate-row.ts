// One CSV row of a rates task -> a rate, or the precise reason it cannot be one. Cells are text;
// an empty cell is an absent field (Kazoo's CSV reader gives `undefined` for it).
import { parseExactAmount } from './exact-amount';
import { buildRateDoc, DIRECTIONS, type Direction, type RateDoc, type RateInput, routeWarnings } from './rate-doc';
import { listSizeProblem, maxCellLength } from './rate-field-limits';
import { RATE_COLUMN_ALIASES, RATE_DOC_FIELDS } from './rate-fields';
import { callerIdRegexes } from './rate-rules';
import { ratedeckIdProblem } from './ratedeck-names';

export type RowResult = { ok: true; rate: RateDoc; warnings: string[] } | { ok: false; reason: string };

class RowError extends Error {}

function fail(reason: string): never {
  throw new RowError(reason);
}

const PREFIX = /^\+?([1-9]\d{0,14})$/;
const INTEGER = /^[+-]?\d+$/;
const ACCOUNT_ID = /^[0-9a-f]{32}$/i;

function prefixOf(text: string): number {
  const m = PREFIX.exec(text.trim());
  if (!m) fail(`prefix must be the digits of an E.164 prefix (1 to 15 digits, not starting with 0), got ${JSON.stringify(text)}`);
  return Number(m[1]);
}

function amountOf(field: string, text: string): number {
  const r = parseExactAmount(field, text);
  if (!r.ok) fail(r.reason);
  return r.value;
}

function integerOf(field: string, text: string, min?: number): number {
  const t = text.trim();
  const n = Number(t);
  if (!INTEGER.test(t) || !Number.isSafeInteger(n) || (min !== undefined && n < min)) {
    fail(`${field} must be an integer${min !== undefined ? ` >= ${min}` : ''}, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** A JSON array of strings, or else the text split on `sep`. */
function listOf(field: string, text: string, sep: RegExp): string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      fail(`${field} must be a JSON array of strings or a list separated by ";", got ${JSON.stringify(text)}`);
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) fail(`${field} must be a JSON array of strings, got ${JSON.stringify(text)}`);
    return (parsed as string[]).filter((s) => s !== '');
  }
  return t
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function directionsOf(text: string): Direction[] {
  const list = listOf('direction', text, /[;,|]/);
  const bad = list.find((d) => !(DIRECTIONS as readonly string[]).includes(d));
  if (bad !== undefined || list.length === 0) {
    fail(`direction must be "inbound" or "outbound" (or both, separated by ";"), got ${JSON.stringify(text)}`);
  }
  return [...new Set(list)] as Direction[];
}

/** kt_rates maybe_generate_routes: a JSON array (non-empty strings kept, so "[]" stays empty) or one regex. */
function routesOf(text: string): string[] {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.filter((r): r is string => typeof r === 'string' && r !== '');
    } catch {
      // not JSON: the text is one regex, as Kazoo takes it
    }
  }
  return [t];
}

function textOf(cells: Readonly<Record<string, string | undefined>>, field: string): string | undefined {
  const v = cells[field];
  return v === undefined || v.trim() === '' ? undefined : v;
}

const READ_COLUMNS: readonly string[] = [...RATE_DOC_FIELDS, ...Object.keys(RATE_COLUMN_ALIASES)];
/** Stored as given, spaces included; every other cell is trimmed before use. */
const UNTRIMMED: ReadonlySet<string> = new Set(['description', 'rate_name', 'carrier']);

/** Every cell the row is read from is held to its field's size before anything parses it. */
function checkCellSizes(cells: Readonly<Record<string, string | undefined>>): void {
  for (const column of READ_COLUMNS) {
    const raw = cells[column];
    if (raw === undefined) continue;
    const length = UNTRIMMED.has(column) ? raw.length : raw.trim().length;
    const max = maxCellLength(column);
    if (length > max) fail(`${column} must be at most ${max} characters, got ${length}`);
  }
}

function checkListSize(field: 'routes' | 'options' | 'caller_id_numbers', items: readonly string[]): void {
  const problem = listSizeProblem(field, items);
  if (problem) fail(problem);
}

/** The row's cells by header name -> the rate it describes. */
export function parseRateRow(cells: Readonly<Record<string, string | undefined>>): RowResult {
  try {
    checkCellSizes(cells);
    const get = (f: string) => textOf(cells, f);
    const prefixText = get('prefix');
    if (prefixText === undefined) fail('prefix is required but the cell is empty');
    const costText = get('rate_cost');
    if (costText === undefined) fail('rate_cost is required but the cell is empty');
    const input: RateInput = { prefix: prefixOf(prefixText), rate_cost: amountOf('rate_cost', costText) };

    for (const [column, field] of Object.entries(RATE_COLUMN_ALIASES)) {
      const t = get(column);
      if (t !== undefined) input[field as 'internal_rate_cost' | 'internal_surcharge'] = amountOf(column, t);
    }
    const internal = get('internal_rate_cost');
    if (internal !== undefined) input.internal_rate_cost = amountOf('internal_rate_cost', internal);
    const surcharge = get('rate_surcharge');
    if (surcharge !== undefined) input.rate_surcharge = amountOf('rate_surcharge', surcharge);

    const inc = get('rate_increment');
    if (inc !== undefined) input.rate_increment = integerOf('rate_increment', inc, 1);
    const min = get('rate_minimum');
    if (min !== undefined) input.rate_minimum = integerOf('rate_minimum', min, 0);
    const free = get('rate_nocharge_time');
    if (free !== undefined) input.rate_nocharge_time = integerOf('rate_nocharge_time', free, 0);
    const weight = get('weight');
    if (weight !== undefined) input.weight = integerOf('weight', weight);

    const dir = get('direction');
    if (dir !== undefined) input.direction = directionsOf(dir);
    const routes = get('routes');
    if (routes !== undefined) {
      input.routes = routesOf(routes);
      checkListSize('routes', input.routes);
    }
    const options = get('options');
    if (options !== undefined) {
      input.options = listOf('options', options, /;/);
      checkListSize('options', input.options);
    }
    const cids = get('caller_id_numbers');
    if (cids !== undefined) {
      checkListSize(
        'caller_id_numbers',
        cids
          .split(':')
          .map((n) => n.trim())
          .filter((n) => n !== ''),
      );
      input.caller_id_numbers = callerIdRegexes(cids);
    }

    const account = get('account_id');
    if (account !== undefined) {
      if (!ACCOUNT_ID.test(account.trim())) fail(`account_id must be an account id (32 hexadecimal characters), got ${JSON.stringify(account)}`);
      input.account_id = account.trim().toLowerCase();
    }
    const deck = get('ratedeck_id');
    if (deck !== undefined) {
      const problem = ratedeckIdProblem(deck.trim());
      if (problem) fail(problem);
      input.ratedeck_id = deck.trim();
    }
    for (const f of ['carrier', 'description', 'iso_country_code', 'rate_name', 'rate_suffix', 'rate_version'] as const) {
      const t = get(f);
      if (t !== undefined) input[f] = UNTRIMMED.has(f) ? t : t.trim();
    }
    if (input.iso_country_code !== undefined && /[\s/]/.test(input.iso_country_code)) {
      fail(`iso_country_code must not contain spaces or "/", got ${JSON.stringify(input.iso_country_code)}`);
    }
    const rate = buildRateDoc(input);
    return { ok: true, rate, warnings: routeWarnings(rate.routes) };
  } catch (err) {
    if (err instanceof RowError) return { ok: false, reason: err.message };
    throw err;
  }
}

/** Header + cells -> cells by column name (the first of duplicate column names wins). */
export function cellsByHeader(header: readonly string[], row: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  header.forEach((name, i) => {
    if (!Object.hasOwn(out, name)) out[name] = row[i];
  });
  return out;
}
