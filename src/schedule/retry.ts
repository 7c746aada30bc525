import type { PublishResult } from '../app/publisher.js';

// Retries for transient publish failures (429, 5xx, network): exponential backoff, but never sooner than the
// platform's Retry-After. A permanent failure (channel not found, no access) is returned at once.

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  /** Longest single wait; a Retry-After beyond it ends this round (the delivery stays owed and is retried later). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

/**
 * A wait from the time port (src/core/time.ts): `ctx.time.sleep`, or `backgroundSleep(ctx.time)` in the running bot.
 */
export type Sleep = (ms: number) => Promise<void>;

export function retryDelay(policy: RetryPolicy, failedAttempt: number, retryAfterMs?: number): number {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  return retryAfterMs !== undefined ? Math.max(retryAfterMs, 0) : backoff;
}

export async function publishWithRetry(
  send: () => Promise<PublishResult>,
  policy: RetryPolicy,
  sleep: Sleep,
  onFailure?: (result: Extract<PublishResult, { ok: false }>, attempt: number) => void,
): Promise<{ result: PublishResult; attempts: number }> {
  let attempt = 0;
  for (;;) {
    attempt++;
    const result = await send();
    if (result.ok || result.permanent) return { result, attempts: attempt };
    onFailure?.(result, attempt);
    const delay = retryDelay(policy, attempt, result.retryAfterMs);
    if (attempt >= policy.attempts || delay > policy.maxDelayMs) return { result, attempts: attempt };
    await sleep(delay);
  }
}
