import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackWebPublisher } from '../../src/adapters/slack/web-publisher.js';
import type { SlackPublisher } from '../../src/adapters/slack/publisher.js';
import type { Reply } from '../../src/core/reply.js';
import type { DigestItem } from '../../src/core/model.js';
import { createLogger } from '../../src/log/logger.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { manualTime } from '../helpers/manual-time.js';
import { blocksText } from './harness.js';

const notice = (message: string): Reply => ({ kind: 'notice', level: 'info', message });

function item(i: number, tldrChars = 200): DigestItem {
  return {
    briefingId: `story-${i}`,
    title: `Story number ${i}`,
    tldr: `Summary ${i}. ${'Agencies weigh new rules for AI procurement. '.repeat(Math.ceil(tldrChars / 45))}`.slice(
      0,
      tldrChars,
    ),
    url: `https://news.example/${i}`,
    source: 'Example News',
    published: '2026-11-20',
  };
}

describe('Slack publisher (publish port)', () => {
  let slack: FakeSlackApi;
  let publisher: SlackPublisher;
  const logs: string[] = [];
  beforeAll(async () => {
    slack = await startFakeSlackApi();
  });
  afterAll(() => slack.close());
  beforeEach(() => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    });
    publisher = createSlackWebPublisher({ botToken: 'xoxb-test', apiUrl: slack.apiUrl }, createLogger('info', sink), {
      // Retry-After and backoff waits on a manual clock that jumps ahead on its own: no wall-clock wait.
      publisher: { minIntervalMs: 10, backoffMs: 10, time: manualTime({ auto: true }) },
    });
  });

  it('429 with retry-after several times, then 200: every message delivered once, in order', async () => {
    slack.rateLimit('chat.postMessage', 3, 1);
    const results = await Promise.all([1, 2, 3, 4].map((i) => publisher.publish('CRATE', notice(`message ${i}`))));
    expect(results.every((r) => r.ok)).toBe(true);
    const posted = slack.posts.filter((p) => p.channel === 'CRATE').map((p) => p.text);
    expect(posted).toEqual(['message 1', 'message 2', 'message 3', 'message 4']);
    const attempts = slack.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === 'CRATE');
    expect(attempts.filter((c) => c.status === 429)).toHaveLength(3);
    expect(attempts).toHaveLength(7);
    // How long it waits is checked on a virtual clock (publisher-pacing.test.ts), not on the wall clock here.
  });

  it('5xx is retried and the message delivered once', async () => {
    slack.serverError('chat.postMessage', 2);
    const result = await publisher.publish('C5XX', notice('after errors'));
    expect(result).toMatchObject({ ok: true });
    expect(slack.posts.filter((p) => p.channel === 'C5XX')).toHaveLength(1);
  });

  it('not_in_channel and channel_not_found are permanent, clear and logged', async () => {
    slack.notMember.add('CNOTIN');
    slack.channelErrors.set('CGONE', 'channel_not_found');
    const notIn = await publisher.publish('CNOTIN', notice('x'));
    const gone = await publisher.publish('CGONE', notice('x'));
    expect(notIn).toMatchObject({ ok: false, permanent: true });
    expect(notIn.ok ? '' : notIn.message).toMatch(/CNOTIN.*not a member.*\/invite @govai/);
    expect(gone).toMatchObject({ ok: false, permanent: true });
    expect(gone.ok ? '' : gone.message).toMatch(/CGONE.*no such channel/);
    // One attempt each: retrying a permanent error cannot help.
    expect(slack.calls.filter((c) => c.params.channel === 'CNOTIN')).toHaveLength(1);
    const errorLogs = logs.filter((l) => l.includes('"level":50'));
    expect(errorLogs.some((l) => l.includes('CNOTIN') && l.includes('not_in_channel'))).toBe(true);
    expect(logs.join('\n')).not.toContain('xoxb-test');
  });

  it('a long digest posts its first message in the channel and continues in that thread', async () => {
    const reply: Reply = {
      kind: 'digest',
      title: 'Weekly AI policy digest',
      emptyMessage: 'nothing',
      digest: {
        items: [1, 2, 3].map((i) => item(i)),
        overflow: Array.from({ length: 60 }, (_, i) => item(i + 4, 900)),
      },
    };
    const result = await publisher.publish('CDIGEST', reply);
    expect(result.ok).toBe(true);
    const posts = slack.posts.filter((p) => p.channel === 'CDIGEST');
    expect(posts.length).toBeGreaterThanOrEqual(3);
    expect(posts[0]!.thread_ts).toBeUndefined();
    for (const p of posts.slice(1)) expect(p.thread_ts).toBe(posts[0]!.ts);
    expect(result.ok && result.messageIds).toEqual(posts.map((p) => p.ts));
    const all = posts.map((p) => blocksText(p.blocks)).join('\n');
    for (let i = 1; i <= 63; i++) expect(all.split(`|Story number ${i}>`).length - 1, `story ${i}`).toBe(1);
    expect(blocksText(posts[0]!.blocks)).toContain('60 more stories in the thread');
  });
});
