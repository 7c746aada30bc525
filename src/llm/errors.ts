import type { ModelFailure, TokenUsage } from '../core/grounded/port.js';

/** A provider call that failed, classified for the guard (retry, breaker) and the log. */
export class ProviderError extends Error {
  constructor(
    readonly reason: ModelFailure,
    message: string,
    readonly status?: number,
    /** From `retry-after` (seconds or a date) or `retry-after-ms`. */
    readonly retryAfterMs?: number,
    readonly usage?: TokenUsage,
  ) {
    super(message);
  }
}

export function parseRetryAfter(
  headers: { get(name: string): string | null } | undefined,
  now: number,
): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** HTTP status to failure: 429/529 rate-limited (retried after retry-after), 5xx retried, 401/403 auth. */
export function statusFailure(status: number): ModelFailure {
  if (status === 429 || status === 529) return 'rate-limited';
  if (status === 401 || status === 403) return 'auth';
  return 'http-error';
}

export const RETRYABLE = (e: ProviderError) =>
  e.reason === 'rate-limited' || (e.reason === 'http-error' && (e.status ?? 0) >= 500) || e.reason === 'unavailable';
