import { describe, expect, it } from 'vitest';
import { createSlackPublisher, type SlackApiCaller } from '../../src/adapters/slack/publisher.js';
import type { Reply } from '../../src/core/reply.js';
import { silentLogger } from '../../src/log/logger.js';

// Pacing and rate-limit logic on a virtual clock: no real waiting, no timing assertions on wall time.
function virtualClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

const notice = (message: string): Reply => ({ kind: 'notice', level: 'info', message });

describe('Slack publisher pacing (virtual clock)', () => {
  it('keeps about one message per second per channel, channels independent', async () => {
    const clock = virtualClock();
    const calls: Array<{ channel: string; text: string; at: number }> = [];
    const client: SlackApiCaller = {
      async apiCall(_method, options) {
        calls.push({ channel: String(options?.channel), text: String(options?.text), at: clock.now() });
        return { ok: true, ts: `${calls.length}.0` };
      },
    };
    const publisher = createSlackPublisher(client, silentLogger(), { time: clock, minIntervalMs: 1_000 });
    await Promise.all([
      publisher.publish('CA', notice('a1')),
      publisher.publish('CA', notice('a2')),
      publisher.publish('CA', notice('a3')),
    ]);
    const a = calls.filter((c) => c.channel === 'CA');
    expect(a.map((c) => c.text)).toEqual(['a1', 'a2', 'a3']);
    for (let i = 1; i < a.length; i++) expect(a[i]!.at - a[i - 1]!.at).toBeGreaterThanOrEqual(1_000);
    // Another channel does not wait behind CA's spacing.
    const before = clock.now();
    await publisher.publish('CB', notice('b1'));
    expect(calls.at(-1)).toMatchObject({ channel: 'CB', at: before });
  });

  it('a 429 waits its Retry-After (for every channel), then sends the same message once', async () => {
    const clock = virtualClock();
    const calls: Array<{ channel: string; at: number }> = [];
    let limited = 2;
    const client: SlackApiCaller = {
      async apiCall(_method, options) {
        calls.push({ channel: String(options?.channel), at: clock.now() });
        if (limited-- > 0)
          throw Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
        return { ok: true, ts: '1.0' };
      },
    };
    const publisher = createSlackPublisher(client, silentLogger(), { time: clock, minIntervalMs: 0 });
    const result = await publisher.publish('CA', notice('x'));
    expect(result).toEqual({ ok: true, messageIds: ['1.0'] });
    expect(calls.map((c) => c.at)).toEqual([0, 30_000, 60_000]);
    // Too long a wait is handed back to the caller (the scheduler retries later) instead of blocking for hours.
    const impatient = createSlackPublisher(
      {
        apiCall: async () =>
          Promise.reject(
            Object.assign(new Error('rl'), { code: 'slack_webapi_rate_limited_error', retryAfter: 3_600 }),
          ),
      },
      silentLogger(),
      { time: clock, maxRateLimitWaitMs: 60_000 },
    );
    expect(await impatient.publish('CA', notice('y'))).toMatchObject({
      ok: false,
      permanent: false,
      retryAfterMs: 3_600_000,
    });
  });

  it('unknown platform errors are permanent; network errors are retried then reported as retryable', async () => {
    const clock = virtualClock();
    const platform = createSlackPublisher(
      {
        apiCall: async () =>
          Promise.reject(
            Object.assign(new Error('x'), {
              code: 'slack_webapi_platform_error',
              data: { ok: false, error: 'invalid_blocks' },
            }),
          ),
      },
      silentLogger(),
      { time: clock },
    );
    expect(await platform.publish('CA', notice('x'))).toMatchObject({
      ok: false,
      permanent: true,
      message: expect.stringContaining('invalid_blocks'),
    });
    let attempts = 0;
    const network = createSlackPublisher(
      {
        apiCall: async () => {
          attempts++;
          // The connection was refused: the request never left, so a retry cannot duplicate.
          throw Object.assign(new Error('fetch failed'), {
            code: 'slack_webapi_request_error',
            original: Object.assign(new TypeError('fetch failed'), {
              cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' },
            }),
          });
        },
      },
      silentLogger(),
      { time: clock, transientAttempts: 3 },
    );
    expect(await network.publish('CA', notice('x'))).toMatchObject({
      ok: false,
      permanent: false,
      // The cause, as Discord gives it, not undici's bare "fetch failed".
      message: 'Slack channel CA: cannot reach the Slack Web API: connect ECONNREFUSED 127.0.0.1:9',
    });
    expect(attempts).toBe(3);
    expect((await network.publish('CA', notice('x'))) as { uncertain?: boolean }).not.toHaveProperty('uncertain');
  });

  it('an unanswered post (timeout) is not retried here: it comes back uncertain, to be looked up', async () => {
    let attempts = 0;
    const slow = createSlackPublisher(
      {
        apiCall: async () => {
          attempts++;
          throw Object.assign(new Error('A request error occurred: The operation was aborted due to timeout'), {
            code: 'slack_webapi_request_error',
            original: Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
          });
        },
      },
      silentLogger(),
      { time: virtualClock(), transientAttempts: 3 },
    );
    expect(await slow.publish('CA', notice('x'))).toMatchObject({
      ok: false,
      permanent: false,
      uncertain: true,
      message: expect.stringContaining('timed out'),
    });
    expect(attempts).toBe(1);
  });
});
