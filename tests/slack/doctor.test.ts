import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/load.js';
import { slackCheck } from '../../src/doctor/slack-check.js';
import { silentLogger } from '../../src/log/logger.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { tempProject } from '../helpers/seed.js';

const CONFIG = `
digests:
  - id: weekly
    cron: "0 9 * * 1"
    to: [slack:CGOOD00001, slack:COUT000001, console]
triggers:
  channels: [slack:CGONE00001, slack:CGOOD00001]
`;

async function findings(env: Record<string, string>, config = CONFIG) {
  const { dir } = tempProject({ 'govai.config.yaml': config });
  const loaded = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', ...env }, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return slackCheck.run(await createAppContext({ config: loaded.config, logger: silentLogger() }));
}

describe('govai doctor: Slack', () => {
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
  });
  afterAll(() => slack.close());

  it('checks the token, the scopes and every configured channel, and says what to fix', async () => {
    slack.scopes = ['commands', 'chat:write', 'app_mentions:read', 'channels:read'];
    slack.notMember.add('COUT000001');
    slack.channelErrors.set('CGONE00001', 'channel_not_found');
    const result = await findings({ SLACK_API_URL: slack.apiUrl });
    const by = (area: string) => result.filter((f) => f.area === area);
    expect(by('slack token')[0]).toMatchObject({ status: 'ok', message: expect.stringContaining('UBOT') });
    expect(by('slack scopes')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('channels:history'),
    });
    expect(by('slack scopes')[0]!.fix).toMatch(/reinstall/i);
    expect(by('slack scopes')[1]).toMatchObject({ status: 'warn', message: expect.stringContaining('groups:history') });
    // Reads as English: one parenthesis per scope, saying what it is needed for.
    expect(by('slack scopes').map((f) => f.message)).toEqual([
      'missing channels:history (needed for keyword-triggered answers in public channels)',
      'missing optional groups:history (needed for keyword-triggered answers in private channels), ' +
        "im:history (needed for direct messages to the bot), groups:read (needed for this doctor's check that " +
        'the bot is in each private channel)',
    ]);
    expect(by('slack channel CGOOD00001')).toEqual([expect.objectContaining({ status: 'ok' })]);
    expect(by('slack channel COUT000001')[0]).toMatchObject({
      status: 'fail',
      fix: 'In Slack, open #c-cout000001 and type /invite @govai.',
    });
    expect(by('slack channel CGONE00001')[0]).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('not found'),
    });
    // The bot token went in the Authorization header, never anywhere in a finding.
    expect(JSON.stringify(result)).not.toContain('xoxb-test');
  });

  it('a refused token is one clear failure', async () => {
    slack.authError = 'invalid_auth';
    try {
      const result = await findings({ SLACK_API_URL: slack.apiUrl });
      expect(result).toEqual([
        expect.objectContaining({
          area: 'slack token',
          status: 'fail',
          message: expect.stringContaining('invalid_auth'),
        }),
      ]);
      expect(result[0]!.fix).toMatch(/SLACK_BOT_TOKEN/);
    } finally {
      slack.authError = undefined;
    }
  });

  it('an unreachable API is reported, not thrown', async () => {
    const result = await findings({ SLACK_API_URL: 'http://127.0.0.1:1/api/' });
    expect(result).toEqual([
      expect.objectContaining({ area: 'slack', status: 'fail', fix: expect.stringContaining('SLACK_API_URL') }),
    ]);
  });

  it('slack channels in the config without Slack settings fail; no Slack at all is listed as off with what to set', async () => {
    const { dir } = tempProject({ 'govai.config.yaml': CONFIG });
    const loaded = loadConfig({}, dir);
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const result = await slackCheck.run(await createAppContext({ config: loaded.config, logger: silentLogger() }));
    expect(result[0]).toMatchObject({ status: 'fail', fix: expect.stringContaining('SLACK_BOT_TOKEN') });
    const { dir: empty } = tempProject();
    const none = loadConfig({}, empty);
    if (!none.ok) throw new Error('config');
    expect(await slackCheck.run(await createAppContext({ config: none.config, logger: silentLogger() }))).toEqual([
      {
        area: 'slack',
        status: 'off',
        message: 'not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to enable',
      },
    ]);
  });
});
