import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { messageTs, postEvent, postSlashCommand, TEST_SIGNING_SECRET } from '../fakes/slack-signing.js';
import { unusedPort } from '../helpers/net.js';
import { spawnMain } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';
import { blocksText } from './harness.js';

// The composition root (src/main.ts) starts the Slack adapter when its two variables are set.
describe('npm start with Slack settings', () => {
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
  });
  afterAll(() => slack.close());

  it('serves /govai and keyword answers, and stops cleanly on SIGTERM', async () => {
    const port = await unusedPort();
    const { dir } = tempProject();
    const bot = spawnMain(dir, {
      SLACK_BOT_TOKEN: 'xoxb-main-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      GOVAI_CONSOLE: '0',
      GOVAI_DB: path.join(dir, 'govai.db'),
      LOG_LEVEL: 'info',
    });
    try {
      await waitFor(
        () => (bot.stderr().includes('Slack adapter listening') ? true : undefined),
        30_000,
        'the Slack adapter to listen',
      );
      // stderr is not a terminal: every line is JSON, and the start-up line (logged once every adapter has started)
      // is an entry marked startup. The text after the last newline may still be being written.
      const entries = await waitFor(
        () => {
          const all = bot
            .stderr()
            .split('\n')
            .slice(0, -1)
            .map((l) => JSON.parse(l) as Record<string, unknown>);
          return all.some((e) => e.startup === true) ? all : undefined;
        },
        30_000,
        'the start-up line',
      );
      expect(entries).toContainEqual(
        expect.objectContaining({ startup: true, msg: `Slack: listening on :${port}/slack/events (HTTP mode)` }),
      );
      const url = `http://127.0.0.1:${port}/slack/events`;
      const res = await postSlashCommand(url, { text: 'summary', response_url: slack.responseUrl('main') });
      expect(res.status).toBe(200);
      expect(blocksText(res.json().blocks as Array<Record<string, unknown>>)).toContain('Anthropic is advancing talks');
      const ts = messageTs();
      await postEvent(url, { type: 'message', channel: 'CMAIN00001', user: 'U1', text: 'What does IL6 mean?', ts });
      const post = await slack.waitFor(
        () => slack.posts.find((p) => p.channel === 'CMAIN00001'),
        10_000,
        'threaded reply',
      );
      expect(post.thread_ts).toBe(ts);
      expect(slack.calls.find((c) => c.method === 'auth.test')?.token).toBe('xoxb-main-test');
      expect(bot.stderr()).not.toContain('xoxb-main-test');
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect(await bot.exited).toBe(0);
  }, 60_000);
});
