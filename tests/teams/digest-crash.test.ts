import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { FakeTeams } from '../fakes/fake-teams.js';
import { MAIN } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// A scheduled digest to a teams: destination through the real process (node dist/main.js, the Agents SDK against
// the fake connector): Teams throttles the first post (429, Retry-After 1), the process is SIGKILLed while it waits,
// restarted, SIGKILLed again after the post, restarted again: the channel gets the digest exactly once.

const CONVERSATION = '19:digest@thread.tacv2';
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function start(cwd: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d;
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    stderr: () => stderr,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('Teams digest across SIGKILL and restart', () => {
  it('posts once and waits out a 429', async () => {
    const fake = await new FakeTeams().start();
    try {
      const project = tempProject();
      const published = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const body = Array.from(
        { length: 3 },
        (_, i) => `Teams digest paragraph ${i + 1}: the treasury ledger office reviewed ledger plans with partners.`,
      ).join('\n\n');
      writeFileSync(
        path.join(project.briefingsDir, 'teams-digest.md'),
        `---\nid: teams-digest\ntitle: "Treasury pilots ledger audits"\nsource: "wire"\npublished: ` +
          `${published}\n---\n\n${body}\n`,
      );
      const config = path.join(project.dir, 'govai.config.yaml');
      writeFileSync(
        config,
        `${fake.configYaml()}digestDays: 30\ndigests:\n  - id: teams-daily\n    cron: "* * * * *"\n    to: ` +
          `["teams:${CONVERSATION}"]\n    catchUpMinutes: 60\n`,
      );
      const db = path.join(project.dir, 'state', 'govai.db');
      mkdirSync(path.dirname(db), { recursive: true });
      // The reference the bot recorded when it was installed in the channel.
      const store = openStore(db);
      store.teamsConversations.upsert({
        conversationId: CONVERSATION,
        kind: 'channel',
        updatedAt: Date.now(),
        reference: {
          serviceUrl: fake.serviceUrl,
          channelId: 'msteams',
          conversation: { id: CONVERSATION, conversationType: 'channel' },
          bot: { id: '28:bot' },
        },
      });
      store.close();
      const env = {
        PATH: process.env.PATH ?? '',
        ...fake.env(),
        TEAMS_PORT: '0',
        GOVAI_CONSOLE: '0',
        GOVAI_DB: db,
        GOVAI_CONFIG: config,
        LOG_LEVEL: 'info',
      };
      const posts = () => fake.posts.filter((p) => p.conversationId === CONVERSATION);

      fake.throttle.set(CONVERSATION, { times: 1, retryAfter: 1 });
      const first = start(project.dir, env);
      // Killed while it waits out the 429.
      await waitFor(
        () => (fake.throttle.get(CONVERSATION)!.times === 0 ? true : undefined),
        20_000,
        'the throttled post',
      ).catch((e) => {
        throw new Error(`${(e as Error).message}\n${first.stderr()}`);
      });
      // ...once it has the 429 (an answer: nothing was posted), so the row is no longer in flight. A kill before
      // that answer arrived would leave it uncertain, which Teams cannot resolve: not re-sent
      // (uncertain-digest.test.ts).
      await waitFor(
        () => {
          const raw = new Database(db, { readonly: true });
          try {
            const row = raw.prepare('SELECT in_flight_since FROM deliveries').get() as
              | { in_flight_since: number | null }
              | undefined;
            return row && row.in_flight_since === null ? true : undefined;
          } finally {
            raw.close();
          }
        },
        10_000,
        'the 429 answer settled',
      );
      await first.kill();
      expect(posts(), first.stderr()).toHaveLength(0);

      const second = start(project.dir, env);
      await waitFor(() => (posts().length > 0 ? true : undefined), 20_000, `the digest post\n${second.stderr()}`);
      await waitFor(
        () => {
          const raw = new Database(db, { readonly: true });
          try {
            return (raw.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE status = 'sent'").get() as { n: number })
              .n > 0
              ? true
              : undefined;
          } finally {
            raw.close();
          }
        },
        10_000,
        'the delivery marked sent',
      );
      await second.kill();

      // The third start decides the slot again (its start-up recovery): a second post would be made before it ends.
      const third = start(project.dir, env);
      await waitFor(
        () => (/digest start-up recovery finished/.test(third.stderr()) ? true : undefined),
        20_000,
        'the start-up recovery',
      ).catch((e) => {
        throw new Error(`${(e as Error).message}\n${third.stderr()}`);
      });
      await third.kill();
      expect(posts()).toHaveLength(1);
    } finally {
      await fake.close();
    }
  }, 90_000);
});
