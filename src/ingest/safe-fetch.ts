import type { Dispatcher } from 'undici';
import type { Budget } from './isolate.js';
import { ConnectRefused, guardedDispatcher } from './guarded-dispatcher.js';
import { checkUrlAllowed, type NetPolicy, type Resolver } from './net-guard.js';

// One fetch for pages and feeds with the limits that protect the bot: scheme and address checks on every hop,
// a size cap enforced while streaming, and one timeout for the whole exchange (headers and body).

export interface FetchPolicy extends NetPolicy {
  timeoutMs: number;
  maxBytes: number;
  /** At most this many redirects (default 5). */
  maxRedirects?: number;
  /** For tests: resolve host names without DNS (both for the pre-check and for the connection itself). */
  resolve?: Resolver;
  userAgent?: string;
  /** Time and memory per page extraction or feed parse (isolate.ts); defaults to DEFAULT_BUDGET. */
  budget?: Budget;
}

export type FetchErrorKind = 'bad-url' | 'refused' | 'too-large' | 'timeout' | 'http' | 'network' | 'redirects';

/** An expected fetch failure, with a message fit for the admin who asked (no stack trace, no internals). */
export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchedResource {
  /** The URL of the last hop (after redirects). */
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
}

export const DEFAULT_USER_AGENT = 'govai/0.1 (+https://github.com/govai; briefing bot)';

/**
 * GETs a URL under the policy. A 304 is returned (with an empty body) for conditional requests; any other
 * non-2xx status, a refused address, an oversized body or a timeout throws a FetchError.
 */
export async function safeFetch(
  input: string,
  policy: FetchPolicy,
  headers: Record<string, string> = {},
): Promise<FetchedResource> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new FetchError('bad-url', `"${input}" is not a valid URL`);
  }
  // A fresh guarded agent per exchange: its sockets are closed when we return, so nothing lingers after a stop.
  const dispatcher = await guardedDispatcher(policy, policy.resolve ? { resolve: policy.resolve } : {});
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  // DNS lookups cannot be aborted; racing them keeps the timeout a promise for the whole exchange.
  const timedOut = new Promise<never>((_, reject) =>
    controller.signal.addEventListener(
      'abort',
      () =>
        reject(new FetchError('timeout', `${url.href} did not answer within ${policy.timeoutMs} ms (fetch.timeoutMs)`)),
      { once: true },
    ),
  );
  timedOut.catch(() => undefined);
  try {
    for (let hop = 0; ; hop++) {
      const refusal = await Promise.race([checkUrlAllowed(url, policy, policy.resolve), timedOut]);
      if (refusal) throw new FetchError('refused', hop === 0 ? refusal : `redirected to ${url.href}: ${refusal}`);
      let response: Response;
      try {
        response = await fetch(url, {
          // undici's own Dispatcher type and the one in Node's fetch typings differ only in nominal details.
          dispatcher: dispatcher as Dispatcher,
          redirect: 'manual',
          signal: controller.signal,
          headers: { 'user-agent': policy.userAgent ?? DEFAULT_USER_AGENT, ...headers },
        });
      } catch (error) {
        throw toFetchError(error, url, policy);
      }
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location');
        await response.body?.cancel().catch(() => undefined);
        if (!location)
          throw new FetchError(
            'http',
            `${url.href} answered ${response.status} without a Location header`,
            response.status,
          );
        if (hop >= (policy.maxRedirects ?? 5))
          throw new FetchError('redirects', `too many redirects (more than ${policy.maxRedirects ?? 5}) from ${input}`);
        url = new URL(location, url);
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel().catch(() => undefined);
        return { url: url.href, status: 304, headers: response.headers, body: Buffer.alloc(0) };
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new FetchError(
          'http',
          `${url.href} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
          response.status,
        );
      }
      const body = await readLimited(response, url, policy, controller);
      return { url: url.href, status: response.status, headers: response.headers, body };
    }
  } finally {
    clearTimeout(timer);
    void dispatcher.destroy().catch(() => undefined);
  }
}

async function readLimited(
  response: Response,
  url: URL,
  policy: FetchPolicy,
  controller: AbortController,
): Promise<Buffer> {
  const tooLarge = () =>
    new FetchError(
      'too-large',
      `${url.href} is larger than the limit of ${formatBytes(policy.maxBytes)} (fetch.maxBytes); not downloaded`,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > policy.maxBytes) {
    controller.abort();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > policy.maxBytes) {
        // Stop the download now: the rest of a huge body is never read into memory.
        controller.abort();
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw toFetchError(error, url, policy);
  }
  return Buffer.concat(chunks);
}

function toFetchError(error: unknown, url: URL, policy: FetchPolicy): FetchError {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'AbortError' || e.name === 'TimeoutError') {
    return new FetchError('timeout', `${url.href} did not answer within ${policy.timeoutMs} ms (fetch.timeoutMs)`);
  }
  if (e.cause instanceof ConnectRefused) return new FetchError('refused', e.cause.message);
  const reason = e.cause?.code ?? e.cause?.message ?? e.message;
  return new FetchError('network', `${url.href} could not be reached (${reason})`);
}

export function formatBytes(n: number): string {
  if (n >= 1_048_576) return `${(n / 1_048_576).toFixed(n % 1_048_576 === 0 ? 0 : 1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
