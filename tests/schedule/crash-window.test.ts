import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { type RunningMain, spawnMain } from '../helpers/run-cli.js';
import { type Cleanups, cleanupsOf } from '../helpers/cleanups.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// The documented crash window, closed: the real process (`node dist/main.js`) posts a digest, the fake Slack accepts
// it (it is in the channel) but never answers, and the process is SIGKILLed before it could record "sent". On
// restart the pending row is looked up in conversations.history by its message metadata and recorded, not re-posted.
// The fake Slack keeps its state across the restart, like the real one. And a database deleted under the running
// bot is noticed, loudly.

const CHANNELS = ['C0000000011', 'C0000000012'];

function setup(apiUrl: string) {
  const project = tempProject();
  const config = path.join(project.dir, 'window.config.yaml');
  writeFileSync(
    config,
    [
      'digestDays: 365',
      'digests:',
      '  - id: window',
      '    cron: "* * * * *"',
      '    timezone: UTC',
      `    to: [${CHANNELS.map((c) => `slack:${c}`).join(', ')}]`,
      '    catchUpMinutes: 60',
      '',
    ].join('\n'),
  );
  const db = path.join(project.dir, 'state', 'govai.db');
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-window-test',
    SLACK_SIGNING_SECRET: 'window-secret',
    SLACK_API_URL: apiUrl,
    PORT: '0',
    GOVAI_CONSOLE: '0',
    GOVAI_DB: db,
    GOVAI_BRIEFINGS_DIR: project.briefingsDir,
    GOVAI_CONFIG: config,
    LOG_LEVEL: 'info',
  };
  return { cwd: project.dir, db, env };
}

function start(cwd: string, env: Record<string, string>, cleanups: Cleanups): RunningMain {
  const bot = spawnMain(cwd, env);
  cleanups.push(async () => {
    if (bot.child.exitCode === null && bot.child.signalCode === null) {
      bot.child.kill('SIGKILL');
      await bot.exited;
    }
  });
  return bot;
}

const logLines = (bot: RunningMain) =>
  bot
    .stderr()
    .split('\n')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

function rows(db: string) {
  const raw = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return raw
      .prepare('SELECT destination, status, in_flight_since FROM deliveries ORDER BY destination')
      .all() as Array<{
      destination: string;
      status: string;
      in_flight_since: number | null;
    }>;
  } finally {
    raw.close();
  }
}

// The two cases share nothing (own fake Slack, project and process) and mostly wait: side by side.
describe.concurrent('crash window and a deleted database', () => {
  describe('crash after Slack accepted a digest but before govai recorded it (real process, SIGKILL)', () => {
    it('is found in the channel history on restart and not posted twice', async (ctx) => {
      const cleanups = cleanupsOf(ctx);
      const fake: FakeSlackApi = await startFakeSlackApi();
      cleanups.push(() => fake.close());
      // Every post is carried out, and never answered.
      fake.slowAnswers('chat.postMessage', CHANNELS.length, Number.POSITIVE_INFINITY);
      const { cwd, db, env } = setup(fake.apiUrl);

      const first = start(cwd, env, cleanups);
      await waitFor(
        () => (fake.posts.length >= CHANNELS.length ? true : undefined),
        30_000,
        'both posts accepted',
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${first.stderr()}`);
      });
      first.child.kill('SIGKILL');
      await first.exited;
      // The crash window itself: the channel has the digest, the log does not say so.
      expect(rows(db).map((r) => [r.status, r.in_flight_since !== null])).toEqual([
        ['pending', true],
        ['pending', true],
      ]);

      const second = start(cwd, env, cleanups);
      await waitFor(
        // A restart just past a minute boundary also runs the new slot (skipped: nothing new), so count, not every().
        () => {
          const now = rows(db);
          return now.filter((r) => r.status === 'sent').length === CHANNELS.length &&
            !now.some((r) => r.status === 'pending')
            ? true
            : undefined;
        },
        30_000,
        'both recorded as sent after restart',
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${second.stderr()}`);
      });
      // The row is committed before its log line reaches stderr: wait for the lines too, then count them.
      await waitFor(
        () => (logLines(second).filter((l) => l.foundOnPlatform === true).length >= CHANNELS.length ? true : undefined),
        10_000,
        'both found-on-platform log lines',
      ).catch(() => undefined);
      for (const channel of CHANNELS) expect(fake.posts.filter((p) => p.channel === channel)).toHaveLength(1);
      const lookups = fake.calls.filter((c) => c.method === 'conversations.history');
      expect(lookups.map((c) => c.params.channel).sort()).toEqual(CHANNELS);
      expect(lookups.every((c) => c.params.include_all_metadata === 'true')).toBe(true);
      expect(logLines(second).filter((l) => l.foundOnPlatform === true)).toHaveLength(CHANNELS.length);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }, 90_000);
  });

  describe('the database deleted under the running bot', () => {
    it('is noticed within seconds and logged loudly: digest sends stop', async (ctx) => {
      const cleanups = cleanupsOf(ctx);
      const fake = await startFakeSlackApi();
      cleanups.push(() => fake.close());
      const { cwd, db, env } = setup(fake.apiUrl);
      const bot = start(cwd, env, cleanups);
      await waitFor(
        () => (logLines(bot).some((l) => l.msg === 'digest start-up recovery finished') ? true : undefined),
        30_000,
        'start-up recovery',
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${bot.stderr()}`);
      });
      expect(fake.posts).toHaveLength(CHANNELS.length);
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
      const fatal = await waitFor(
        () => logLines(bot).find((l) => l.level === 60 && /was deleted while the bot was running/.test(String(l.msg))),
        15_000,
        'the loud log line',
      );
      expect(String(fatal.msg)).toContain(db);
      expect(String(fatal.msg)).toContain('digest sends are stopped');
      bot.child.kill('SIGTERM');
      await bot.exited;
    }, 60_000);
  });
});
