// Validates documents against Kazoo's JSON schemas by name, fills the schema defaults in (as
// kz_json_schema:validate does) and reports failures as Kazoo's 400 "validation error".
import { errors, type ValidationErrors } from '@tollgate/errors';
import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type KazooErrorOptions, toKazooValidationErrors } from './kazoo-validation-errors';
import { kazooSchemas } from './kazoo';
import { addSizeKeywords } from './size-keywords';

export type JsonObject = Record<string, unknown>;

export type SchemaCheck = { ok: true; doc: JsonObject } | { ok: false; errors: ValidationErrors };

export class SchemaValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(schemas: Record<string, AnySchema> = kazooSchemas) {
    // allErrors: every failing property is reported at once, as Kazoo does; verbose: the failing value is known.
    this.ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false });
    addFormats(this.ajv);
    addSizeKeywords(this.ajv);
    for (const [name, schema] of Object.entries(schemas)) this.add(name, schema);
  }

  /** Adds (or replaces) a schema under Kazoo's name for it, e.g. `accounts`. */
  add(name: string, schema: AnySchema): void {
    if (this.ajv.getSchema(name)) this.ajv.removeSchema(name);
    this.ajv.addSchema(schema, name);
    this.compiled.delete(name);
  }

  has(name: string): boolean {
    return this.ajv.getSchema(name) !== undefined;
  }

  /** The schema itself, as added (crossbar's OpenAPI description shows it as the request body). */
  schema(name: string): AnySchema | undefined {
    return this.ajv.getSchema(name)?.schema as AnySchema | undefined;
  }

  private fn(name: string): ValidateFunction {
    let f = this.compiled.get(name);
    if (!f) {
      f = this.ajv.getSchema(name);
      if (!f) throw new Error(`no JSON schema named "${name}"`);
      this.compiled.set(name, f);
    }
    return f;
  }

  /** The doc with the schema's defaults filled in, or Kazoo's per-field errors. The input is not changed. */
  check(name: string, doc: unknown, opts: KazooErrorOptions = {}): SchemaCheck {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      return { ok: false, errors: { data: { type: { message: 'Value did not match type(s): object', target: 'object', ...(opts.values === false ? {} : { value: doc }) } } } };
    }
    const copy = structuredClone(doc) as JsonObject;
    const f = this.fn(name);
    if (f(copy)) return { ok: true, doc: copy };
    return { ok: false, errors: toKazooValidationErrors(f.errors ?? [], opts) };
  }

  /** Like check, but throws Kazoo's validation error (HTTP 400) on failure. */
  validate(name: string, doc: unknown, opts: KazooErrorOptions = {}): JsonObject {
    const res = this.check(name, doc, opts);
    if (!res.ok) throw errors.validation(res.errors);
    return res.doc;
  }
}

let shared: SchemaValidator | undefined;

/** One validator with every schema this package knows, compiled once per process. */
export function schemaValidator(): SchemaValidator {
  shared ??= new SchemaValidator();
  return shared;
}

/** Validates `doc` against the named Kazoo schema; returns it with defaults, or throws a 400 validation error. */
export function validateDoc(name: string, doc: unknown): JsonObject {
  return schemaValidator().validate(name, doc);
}

/** Merges several validation error sets (e.g. schema errors plus uniqueness checks). */
export function mergeValidationErrors(...sets: (ValidationErrors | undefined)[]): ValidationErrors {
  const out: ValidationErrors = {};
  for (const set of sets) {
    if (!set) continue;
    for (const [path, rules] of Object.entries(set)) out[path] = { ...(out[path] ?? {}), ...rules };
  }
  return out;
}
