import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Server-side request forgery guard: a URL from chat or a feed must not make the bot talk to its own host, the
// cloud metadata service or the office network. Every hop (including each redirect) is checked before connecting
// (for a clear message), and again on the socket actually connected (guarded-dispatcher.ts), which is what stops
// DNS rebinding: a name that resolves to a public address for the check and to 127.0.0.1 for the connection.

export interface NetPolicy {
  /** Allow every private, loopback and link-local address (config `fetch.allowPrivateNetworks`). */
  allowPrivateNetworks: boolean;
  /** Allow loopback only (127.0.0.0/8, ::1): for tests and local mirrors, without opening the rest of the LAN. */
  allowLoopback?: boolean;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 can reach private IPv4
  ['::', 96], // IPv4-compatible (::a.b.c.d), deprecated; would reach an IPv4 host
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo tunnels to an embedded IPv4 address
  ['2002::', 16], // 6to4 tunnels to an embedded IPv4 address
  ['fec0::', 10], // site-local (deprecated, still routed inside some networks)
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/** Is this IP address private, loopback, link-local or otherwise not on the public internet? */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    const mapped = mappedIpv4(address);
    if (mapped) return PRIVATE.check(mapped, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return true; // not an address at all: refuse rather than guess
}

export function isLoopback(address: string): boolean {
  const family = isIP(address);
  const mapped = family === 6 ? mappedIpv4(address) : undefined;
  if (mapped) return LOOPBACK.check(mapped, 'ipv4');
  return family === 4 ? LOOPBACK.check(address, 'ipv4') : family === 6 ? LOOPBACK.check(address, 'ipv6') : false;
}

/** Is this address acceptable to connect to under the policy? */
export function addressAllowed(address: string, policy: NetPolicy): boolean {
  if (policy.allowPrivateNetworks) return true;
  if (policy.allowLoopback && isLoopback(address)) return true;
  return !isPrivateAddress(address);
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d` in any spelling, e.g. `::ffff:7f00:1`). */
function mappedIpv4(address: string): string | undefined {
  const h = ipv6Hextets(address);
  if (!h || h.slice(0, 5).some((x) => x !== 0) || h[5] !== 0xffff) return undefined;
  return [h[6]! >> 8, h[6]! & 255, h[7]! >> 8, h[7]! & 255].join('.');
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, embedded dotted quad folded in). */
function ipv6Hextets(address: string): number[] | undefined {
  let a = address.replace(/%.*$/, '').toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (quad) {
    const [b0, b1, b2, b3] = quad.slice(1).map(Number) as [number, number, number, number];
    a = `${a.slice(0, quad.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...new Array<number>(Math.max(0, fill)).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks one URL against the policy, resolving its host name. Returns undefined when allowed, else a message
 * that says why (shown to the admin who asked). Never connects to the target.
 */
export async function checkUrlAllowed(
  url: URL,
  policy: NetPolicy,
  resolve: Resolver = systemResolver,
): Promise<string | undefined> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `only http and https URLs can be fetched, not ${url.protocol.replace(':', '')}`;
  if (policy.allowPrivateNetworks) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      return (
        `the host ${host} could not be resolved ` +
        `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
      );
    }
    if (addresses.length === 0) return `the host ${host} has no address`;
  }
  for (const address of addresses) {
    if (!addressAllowed(address, policy)) {
      const what = address === host ? `${host} is` : `${host} resolves to ${address},`;
      return (
        `${what} a private or local network address; such URLs are refused (set fetch.allowPrivateNetworks to ` +
        `allow them)`
      );
    }
  }
  return undefined;
}
