// Keywords beyond JSON schema that bound what a document may carry, for schemas whose values must
// not be echoed back in full (a rate's 8 MB description). kazoo-validation-errors.ts turns their
// errors into Kazoo's `maxLength` / `maxProperties` entries.
//   echoValue: false            a maxLength / maxItems error gives the value's length, not the value
//   maxItemLength: n            every string item of an array is at most n characters
//   maxJsonLength: n            the value, as JSON, is at most n characters
//   maxAdditionalProperties: n  at most n properties beyond `properties` and `patternProperties`
import type Ajv from 'ajv';
import type { AnySchemaObject } from 'ajv';
import type { DataValidateFunction } from 'ajv/dist/types';

function failing(keyword: string, params: Record<string, unknown>, message: string): DataValidateFunction['errors'] {
  return [{ keyword, params, message }];
}

function maxItemLength(limit: number): DataValidateFunction {
  const check: DataValidateFunction = (data) => {
    const items = data as unknown[];
    const item = items.findIndex((x) => typeof x === 'string' && x.length > limit);
    if (item < 0) return true;
    check.errors = failing('maxItemLength', { limit, item, length: (items[item] as string).length }, `item ${item} is longer than ${limit} characters`);
    return false;
  };
  return check;
}

function maxJsonLength(limit: number): DataValidateFunction {
  const check: DataValidateFunction = (data) => {
    const length = JSON.stringify(data)?.length ?? 0;
    if (length <= limit) return true;
    check.errors = failing('maxJsonLength', { limit, length }, `longer than ${limit} characters as JSON`);
    return false;
  };
  return check;
}

function maxAdditionalProperties(limit: number, parent: AnySchemaObject): DataValidateFunction {
  const named = new Set(Object.keys(parent.properties ?? {}));
  const patterns = Object.keys(parent.patternProperties ?? {}).map((p) => new RegExp(p, 'u'));
  const check: DataValidateFunction = (data) => {
    let count = 0;
    for (const key of Object.keys(data as object)) if (!named.has(key) && !patterns.some((p) => p.test(key))) count++;
    if (count <= limit) return true;
    check.errors = failing('maxAdditionalProperties', { limit, count }, `more than ${limit} additional properties`);
    return false;
  };
  return check;
}

export function addSizeKeywords(ajv: Ajv): void {
  ajv.addKeyword({ keyword: 'echoValue', schemaType: 'boolean' });
  ajv.addKeyword({ keyword: 'maxItemLength', type: 'array', schemaType: 'number', errors: true, compile: maxItemLength });
  ajv.addKeyword({ keyword: 'maxJsonLength', schemaType: 'number', errors: true, compile: maxJsonLength });
  ajv.addKeyword({ keyword: 'maxAdditionalProperties', type: 'object', schemaType: 'number', errors: true, compile: maxAdditionalProperties });
}
