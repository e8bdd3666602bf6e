// GET /v2/phone_numbers/classifiers(/{number}) bodies (cb_phone_numbers).
import { type Classifier, classifierFor, normalizeNumber, toE164 } from '@tollgate/numbers';

export function classifiersJson(list: Classifier[]): Record<string, unknown> {
  return Object.fromEntries(list.map(({ name, ...rest }) => [name, rest]));
}

export function classifyJson(input: string, list: Classifier[], e164Converters?: Record<string, { prefix?: string; suffix?: string }>): Record<string, unknown> {
  const e164 = normalizeNumber(input, { converters: e164Converters }) ?? toE164(input, e164Converters);
  const c = classifierFor(e164, list);
  return { number: input, e164, ...(c ? { ...c, name: c.name } : { name: 'unknown' }) };
}
