import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_AUTH, startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';

// The fake itself: the real Web API client must see what Slack would send it.
describe('fake Slack Web API', () => {
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
  });
  afterAll(() => slack.close());

  it('answers auth.test with the documented identity and scopes header', async () => {
    const client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
    const res = await client.auth.test();
    expect(res.user_id).toBe(FAKE_AUTH.user_id);
    expect(res.response_metadata?.scopes).toContain('chat:write');
    expect(slack.calls.at(-1)?.token).toBe('xoxb-test');
  });

  it('records chat.postMessage with decoded blocks and scripted failures', async () => {
    const client = new WebClient('xoxb-test', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await client.chat.postMessage({
      channel: 'C9',
      text: 'hi',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }],
    });
    expect(slack.posts.at(-1)?.blocks?.[0]?.type).toBe('section');
    slack.rateLimit('chat.postMessage', 1, 2);
    await expect(client.chat.postMessage({ channel: 'C9', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 2,
    });
    slack.notMember.add('C8');
    await expect(client.chat.postMessage({ channel: 'C8', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    const info = await client.conversations.info({ channel: 'C8' });
    expect((info.channel as { is_member?: boolean }).is_member).toBe(false);
  });
});
