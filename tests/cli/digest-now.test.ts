import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { FakeTeams } from '../fakes/fake-teams.js';
import { type ManualTime, manualTime } from '../helpers/manual-time.js';
import { unusedPort } from '../helpers/net.js';
import { govaiInProcess } from '../helpers/run-cli.js';
import { tempProject, writeFreshBriefing } from '../helpers/seed.js';

// `govai digest --now` from the CLI (issue 13 item 5, issue 15): Slack needs only the bot token; a destination the
// command cannot reach is a failure with exit 1, never "nothing new"; teams: destinations post through the Agents
// SDK with the stored conversation reference. And `govai schedule` shows the last delivery that was sent.

const CONVERSATION = '19:cli-digest@thread.tacv2';

function project(config: string) {
  const p = tempProject();
  writeFreshBriefing(p.briefingsDir);
  writeFileSync(path.join(p.dir, 'govai.config.yaml'), config);
  mkdirSync(path.join(p.dir, 'data'), { recursive: true });
  return { ...p, db: path.join(p.dir, 'data', 'govai.db') };
}

// The CLI's clock: a manual one from the real now (the fixtures' dates are relative to it), stepped, never slept on.
const time = manualTime({ startMs: Date.now() });

const cli = (cwd: string, args: string[], env: Record<string, string> = {}, clock: ManualTime = time) =>
  govaiInProcess(args, { cwd, env: { GOVAI_DB: 'data/govai.db', ...env }, time: clock });

let slack: FakeSlackApi;
let teams: FakeTeams;
beforeAll(async () => {
  slack = await startFakeSlackApi();
  teams = await new FakeTeams().start();
});
afterAll(async () => {
  await slack.close();
  await teams.close();
});

describe('govai digest --now', () => {
  it('posts to Slack with SLACK_BOT_TOKEN alone (no signing secret)', async () => {
    const p = project('digests:\n  - id: daily\n    cron: "0 9 * * *"\n    to: [slack:CDIGEST001]\n');
    const r = await cli(p.dir, ['digest', '--now'], { SLACK_BOT_TOKEN: 'xoxb-cli', SLACK_API_URL: slack.apiUrl });
    expect(r.stderr).toBe('sent daily to slack:CDIGEST001: 1 briefing\n');
    expect(r.code).toBe(0);
    expect(slack.posts.filter((m) => m.channel === 'CDIGEST001').length).toBeGreaterThan(0);
    expect(JSON.stringify(slack.posts.filter((m) => m.channel === 'CDIGEST001'))).toContain(
      'Treasury pilots ledger audits',
    );

    // The doctor says what the missing secret means, instead of "not configured".
    const doctor = await cli(p.dir, ['doctor'], { SLACK_BOT_TOKEN: 'xoxb-cli', SLACK_API_URL: slack.apiUrl });
    expect(doctor.stdout).toContain(
      'SLACK_SIGNING_SECRET is missing (needed to verify requests from Slack in HTTP mode; set SLACK_APP_TOKEN ' +
        'instead for Socket Mode): `govai digest --now` can post with SLACK_BOT_TOKEN alone, but the bot cannot ' +
        'run on Slack',
    );
  });

  it('fails with exit 1, naming each destination it could not reach, instead of "nothing new"', async () => {
    const p = project(
      'digests:\n  - id: daily\n    cron: "0 9 * * *"\n    to: [slack:CDIGEST002, ' +
        'discord:100000000000000004, console]\n',
    );
    const r = await cli(p.dir, ['digest', '--now']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'FAILED slack:CDIGEST002: Slack is not configured (set SLACK_BOT_TOKEN; posting needs no signing secret)',
        'FAILED discord:100000000000000004: Discord is not configured (set DISCORD_TOKEN and DISCORD_APPLICATION_ID)',
        'sent daily to console: 1 briefing',
        '',
      ].join('\n'),
    );
    expect(r.stderr).not.toMatch(/nothing new/);
    // Recorded as failed (govai doctor lists it); the next run with the token set still owes them the news.
    const doctor = await cli(p.dir, ['doctor']);
    expect(doctor.stdout).toMatch(
      /\[FAIL\] digest daily -> slack:CDIGEST002: cannot deliver .*Slack is not configured/,
    );
    expect(doctor.stdout).toContain('fix: set SLACK_BOT_TOKEN; posting needs no signing secret');
    // Nothing new for it now, and still a failure: it could not have been sent.
    await time.advance(1_000); // a new second: a new manual slot
    const only = await cli(p.dir, ['digest', '--now', '--to', 'console']);
    expect(only).toMatchObject({ code: 0, stderr: 'skipped console: nothing new\n' });
    const again = await cli(p.dir, ['digest', '--now', '--to', 'slack:CDIGEST002']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^FAILED slack:CDIGEST002: Slack is not configured/);
  });

  it('fails with exit 1 when a configured platform cannot be reached, giving the cause for Slack as for Discord', async () => {
    const port = await unusedPort();
    const p = project(
      'digests:\n  - id: daily\n    cron: "0 9 * * *"\n    to: [slack:CDIGEST003, discord:100000000000000005]\n',
    );
    // Slack's retry backoff waits on this clock, moved on its own (no real seconds slept).
    const clock = manualTime({ startMs: Date.now(), auto: true });
    const r = await cli(
      p.dir,
      ['digest', '--now'],
      {
        SLACK_BOT_TOKEN: 'xoxb-cli',
        SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
        DISCORD_TOKEN: 'discord-cli',
        DISCORD_APPLICATION_ID: '123456789012345678',
        DISCORD_API_URL: `http://127.0.0.1:${port}/api`,
      },
      clock,
    );
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `FAILED slack:CDIGEST003: Slack channel CDIGEST003: cannot reach the Slack Web API: connect ` +
        `ECONNREFUSED 127.0.0.1:${port} (will be retried by the running bot)`,
      `FAILED discord:100000000000000005: discord channel 100000000000000005: connect ECONNREFUSED ` +
        `127.0.0.1:${port} (will be retried by the running bot)`,
    ]);
    expect(r.stderr).not.toContain('fetch failed');
  }, 40_000);

  it('posts to a teams: destination through the stored conversation reference', async () => {
    const p = project(
      `${teams.configYaml()}digests:\n  - id: daily\n    cron: "0 9 * * *"\n    to: ` +
        `["teams:${CONVERSATION}", "teams:19:unknown@thread.tacv2"]\n`,
    );
    const store = openStore(p.db);
    store.teamsConversations.upsert(teams.channelConversation(CONVERSATION));
    store.close();
    const r = await cli(p.dir, ['digest', '--now'], teams.env());
    expect(r.stderr).toContain(`sent daily to teams:${CONVERSATION}: 1 briefing\n`);
    expect(r.stderr).toContain('FAILED teams:19:unknown@thread.tacv2: no conversation reference for teams:19:unknown');
    expect(r.code).toBe(1);
    const posts = teams.posts.filter((x) => x.conversationId === CONVERSATION);
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.activity)).toContain('Treasury pilots ledger audits');
    expect(teams.tokenRequests.length).toBeGreaterThan(0);
  });
});

describe('govai schedule', () => {
  it('shows the last delivery that was sent, with a later empty run as a footnote', async () => {
    const p = project('digests:\n  - id: daily\n    cron: "0 9 * * *"\n    timezone: UTC\n    to: [console]\n');
    expect((await cli(p.dir, ['digest', '--now'])).code).toBe(0);
    const store = openStore(p.db);
    const later = store.deliveries.claim(
      {
        digest: 'daily',
        slot: '2099-01-01T09:00:00.000Z',
        destination: 'console',
        briefingIds: [],
        trigger: 'schedule',
        status: 'skipped',
      },
      Date.now() + 1000,
    );
    expect(later.created).toBe(true);
    store.close();
    const r = await cli(p.dir, ['schedule']);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith('console'))!;
    expect(line).toMatch(
      /^ {4}console {2}sent 1 briefing \(slot .*, manual\); nothing new since \(checked Thu 2099-01-01 09:00 UTC\)$/,
    );
    const json = JSON.parse((await cli(p.dir, ['schedule', '--format', 'json'])).stdout);
    expect(json[0].destinations[0]).toMatchObject({ last: { status: 'skipped' }, lastSent: { status: 'sent' } });
  });
});
