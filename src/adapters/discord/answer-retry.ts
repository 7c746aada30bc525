import { backgroundSleep } from '../../core/time.js';
import { systemTime } from '../../time/system-time.js';
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';

// A keyword answer that Discord refuses for a while (a 429 with a long retry-after, a run of 500s) is retried
// within a bounded wait instead of being dropped at the first error. Each part is retried on its own, so a
// part that was accepted is never sent again. Past the bound the answer is given up with a message that says why.

export interface AnswerRetryOptions {
  /** Total time one part may wait across retries. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const ANSWER_MAX_WAIT_MS = 120_000;

const defaultSleep = backgroundSleep(systemTime);

/** Runs `send`, retrying rate limits and server errors while the total wait stays within maxWaitMs. */
export async function sendWithRetry<T>(send: () => Promise<T>, options: AnswerRetryOptions = {}): Promise<T> {
  const maxWaitMs = options.maxWaitMs ?? ANSWER_MAX_WAIT_MS;
  const sleep = options.sleep ?? defaultSleep;
  let waited = 0;
  let backoff = 500;
  for (;;) {
    try {
      return await send();
    } catch (error) {
      const wait = retryDelay(error, backoff);
      if (wait === undefined) throw error;
      if (waited + wait > maxWaitMs)
        throw new Error(
          `${describeDiscordError(error)}; gave up after waiting ${Math.round(waited / 1000)} s (an answer ` +
            `waits at most ${Math.round(maxWaitMs / 1000)} s)`,
        );
      await sleep(wait);
      waited += wait;
      if (!(error instanceof RateLimitError)) backoff = Math.min(backoff * 2, 15_000);
    }
  }
}

function retryDelay(error: unknown, backoff: number): number | undefined {
  if (error instanceof RateLimitError) return Math.max(error.retryAfter, 1);
  const status = error instanceof DiscordAPIError || error instanceof HTTPError ? error.status : undefined;
  if (status !== undefined && (status >= 500 || status === 429)) return backoff;
  return undefined;
}

/** A non-empty description of a Discord REST error (discord.js's RateLimitError has an empty message). */
export function describeDiscordError(error: unknown): string {
  if (error instanceof RateLimitError)
    return (
      `rate limited by Discord for ${Math.ceil(error.retryAfter / 1000)} s on ` +
      `${error.method} ${error.route}${error.global ? ' (global)' : ''}`
    );
  if (error instanceof DiscordAPIError || error instanceof HTTPError)
    return (
      `Discord answered ${error.status} on ` +
      `${error.method} ${error.url}${error.message ? `: ${error.message}` : ''}`
    );
  const message = (error as Error)?.message;
  return message ? message : String(error);
}
