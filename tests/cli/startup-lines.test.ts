import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createLogger, prettyStream } from '../../src/log/logger.js';
import { FAKE_IDS, startFakeDiscord } from '../fakes/fake-discord.js';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { FakeTeams } from '../fakes/fake-teams.js';
import { MAIN, spawnMain } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// Issue 13 item 6: `npm start` says in one readable line what each adapter is doing; logs are readable in a
// terminal and JSON otherwise; `govai list` lines its columns up.

let slack: FakeSlackApi;
beforeAll(async () => {
  slack = await startFakeSlackApi();
});
afterAll(() => slack.close());

async function startAndRead(env: Record<string, string>, until: RegExp) {
  const { dir } = tempProject();
  const bot = spawnMain(dir, {
    SLACK_BOT_TOKEN: 'xoxb-start',
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    GOVAI_CONSOLE: '0',
    GOVAI_DB: ':memory:',
    ...env,
  });
  try {
    await waitFor(() => (until.test(bot.stderr()) ? true : undefined), 20_000, `${until}\n${bot.stderr()}`);
    return bot.stderr();
  } finally {
    bot.child.kill('SIGTERM');
    await bot.exited;
  }
}

// Every case starts its own process in its own project (the fake Slack only answers them): side by side.
describe.concurrent('start-up lines', () => {
  describe('npm start', () => {
    it('prints "Slack: listening on :<port>/slack/events (HTTP mode)" and readable logs with LOG_FORMAT=pretty', async () => {
      const err = await startAndRead({ LOG_FORMAT: 'pretty' }, /Slack: listening/);
      expect(err).toMatch(/^Slack: listening on :\d+\/slack\/events \(HTTP mode\)$/m);
      expect(err).toMatch(/^\d\d:\d\d:\d\d INFO {2}briefings loaded {2}briefings=1 problems=0$/m);
      expect(err).not.toMatch(/^\{"level"/m);
    });
    // JSON lines when stderr is not a terminal: tests/slack/main-start.test.ts, on the bot it starts anyway.
  });

  describe('npm start with every platform', () => {
    it('prints one line for each: Slack in Socket Mode, Discord, Teams', async () => {
      const discord = await startFakeDiscord();
      const teams = await new FakeTeams().start();
      const { dir } = tempProject({ 'govai.config.yaml': teams.configYaml() });
      const bot = spawnMain(dir, {
        SLACK_BOT_TOKEN: 'xoxb-start',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_APP_TOKEN: 'xapp-start',
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN: 'discord-start',
        DISCORD_APPLICATION_ID: FAKE_IDS.app,
        DISCORD_API_URL: discord.apiUrl,
        ...teams.env(),
        TEAMS_PORT: '0',
        GOVAI_CONSOLE: '0',
        GOVAI_DB: ':memory:',
        LOG_FORMAT: 'pretty',
      });
      try {
        const lines = await waitFor(
          () => {
            const found = bot.stderr().match(/^(Slack|Discord|Teams): .*$/gm) ?? [];
            return found.length >= 3 ? found : undefined;
          },
          30_000,
          'three start-up lines',
        ).catch((error: Error) => {
          throw new Error(`${error.message}\n${bot.stderr()}`);
        });
        expect(lines).toHaveLength(3);
        expect(lines[0]).toBe('Slack: connected (Socket Mode)');
        expect(lines[1]).toBe('Discord: connecting to the gateway; /govai works in every server the bot is in');
        expect(lines[2]).toMatch(/^Teams: listening on :\d+\/api\/messages$/);
        expect(lines[2]).not.toContain(':0/');
      } finally {
        bot.child.kill('SIGTERM');
        await bot.exited;
        await discord.close();
        await teams.close();
      }
    });
  });

  // `script` (util-linux) runs the bot on a pseudo-terminal: what a person who types `npm start` sees.
  const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

  describe.skipIf(!hasScript)('npm start at a terminal (a real pseudo-terminal)', () => {
    it('logs readable lines, not JSON, bolds for real and prompts with "govai? ", not the quote prefix', async () => {
      const { dir } = tempProject();
      const child = spawn('script', ['-qfec', `"${process.execPath}" "${MAIN}"`, '/dev/null'], {
        cwd: dir,
        // No LOG_FORMAT: the default (auto) sees a terminal.
        env: { PATH: process.env.PATH ?? '', GOVAI_DB: ':memory:', LOG_LEVEL: 'info', SHELL: '/bin/sh' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Ctrl+D after one command: the console ends and the bot exits.
      child.stdin.end('/govai ask What is Constitutional AI?\n');
      expect(await exited).toBe(0);
      const text = out.replace(/\r\n/g, '\n');
      expect(text).toMatch(/^\d\d:\d\d:\d\d INFO {2}briefings loaded {2}briefings=1 problems=0$/m);
      expect(text).not.toMatch(/\{"level":/);
      expect(text).toContain('\x1b[1m'); // real bold, never **asterisks**
      expect(text).not.toContain('**');
      expect(text).toMatch(/^govai\? /m);
      expect(text).toMatch(/(^|govai\? )> .*Constitutional AI/m); // the quote keeps "> ", distinct from the prompt
    });
  });

  describe('the pretty log stream', () => {
    it('formats level, time, message and fields, and keeps redaction', () => {
      let out = '';
      const logger = createLogger('info', { write: (s: string) => (out += s) } as never, 'pretty');
      logger.warn({ destination: 'slack:C1', token: 'xoxb-secret', attempt: 2 }, 'post failed');
      logger.info({ startup: true }, 'Teams: listening on :3978/api/messages');
      logger.debug('hidden');
      const [first, second] = out.split('\n');
      expect(first).toMatch(
        /^\d\d:\d\d:\d\d WARN {2}post failed {2}destination=slack:C1 token=\[redacted\] attempt=2$/,
      );
      expect(second).toBe('Teams: listening on :3978/api/messages');
      expect(out).not.toContain('xoxb-secret');
      expect(out).not.toContain('hidden');
      let raw = '';
      prettyStream({ write: (s: string) => (raw += s) }).write('not json\n');
      expect(raw).toBe('not json\n');
    });
  });

  describe('govai list', () => {
    it('aligns its columns', async () => {
      const p = tempProject();
      writeFileSync(
        path.join(p.briefingsDir, 'short.md'),
        '---\nid: short\ntitle: "A short one"\nsource: "wire"\npublished: 2026-11-21\n---\n\nA short briefing ' +
          'about the treasury office.\n',
      );
      let stdout = '';
      const code = await runCli(['list'], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: () => undefined },
        stdin: new PassThrough(),
        env: { GOVAI_DB: ':memory:' },
        cwd: p.dir,
      });
      expect(code).toBe(0);
      const lines = stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      const dateColumn = lines.map((l) => l.search(/\d{4}-\d\d-\d\d/));
      expect(new Set(dateColumn).size).toBe(1);
      expect(lines.find((l) => l.startsWith('short'))).toMatch(/^short {28}2026-11-21 {2}A short one \(wire\)$/);
    });
  });
});
