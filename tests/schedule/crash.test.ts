import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/fake-slack-api.js';
import { MAIN } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';
import { type Cleanups, cleanupsOf } from '../helpers/cleanups.js';
import { startChatGate, type ChatGate, type GateDecision } from './chat-gate.js';

// Crash safety of scheduled digests, end to end: the real process (`node dist/main.js`, Slack adapter on, Web API
// pointed at the fake Slack API through a gate), SIGKILLed at several points, restarted, and every channel must end
// up with the digest exactly once.

const CHANNELS = ['C0000000001', 'C0000000002', 'C0000000003', 'C0000000004'];
const BRIEFING_IDS = ['anthropic-intelligence-agencies', 'crash-one', 'crash-two'];

interface Bot {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  stderr: () => string;
  exited: Promise<number | null>;
}

function briefingFile(id: string, title: string, words: string): string {
  const body = Array.from(
    { length: 3 },
    (_, i) => `${title} paragraph ${i + 1}: the ${words} office reviewed ${words} plans in detail with partners.`,
  ).join('\n\n');
  return `---\nid: ${id}\ntitle: "${title}"\nsource: "crash wire"\npublished: 2026-11-25\n---\n\n${body}\n`;
}

function setup(slackApiUrl: string) {
  const project = tempProject();
  writeFileSync(
    path.join(project.briefingsDir, 'crash-one.md'),
    briefingFile('crash-one', 'Treasury pilots ledger audits', 'treasury ledger'),
  );
  writeFileSync(
    path.join(project.briefingsDir, 'crash-two.md'),
    briefingFile('crash-two', 'Weather service buys forecasting models', 'weather forecasting'),
  );
  const config = path.join(project.dir, 'crash.config.yaml');
  writeFileSync(
    config,
    [
      'digestDays: 365',
      'digests:',
      '  - id: crash',
      '    cron: "* * * * *"',
      '    timezone: UTC',
      `    to: [${CHANNELS.map((c) => `slack:${c}`).join(', ')}]`,
      '    maxItems: 10',
      '    catchUpMinutes: 60',
      '',
    ].join('\n'),
  );
  const db = path.join(project.dir, 'state', 'govai.db');
  const env = {
    PATH: process.env.PATH ?? '',
    SLACK_BOT_TOKEN: 'xoxb-crash-test',
    SLACK_SIGNING_SECRET: 'crash-secret',
    SLACK_API_URL: slackApiUrl,
    PORT: '0',
    GOVAI_CONSOLE: '0',
    GOVAI_DB: db,
    GOVAI_BRIEFINGS_DIR: project.briefingsDir,
    GOVAI_CONFIG: config,
    LOG_LEVEL: 'info',
  };
  return { cwd: project.dir, db, env };
}

function startBot(cwd: string, env: Record<string, string>, cleanups: Cleanups): Bot {
  const child = spawn(process.execPath, [MAIN], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let partial = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, logs, stderr: () => stderr, exited };
}

async function kill(bot: Bot): Promise<void> {
  bot.child.kill('SIGKILL');
  await bot.exited;
}

function statuses(db: string): Record<string, number> {
  if (!existsSync(db)) return {};
  const raw = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const rows = raw.prepare('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status').all() as Array<{
      status: string;
      n: number;
    }>;
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } catch {
    return {}; // schema not created yet
  } finally {
    raw.close();
  }
}

interface KillPoint {
  name: string;
  /** What the gate does on the first run. */
  firstRun: (channel: string, n: number) => GateDecision;
  /** Resolves when the process should be killed. */
  when: (ctx: { bot: Bot; gate: ChatGate; fake: FakeSlackApi; db: string }) => Promise<unknown>;
}

const KILL_POINTS: KillPoint[] = [
  {
    name: 'during start-up, as the Slack client authenticates',
    firstRun: () => 'hold',
    when: ({ fake }) =>
      waitFor(() => (fake.calls.some((c) => c.method === 'auth.test') ? true : undefined), 30_000, 'auth.test'),
  },
  {
    name: 'with every send in flight (requests sent, none answered)',
    firstRun: () => 'hold',
    when: ({ gate }) => waitFor(() => (gate.held >= CHANNELS.length ? true : undefined), 30_000, 'all sends in flight'),
  },
  {
    name: 'with two channels confirmed and two sends in flight',
    firstRun: (channel) => (channel === CHANNELS[0] || channel === CHANNELS[1] ? 'pass' : 'hold'),
    when: ({ gate, db }) =>
      waitFor(() => (gate.held >= 2 && statuses(db).sent === 2 ? true : undefined), 30_000, 'two sent, two in flight'),
  },
  {
    name: 'right after every channel was confirmed',
    firstRun: () => 'pass',
    when: ({ db }) => waitFor(() => (statuses(db).sent === CHANNELS.length ? true : undefined), 30_000, 'all sent'),
  },
];

describe('scheduled digest crash safety (real process, SIGKILL, restart)', () => {
  // The kill points run side by side: each has its own fake Slack, gate, project and processes, and spends most of
  // its time waiting on a process.
  it.for(KILL_POINTS)(
    'every channel gets the digest exactly once when killed $name',
    { concurrent: true, timeout: 120_000 },
    async (point, ctx) => {
      const cleanups = cleanupsOf(ctx);
      const fake = await startFakeSlackApi();
      const gate = await startChatGate(fake.apiUrl, point.firstRun);
      cleanups.push(
        () => fake.close(),
        () => gate.close(),
      );
      const { cwd, db, env } = setup(gate.apiUrl);

      const first = startBot(cwd, env, cleanups);
      await Promise.race([
        point.when({ bot: first, gate, fake, db }),
        first.exited.then((code) => Promise.reject(new Error(`the bot exited early (${code})`))),
      ]).catch((error: Error) => {
        throw new Error(`${error.message}\nbot stderr:\n${first.stderr()}`);
      });
      await kill(first);
      const postsBeforeRestart = fake.posts.length;

      gate.decide = () => 'pass';
      const second = startBot(cwd, env, cleanups);
      await waitFor(
        () => second.logs.find((l) => l.msg === 'digest start-up recovery finished'),
        30_000,
        'recovery after restart',
      ).catch((error: Error) => {
        throw new Error(`${error.message}\nbot stderr:\n${second.stderr()}`);
      });
      await waitFor(
        () => (statuses(db).sent === CHANNELS.length ? true : undefined),
        30_000,
        'every delivery recorded as sent',
      );

      for (const channel of CHANNELS) {
        const posts = fake.posts.filter((p) => p.channel === channel);
        expect(posts, `posts to ${channel}`).toHaveLength(1);
        const text = JSON.stringify(posts[0]!.blocks ?? posts[0]!.text);
        for (const title of [
          'Anthropic in talks',
          'Treasury pilots ledger audits',
          'Weather service buys forecasting models',
        ])
          expect(text).toContain(title);
      }
      const raw = new Database(db, { readonly: true });
      const rows = raw
        .prepare('SELECT destination, status, briefing_ids FROM deliveries ORDER BY destination')
        .all() as Array<{ destination: string; status: string; briefing_ids: string }>;
      const delivered = raw
        .prepare('SELECT destination, COUNT(*) AS n FROM delivered_briefings GROUP BY destination')
        .all();
      raw.close();
      expect(rows.filter((r) => r.status === 'sent').map((r) => r.destination)).toEqual(
        CHANNELS.map((c) => `slack:${c}`),
      );
      for (const r of rows.filter((x) => x.status === 'sent'))
        expect(JSON.parse(r.briefing_ids).sort()).toEqual(BRIEFING_IDS);
      expect(delivered).toEqual(CHANNELS.map((c) => ({ destination: `slack:${c}`, n: BRIEFING_IDS.length })));
      // Sanity for the kill point itself: a kill with sends in flight left work for the restart.
      if (point.name.startsWith('with every send')) expect(postsBeforeRestart).toBe(0);
      if (point.name.startsWith('with two')) expect(postsBeforeRestart).toBe(2);

      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    },
  );

  // Its own project and process too: beside the kill points.
  it.concurrent('refuses to start on a corrupt database, naming the file and leaving it as it was', async (ctx) => {
    const cleanups = cleanupsOf(ctx);
    const { cwd, db, env } = setup('http://127.0.0.1:9/api/');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(db), { recursive: true });
    writeFileSync(db, 'not a database\n'.repeat(200));
    const { SLACK_BOT_TOKEN: _t, SLACK_SIGNING_SECRET: _s, SLACK_API_URL: _u, ...noSlack } = env;
    const bot = startBot(cwd, noSlack, cleanups);
    expect(await bot.exited, bot.stderr()).toBe(1);
    expect(bot.stderr()).toContain(
      `govai: cannot use the database ${db} (GOVAI_DB): the file is not a valid SQLite database or is damaged`,
    );
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(db, 'utf8')).toBe('not a database\n'.repeat(200));
  }, 60_000);
});
