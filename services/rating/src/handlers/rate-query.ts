// The parts of a validated rate_req (or rates/number request) the rater uses, with Kazoo's loose
// typing tolerated: numbers where text is expected, a comma list for Outbound-Flags.
import type { KazooMessage } from '@tollgate/kazoo-bus';
import type { RateQuery } from '../rater';

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v !== '');
  if (typeof value === 'string' && value !== '') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return [];
}

/** kz_term:is_true for a header that is a boolean or its text. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function rateQueryOf(msg: KazooMessage, toDid: string): RateQuery {
  const q: RateQuery = { toDid, options: list(msg.Options), outboundFlags: list(msg['Outbound-Flags']) };
  const set = (key: 'accountId' | 'ratedeckId' | 'direction' | 'fromDid' | 'resourceId' | 'authorizingType', header: string) => {
    const v = text(msg[header]);
    if (v !== undefined) q[key] = v;
  };
  set('accountId', 'Account-ID');
  set('ratedeckId', 'Ratedeck-ID');
  set('direction', 'Direction');
  set('fromDid', 'From-DID');
  set('resourceId', 'Resource-ID');
  set('authorizingType', 'Authorizing-Type');
  return q;
}

export function toDidOf(msg: KazooMessage, header: string): string | undefined {
  return text(msg[header]);
}
