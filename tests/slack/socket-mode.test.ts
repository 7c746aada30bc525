import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageTs } from '../fakes/slack-signing.js';
import { SEED_TITLE } from '../helpers/seed.js';
import { blocksText, startHarness, type SlackHarness } from './harness.js';

// Socket Mode (SLACK_APP_TOKEN set): the real Bolt SocketModeReceiver asks the configured Web API
// (SLACK_API_URL, so GovSlack works too) for a WebSocket URL and receives envelopes over it.
describe('Slack Socket Mode', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    // No signing secret: Socket Mode receives nothing over HTTP, so the bot starts without one.
    h = await startHarness({ env: { SLACK_APP_TOKEN: 'xapp-test', SLACK_SIGNING_SECRET: '' } });
  });
  afterAll(() => h?.close());

  it('connects through apps.connections.open on SLACK_API_URL with the app token, no HTTP listener', () => {
    const open = h.slack.calls.find((c) => c.method === 'apps.connections.open');
    expect(open?.token).toBe('xapp-test');
    expect(h.running.port).toBeUndefined();
  });

  it('answers /govai summary in the ack envelope and ask through response_url', async () => {
    const ack = await h.slack.socketSend('slash_commands', {
      command: '/govai',
      text: 'summary',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T1',
      response_url: h.slack.responseUrl('sock-summary'),
    });
    expect(blocksText(ack.blocks as Array<Record<string, unknown>>)).toContain('Anthropic is advancing talks');
    await h.slack.socketSend('slash_commands', {
      command: '/govai',
      text: 'ask What is Constitutional AI?',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T1',
      response_url: h.slack.responseUrl('sock-ask'),
    });
    const answer = await h.slack.waitFor(() => h.slack.responses.find((r) => r.id === 'sock-ask'), 8_000, 'respond()');
    expect(blocksText(answer.body.blocks as Array<Record<string, unknown>>)).toContain(SEED_TITLE);
  });

  it('answers a keyword question from an events_api envelope in its thread', async () => {
    const ts = messageTs();
    await h.slack.socketSend('events_api', {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'EvSock1',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
      event: { type: 'message', channel: 'CSOCK00001', user: 'U1', text: 'What does IL6 mean?', ts },
    });
    const post = await h.slack.waitFor(
      () => h.slack.posts.find((p) => p.channel === 'CSOCK00001'),
      8_000,
      'threaded reply',
    );
    expect(post.thread_ts).toBe(ts);
  });
});
