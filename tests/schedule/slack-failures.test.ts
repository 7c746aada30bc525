import { afterEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { createSlackPublisher } from '../../src/adapters/slack/publisher.js';
import { manualTime } from '../helpers/manual-time.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { startChatGate, type ChatGate } from './chat-gate.js';
import { captureLogger, slotThroughPublishers } from './helpers.js';

// The real Slack publisher (Web API client over HTTP) against the fake Slack API, behind a gate that fails one
// channel with 500s and rate-limits another: the scheduler's fan-out with real retries and real Retry-After.

let fake: FakeSlackApi | undefined;
let gate: ChatGate | undefined;
afterEach(async () => {
  await gate?.close();
  await fake?.close();
});

describe('digest fan-out against a fake Slack API that fails', () => {
  it(
    'healthy channel on time, 429 channel after Retry-After, 500 channel retried then reported; nothing lost ' +
      'or doubled',
    async () => {
      fake = await startFakeSlackApi();
      gate = await startChatGate(fake.apiUrl, (channel, n) => {
        if (channel === 'CRATE00001' && n === 1) return { status: 429, retryAfterSeconds: 1 };
        if (channel === 'CFAIL00001') return '500';
        return 'pass';
      });
      const { logger, lines } = captureLogger();
      const client = new webApi.WebClient('xoxb-test', {
        slackApiUrl: gate.apiUrl,
        rejectRateLimitedCalls: true,
        retryConfig: { retries: 0 },
      });
      // Retry-After and backoffs (the publisher's and the scheduler's) wait on a manual clock that jumps ahead on its
      // own, not on the wall clock.
      const time = manualTime({ auto: true });
      const slack = createSlackPublisher(client, logger, {
        minIntervalMs: 0,
        backoffMs: 20,
        transientAttempts: 2,
        time,
      });
      const { store, run } = slotThroughPublishers(
        ['slack:COK0000001', 'slack:CRATE00001', 'slack:CFAIL00001'],
        { slack },
        { logger, sleep: time.sleep, attempts: 3 },
      );
      const { by } = await run();
      expect(by['slack:COK0000001']).toMatchObject({ status: 'sent' });
      expect(by['slack:CRATE00001']).toMatchObject({ status: 'sent' });
      expect(by['slack:CFAIL00001']).toMatchObject({ status: 'failed', permanent: false, attempts: 3 });

      const arrivals = (channel: string) => gate!.arrivals.filter((a) => a.channel === channel);
      const healthy = arrivals('COK0000001');
      const limited = arrivals('CRATE00001');
      // The healthy channel was served with one request, before the rate-limited channel's retry.
      expect(healthy).toHaveLength(1);
      expect(limited).toHaveLength(2);
      expect(healthy[0]!.at).toBeLessThanOrEqual(limited[1]!.at);
      // Not before Retry-After (1 s) had passed: the publisher waited exactly what the server asked.
      expect(time.sleeps).toContain(1_000);
      // Failing channel: each scheduler attempt is 2 publisher tries.
      expect(arrivals('CFAIL00001')).toHaveLength(6);

      // Posted exactly once where it could be, nothing posted where it could not.
      const posts = (channel: string) => fake!.posts.filter((p) => p.channel === channel && !p.thread_ts);
      expect(posts('COK0000001')).toHaveLength(1);
      expect(posts('CRATE00001')).toHaveLength(1);
      expect(posts('CFAIL00001')).toHaveLength(0);
      // Reported, and still owed (nothing lost): the next run or restart retries it.
      expect(store.deliveries.failures()).toEqual([
        expect.objectContaining({ destination: 'slack:CFAIL00001', permanent: false }),
      ]);
      expect(store.deliveries.retryable().map((r) => [r.destination, r.briefingIds.sort()])).toEqual([
        ['slack:CFAIL00001', ['a', 'b']],
      ]);
      expect(lines().some((l) => l.level === 50 && l.destination === 'slack:CFAIL00001')).toBe(true);

      // The API recovers: the owed digest goes out once, and the other channels get nothing twice.
      gate.decide = () => 'pass';
      const later = (await run()).outcomes;
      expect(later.map((o) => o.status)).toEqual(['already', 'already', 'sent']);
      expect(posts('COK0000001')).toHaveLength(1);
      expect(posts('CRATE00001')).toHaveLength(1);
      expect(posts('CFAIL00001')).toHaveLength(1);
    },
  );
});
