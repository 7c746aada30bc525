import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import type { Agent, buildConnector } from 'undici';
import { addressAllowed, type NetPolicy, type Resolver } from './net-guard.js';

// The fetch guard at connect time. Node's `fetch` resolves the host name again after our pre-check, so a DNS server
// that answers a public address first and 127.0.0.1 second (DNS rebinding) would slip past a check made before
// `fetch`. Here the address is checked on the socket that was actually connected, before a byte of HTTP is sent.
// undici 6 is the major Node 20's built-in fetch ships; its Agent is passed to `fetch` as `dispatcher`.

/** Thrown inside the connector; safe-fetch turns it into a FetchError of kind 'refused'. */
export class ConnectRefused extends Error {
  readonly code = 'GOVAI_CONNECT_REFUSED';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      `${host === address ? host : `${host} connected to ${address}, which`} is a private or local network ` +
        `address; such URLs are refused (set fetch.allowPrivateNetworks to allow them)`,
    );
    this.name = 'ConnectRefused';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type LookupFn = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => void;

/** A `net.connect` lookup backed by a test resolver (answers in order, as a DNS server would). */
export function lookupFromResolver(resolve: Resolver): LookupFn {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
          return;
        }
        if (options.all)
          callback(
            null,
            addresses.map((address) => ({ address, family: isIP(address) })),
          );
        else callback(null, addresses[0]!, isIP(addresses[0]!));
      },
      (error: NodeJS.ErrnoException) => callback(error, []),
    );
  };
}

export interface GuardOptions {
  /** Replaces DNS for the connection (tests); defaults to the system resolver. */
  resolve?: Resolver;
  connectTimeoutMs?: number;
}

// undici is imported on the first fetch: a bot with no feeds (and the CLI) never fetches, and loading it cost about
// 100 ms of every start-up.

/** An undici Agent that refuses any connection whose remote address the policy does not allow. */
export async function guardedDispatcher(policy: NetPolicy, options: GuardOptions = {}): Promise<Agent> {
  const { Agent, buildConnector } = await import('undici');
  const lookup = options.resolve ? lookupFromResolver(options.resolve) : (dnsLookup as unknown as LookupFn);
  const base = buildConnector({
    lookup,
    ...(options.connectTimeoutMs ? { timeout: options.connectTimeoutMs } : {}),
  } as buildConnector.BuildOptions);
  return new Agent({
    connect(opts, callback) {
      base(opts, (error, socket) => {
        if (error || !socket) {
          callback(error ?? new Error('no socket'), null);
          return;
        }
        const address = (socket as Socket).remoteAddress;
        if (!address || !addressAllowed(address, policy)) {
          socket.destroy();
          callback(new ConnectRefused(opts.hostname.replace(/^\[|\]$/g, ''), address ?? 'an unknown address'), null);
          return;
        }
        callback(null, socket);
      });
    },
  });
}
