// Amounts as a carrier wrote them. A rate is stored as a JSON number, so it must be one whose
// shortest decimal form is exactly the text given: 0.00125 stays 0.00125 in CouchDB and back out.
// Text with more digits than a double keeps is refused instead of being rounded silently.
import { parseAmount } from '@tollgate/money';

export type AmountResult = { ok: true; value: number } | { ok: false; reason: string };

/** A decimal text >= 0 that survives the trip through a JSON number exactly. */
export function parseExactAmount(field: string, text: string): AmountResult {
  const dec = parseAmount(text);
  if (dec === undefined || dec.isNegative()) {
    return { ok: false, reason: `${field} must be a number >= 0, got ${JSON.stringify(text)}` };
  }
  const value = dec.toNumber();
  if (!Number.isFinite(value) || !dec.equals(String(value))) {
    return { ok: false, reason: `${field} has more digits than can be stored exactly (at most 15 significant digits), got ${JSON.stringify(text)}` };
  }
  // -0 and 0 are the same rate; keep JSON free of "-0".
  return { ok: true, value: value === 0 ? 0 : value };
}

/** A JSON number >= 0 (already exact: it came from JSON). */
export function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
