import { describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/load.js';
import { discordCheck } from '../../src/doctor/discord-check.js';
import { slackCheck } from '../../src/doctor/slack-check.js';
import { silentLogger } from '../../src/log/logger.js';
import { unusedPort } from '../helpers/net.js';
import { govai, govaiInProcess } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';

const CONFIG = 'digests:\n  - id: m\n    cron: "0 9 * * *"\n    to: [slack:C0123456789, discord:112233445566778899]\n';

async function context(env: Record<string, string>) {
  const { dir } = tempProject({ 'govai.config.yaml': CONFIG });
  const loaded = loadConfig({ GOVAI_DB: ':memory:', ...env }, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return createAppContext({ config: loaded.config, logger: silentLogger() });
}

describe('doctor platform checks', () => {
  it('fail when the config names channels of a platform that is not configured, and say what to set', async () => {
    const ctx = await context({});
    expect(await slackCheck.run(ctx)).toEqual([
      expect.objectContaining({
        area: 'slack',
        status: 'fail',
        message: expect.stringMatching(/names slack channels \(C0123456789\) but Slack is not configured/),
        fix: expect.stringMatching(/SLACK_BOT_TOKEN/),
      }),
    ]);
    expect(await discordCheck.run(ctx)).toEqual([
      expect.objectContaining({
        area: 'discord',
        status: 'fail',
        message: expect.stringMatching(/but Discord is not configured/),
        fix: expect.stringMatching(/DISCORD_TOKEN/),
      }),
    ]);
  });

  it('report an unreachable API as one finding naming the URL setting, not a crash', async () => {
    const port = await unusedPort();
    const ctx = await context({
      SLACK_BOT_TOKEN: 'xoxb-doctor',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
    });
    const slack = await slackCheck.run(ctx);
    expect(slack).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: expect.stringContaining(`cannot reach the Slack Web API at http://127.0.0.1:${port}/api/`),
        fix: expect.stringMatching(/SLACK_API_URL/),
      }),
    ]);
    const discord = await discordCheck.run(ctx);
    expect(discord).toEqual([
      expect.objectContaining({
        status: 'fail',
        message: expect.stringContaining(`cannot reach the Discord API at http://127.0.0.1:${port}/api`),
        fix: expect.stringMatching(/DISCORD_API_URL/),
      }),
    ]);
    expect(JSON.stringify([...slack, ...discord])).not.toContain('xoxb-doctor');
    // The cause, not undici's bare "fetch failed", on both platforms.
    expect(slack[0]!.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(discord[0]!.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(slack[0]!.message).not.toContain('fetch failed');
  });

  it('with nothing configured, list every platform as off with what to set, and the console as active', async () => {
    const { dir } = tempProject();
    const r = await govai(['doctor'], { cwd: dir, env: { GOVAI_DB: ':memory:' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toEqual([
      '[ok  ] settings: no config file (defaults)',
      `[ok  ] briefings: 1 briefing loaded from ${dir}/briefings`,
      '[ok  ] console: active: `npm start` opens the local console (no chat platform is configured)',
      '[off ] slack: not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to enable',
      '[off ] discord: not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID to enable',
      '[off ] teams: not configured: set TEAMS_APP_ID, TEAMS_APP_PASSWORD and TEAMS_TENANT_ID to enable',
      '[off ] model: no model configured: answers and summaries are offline, and no article text leaves this machine',
      '       fix: to use one, set GOVAI_LLM_PROVIDER (anthropic, bedrock or openai-compatible); see README ' +
        '"Using Claude or a local model"',
    ]);
    // The same doctor in this process (the text run above went through the launcher).
    const json = await govaiInProcess(['doctor', '--format', 'json'], { cwd: dir, env: { GOVAI_DB: ':memory:' } });
    expect(JSON.parse(json.stdout)).toEqual(
      expect.arrayContaining([{ area: 'slack', status: 'off', message: expect.stringContaining('SLACK_BOT_TOKEN') }]),
    );
  });

  it('say the console is off while a platform runs, unless GOVAI_CONSOLE=1', async () => {
    const { consoleCheck } = await import('../../src/doctor/console-check.js');
    const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(await consoleCheck.run(await context(slackEnv))).toEqual([
      expect.objectContaining({ status: 'off', message: expect.stringMatching(/^off: Slack is configured/) }),
    ]);
    expect(await consoleCheck.run(await context({ ...slackEnv, GOVAI_CONSOLE: '1' }))).toEqual([
      expect.objectContaining({ status: 'ok', message: expect.stringMatching(/^active/) }),
    ]);
  });
});
