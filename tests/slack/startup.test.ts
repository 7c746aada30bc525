import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { startSlack } from '../../src/adapters/slack/start.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/log/logger.js';
import { startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { TEST_SIGNING_SECRET } from '../fakes/slack-signing.js';
import { unusedPort } from '../helpers/net.js';
import { spawnMain } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';

/** A loopback URL nothing listens on. */
async function deadApiUrl(): Promise<string> {
  return `http://127.0.0.1:${await unusedPort()}/api/`;
}

async function context(apiUrl: string) {
  const { dir } = tempProject();
  const loaded = loadConfig(
    { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: apiUrl },
    dir,
  );
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return createAppContext({ config: loaded.config, logger: silentLogger() });
}

describe('Slack start-up', () => {
  it('an unreachable Web API rejects start with a clear error', async () => {
    const apiUrl = await deadApiUrl();
    const ctx = await context(apiUrl);
    const error = await startSlack(ctx, {
      listen: { port: 0, host: '127.0.0.1' },
      clientOptions: { retryConfig: { retries: 0 } },
    }).then(
      () => new Error('started'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(
      new RegExp(`Cannot reach the Slack Web API at ${apiUrl.replace(/[/.]/g, '\\$&')}.*SLACK_API_URL`),
    );
    // The cause, as Discord and the doctor give it, not undici's bare "fetch failed" (issue 13 item 5).
    expect(error.message).toContain(`(auth.test: connect ECONNREFUSED 127.0.0.1:${new URL(apiUrl).port})`);
  });

  it('a refused token says which variable to fix', async () => {
    const slack = await startFakeSlackApi();
    slack.authError = 'invalid_auth';
    try {
      const ctx = await context(slack.apiUrl);
      await expect(
        startSlack(ctx, { listen: { port: 0, host: '127.0.0.1' }, clientOptions: { retryConfig: { retries: 0 } } }),
      ).rejects.toThrow(/Slack refused SLACK_BOT_TOKEN \(invalid_auth\)/);
    } finally {
      await slack.close();
    }
  });

  it('the real process exits non-zero with the message, not an unhandled rejection', async () => {
    const apiUrl = await deadApiUrl();
    const { dir } = tempProject();
    const bot = spawnMain(dir, {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: apiUrl,
      PORT: '0',
      GOVAI_CONSOLE: '0',
      GOVAI_DB: path.join(dir, 'govai.db'),
      LOG_LEVEL: 'silent',
    });
    const code = await bot.exited;
    const stderr = bot.stderr();
    expect(stderr).toMatch(/Cannot reach the Slack Web API at http:\/\/127\.0\.0\.1:\d+\/api\//);
    expect(stderr).toMatch(/\(auth\.test: connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
    expect(stderr).not.toMatch(/auth\.test: fetch failed/);
    expect(stderr).not.toMatch(/Unhandled|UnhandledPromiseRejection|at async/);
    expect(stderr).not.toContain('xoxb-test');
    expect(code).toBe(1);
  }, 60_000);
});
