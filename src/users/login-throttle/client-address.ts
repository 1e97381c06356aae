import { isIPv4, isIPv6 } from 'node:net';

/** The group of an address that is not an IP address (none known, e.g. a direct call). */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * The client address that login failures are counted under: an IPv4 address as it is, an
 * IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2) as its IPv4 address, and any other IPv6
 * address as its /64 prefix, because one host usually holds a whole /64 (RFC 7421 §1) and
 * could otherwise take a fresh address for every guess.
 *
 * @example addressGroup('2001:db8:1:2:aa::1') === '2001:db8:1:2::/64'
 */
export function addressGroup(ip: string | undefined): string {
  if (ip === undefined) return UNKNOWN_ADDRESS;
  const address = ip.split('%')[0]; // RFC 6874 zone index: not part of the address
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return UNKNOWN_ADDRESS;
  const groups = ipv6Groups(address);
  if (isIPv4Mapped(groups)) return ipv4From(groups[6], groups[7]);
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const parse = (part: string | undefined): number[] =>
    part ? part.split(':').flatMap((piece) => groupsOf(piece)) : [];
  const front = parse(head);
  if (tail === undefined) return front;
  const back = parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function groupsOf(piece: string): number[] {
  if (!piece.includes('.')) return [parseInt(piece, 16)];
  const [a, b, c, d] = piece.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

function isIPv4Mapped(groups: number[]): boolean {
  return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}

function ipv4From(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
