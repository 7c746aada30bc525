import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// Server-side request forgery guard: a URL from chat or a feed must not make the bot talk to its own host, the
// cloud metadata service or the office network. Every hop (including each redirect) is checked before connecting.

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
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/** Is this IP address private, loopback, link-local or otherwise not on the public internet? */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return true; // not an address at all: refuse rather than guess
}

function isLoopback(address: string): boolean {
  const family = isIP(address);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return LOOPBACK.check(mapped[1]!, 'ipv4');
  return family === 4 ? LOOPBACK.check(address, 'ipv4') : family === 6 ? LOOPBACK.check(address, 'ipv6') : false;
}

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Checks one URL against the policy, resolving its host name. Returns undefined when allowed, else a message
 * that says why (shown to the admin who asked). Never connects to the target.
 */
export async function checkUrlAllowed(url: URL, policy: NetPolicy, resolve: Resolver = systemResolver): Promise<string | undefined> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https URLs can be fetched, not ${url.protocol.replace(':', '')}`;
  if (policy.allowPrivateNetworks) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      return `the host ${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
    }
    if (addresses.length === 0) return `the host ${host} has no address`;
  }
  for (const address of addresses) {
    if (policy.allowLoopback && isLoopback(address)) continue;
    if (isPrivateAddress(address)) {
      const what = address === host ? `${host} is` : `${host} resolves to ${address},`;
      return `${what} a private or local network address; such URLs are refused (set fetch.allowPrivateNetworks to allow them)`;
    }
  }
  return undefined;
}
