// kz_api: message definitions that build (prepare_api_payload + build_message) and validate
// (validate/4) Kazoo AMQP messages the way core/kazoo_amqp/src/api/kz_api.erl does.
import { BusError } from './bus-error';
import { defaultNode, newMsgId } from './ids';
import type { KazooMessage } from './types';

/** Required in every message (kz_api.hrl DEFAULT_HEADERS). */
export const DEFAULT_HEADERS = ['App-Name', 'App-Version', 'Event-Category', 'Event-Name', 'Msg-ID'] as const;

/** Allowed in every message (kz_api.hrl OPTIONAL_DEFAULT_HEADERS; ?KEY_LOG_ID is `System-Log-ID`). */
export const OPTIONAL_DEFAULT_HEADERS = [
  'Access-Group',
  'Defer-Response',
  'Destination-Server',
  'Geo-Location',
  'System-Log-ID',
  'Account-ID',
  'Call-ID',
  'Node',
  'Server-Queue-ID',
  'Raw-Headers',
  'Server-ID',
  'Request-From-PID',
  'Reply-To-PID',
  'AMQP-Broker',
  'AMQP-Broker-Zone',
] as const;

export type TypeCheck = 'string' | 'boolean' | 'integer' | 'number' | 'array' | 'object' | ((value: unknown) => boolean);
export type ApiValue = string | number | boolean;

/** kz_api.hrl DEFAULT_TYPES. */
const DEFAULT_TYPES: Readonly<Record<string, TypeCheck>> = {
  'Server-ID': 'string',
  'Event-Category': 'string',
  'Event-Name': 'string',
  'App-Name': 'string',
  'App-Version': 'string',
  'Raw-Headers': 'string',
  'Destination-Server': 'string',
  'Geo-Location': 'string',
  'Access-Group': 'string',
  'Msg-ID': 'string',
};

export interface ApiDefinition {
  eventCategory: string;
  /** A fixed name (set when missing) or the names this API allows (kapi_conf's doc events). */
  eventName?: string | readonly string[];
  /** Each entry is a header, or a list of headers of which at least one must be present. */
  required?: readonly (string | readonly string[])[];
  optional?: readonly string[];
  /** A fixed value, or the values allowed when the header is present. */
  values?: Readonly<Record<string, ApiValue | readonly ApiValue[]>>;
  types?: Readonly<Record<string, TypeCheck>>;
}

export type ValidationResult = { ok: true; msg: KazooMessage } | { ok: false; errors: string[] };

export interface KazooApi {
  readonly eventCategory: string;
  readonly eventName: string | readonly string[] | undefined;
  /** Every header a built message may carry: defaults, optional defaults, required, optional. */
  readonly headers: ReadonlySet<string>;
  /**
   * `{...envelope, ...fields}`, empty values removed, Node / Msg-ID / fixed Event-* set when
   * missing, then validated (throws BusError 'invalid_message') and stripped of unknown keys.
   */
  build(fields: KazooMessage, envelope?: object): KazooMessage;
  /** Validates a received message; on success `msg` is the cleaned message with known headers only. */
  validate(msg: unknown): ValidationResult;
}

// Server-ID and Msg-ID survive even when empty (kz_api:do_empty_value_removal).
const KEEP_WHEN_EMPTY = new Set(['Server-ID', 'Msg-ID']);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** kz_api:remove_empty_values: drops undefined and "" values, recursing into objects (not arrays). */
export function removeEmptyValues(msg: Readonly<Record<string, unknown>>): KazooMessage {
  const out: KazooMessage = {};
  for (const key in msg) {
    const value = msg[key];
    if (value === undefined || value === '') {
      if (KEEP_WHEN_EMPTY.has(key) && value === '') out[key] = value;
      continue;
    }
    out[key] = isPlainObject(value) ? removeEmptyValues(value) : value;
  }
  return out;
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== '';
}

// kz_term:is_boolean also accepts the strings "true" and "false".
function passesType(check: TypeCheck, value: unknown): boolean {
  switch (check) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      try {
        return check(value) === true;
      } catch {
        return false;
      }
  }
}

function describeType(check: TypeCheck): string {
  return typeof check === 'function' ? `valid (${check.name || 'custom check'})` : `a ${check}`;
}

export function defineApi(def: ApiDefinition): KazooApi {
  const name = `${def.eventCategory}.${typeof def.eventName === 'string' ? def.eventName : '*'}`;
  const required: readonly (string | readonly string[])[] = [...DEFAULT_HEADERS, ...(def.required ?? [])];
  const headers = new Set<string>([...DEFAULT_HEADERS, ...OPTIONAL_DEFAULT_HEADERS, ...(def.optional ?? [])]);
  for (const h of def.required ?? []) for (const one of typeof h === 'string' ? [h] : h) headers.add(one);

  const values: Record<string, ApiValue | readonly ApiValue[]> = {
    ...def.values,
    'Event-Category': def.eventCategory,
  };
  if (def.eventName !== undefined) values['Event-Name'] = def.eventName;
  const types: Record<string, TypeCheck> = { ...DEFAULT_TYPES, ...def.types };

  function check(msg: KazooMessage): string[] {
    const errors: string[] = [];
    const missing: string[] = [];
    for (const h of required) {
      if (typeof h === 'string') {
        if (!isPresent(msg[h])) missing.push(h);
      } else if (!h.some((one) => isPresent(msg[one]))) {
        missing.push(`one of ${h.join('|')}`);
      }
    }
    if (missing.length > 0) errors.push(`${name}: missing required headers ${missing.join(', ')}`);
    for (const key in values) {
      const value = msg[key];
      if (value === undefined) continue;
      const allowed = values[key];
      if (Array.isArray(allowed) ? !allowed.includes(value as ApiValue) : value !== allowed) {
        const expected = Array.isArray(allowed) ? `one of ${allowed.join(', ')}` : String(allowed);
        errors.push(`${name}: ${key} must be ${expected}, got ${JSON.stringify(value)}`);
      }
    }
    for (const key in types) {
      const value = msg[key];
      if (value === undefined) continue;
      if (!passesType(types[key], value)) {
        errors.push(`${name}: ${key} must be ${describeType(types[key])}, got ${JSON.stringify(value)}`);
      }
    }
    return errors;
  }

  function pickKnown(msg: KazooMessage): KazooMessage {
    const out: KazooMessage = {};
    for (const key in msg) if (headers.has(key)) out[key] = msg[key];
    return out;
  }

  return {
    eventCategory: def.eventCategory,
    eventName: def.eventName,
    headers,
    build(fields, envelope) {
      const msg = removeEmptyValues({ ...envelope, ...fields });
      if (!isPresent(msg.Node)) msg.Node = defaultNode();
      if (!isPresent(msg['Msg-ID'])) msg['Msg-ID'] = newMsgId();
      if (msg['Event-Category'] === undefined) msg['Event-Category'] = def.eventCategory;
      if (msg['Event-Name'] === undefined && typeof def.eventName === 'string') msg['Event-Name'] = def.eventName;
      const errors = check(msg);
      if (errors.length > 0) throw new BusError('invalid_message', errors.join('; '));
      return pickKnown(msg);
    },
    validate(input) {
      if (!isPlainObject(input)) return { ok: false, errors: [`${name}: message is not a JSON object`] };
      const msg = removeEmptyValues(input);
      const errors = check(msg);
      return errors.length > 0 ? { ok: false, errors } : { ok: true, msg: pickKnown(msg) };
    },
  };
}
