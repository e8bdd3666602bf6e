// A KazooError as one line for a terminal: the envelope message and what its data says, e.g.
// `validation error: rate_cost: required: the CSV has no rate_cost column`.
import type { KazooError } from './index';

function detailOf(data: unknown): string[] {
  if (typeof data === 'string') return [data];
  if (Array.isArray(data)) return data.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)));
  if (typeof data !== 'object' || data === null) return [];
  const obj = data as Record<string, unknown>;
  if (typeof obj.message === 'string') return [typeof obj.cause === 'string' ? `${obj.message} (${obj.cause})` : obj.message];
  // Kazoo's per-field validation errors: {"field":{"rule":{"message":"…"}}}
  const out: string[] = [];
  for (const [field, rules] of Object.entries(obj)) {
    // kz_tasks' input errors: {"missing_mandatory_fields":["rate_cost"]}
    if (Array.isArray(rules)) {
      out.push(`${field.replace(/_/g, ' ')}: ${rules.map((r) => JSON.stringify(r)).join(', ')}`);
      continue;
    }
    if (typeof rules !== 'object' || rules === null) {
      out.push(`${field}: ${String(rules)}`);
      continue;
    }
    for (const [rule, detail] of Object.entries(rules as Record<string, unknown>)) {
      const message = (detail as { message?: unknown } | null)?.message;
      out.push(`${field}: ${rule}${typeof message === 'string' ? `: ${message}` : ''}`);
    }
  }
  return out;
}

export function summarizeKazooError(err: KazooError): string {
  const head = err.message.replace(/_/g, ' ');
  const details = detailOf(err.data).filter((d) => d !== err.message && d !== head);
  // {"message":"bad identifier","cause":"abc"} says it all: "bad identifier (abc)".
  if (details.length === 1 && details[0].startsWith(`${head} (`)) return details[0];
  return details.length ? `${head}: ${details.join('; ')}` : head;
}
