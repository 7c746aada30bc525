import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { messageTs, postEvent, postSlashCommand, TEST_SIGNING_SECRET } from '../fakes/slack-signing.js';
import { REPO_ROOT, tempProject, waitFor } from '../helpers/seed.js';
import { blocksText } from './harness.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

// The composition root (src/main.ts) starts the Slack adapter when its two variables are set.
describe('npm start with Slack settings', () => {
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
  });
  afterAll(() => slack.close());

  it('serves /govai and keyword answers, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { dir } = tempProject();
    const tsx = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', tsx, path.join(REPO_ROOT, 'src', 'main.ts')], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: 'xoxb-main-test',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        GOVAI_CONSOLE: '0',
        GOVAI_DB: path.join(dir, 'govai.db'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => (stderr.includes('Slack adapter listening') ? true : undefined), 30_000, 'the Slack adapter to listen');
      const url = `http://127.0.0.1:${port}/slack/events`;
      const res = await postSlashCommand(url, { text: 'summary', response_url: slack.responseUrl('main') });
      expect(res.status).toBe(200);
      expect(blocksText(res.json().blocks as Array<Record<string, unknown>>)).toContain('Anthropic is advancing talks');
      const ts = messageTs();
      await postEvent(url, { type: 'message', channel: 'CMAIN00001', user: 'U1', text: 'What does IL6 mean?', ts });
      const post = await slack.waitFor(() => slack.posts.find((p) => p.channel === 'CMAIN00001'), 10_000, 'threaded reply');
      expect(post.thread_ts).toBe(ts);
      expect(slack.calls.find((c) => c.method === 'auth.test')?.token).toBe('xoxb-main-test');
      expect(stderr).not.toContain('xoxb-main-test');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
