// The source failed logins are counted against: the peer address of the connection (never a
// header such as X-Forwarded-For, which the client writes). One host commonly holds a whole IPv6
// /64, so IPv6 sources are counted per /64; IPv4-mapped IPv6 addresses count as the IPv4 address.
import { isIPv6 } from 'node:net';
import type { RequestContext } from '../core/types';

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The eight 16-bit groups of an IPv6 address (without zone), or undefined when it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  if (!isIPv6(address)) return undefined;
  const [head = '', tail] = address.split('::');
  const parse = (part: string) => (part ? part.split(':') : []).flatMap((g) => (g.includes('.') ? ipv4Groups(g) : [Number.parseInt(g, 16)]));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

function ipv4Groups(dotted: string): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

export function loginSourceKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const bare = address.split('%')[0] ?? address;
  const mapped = MAPPED_IPV4.exec(bare);
  if (mapped?.[1]) return mapped[1];
  const groups = ipv6Groups(bare);
  if (!groups) return bare;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

export function loginSourceOf(ctx: RequestContext): string {
  return loginSourceKey(ctx.req.socket.remoteAddress);
}
