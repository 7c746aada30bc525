import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageTs, postEvent, TEST_SIGNING_SECRET } from '../fakes/slack-signing.js';
import { unusedPort } from '../helpers/net.js';
import { replicaEnv, useReplicaServers } from './servers.js';
import { type RunningMain, spawnMain } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// Three real bot processes (`node dist/main.js`) on one PostgreSQL database, Slack in HTTP mode against the fake Slack
// Web API, a digest every second to four channels while new briefings arrive (one every half second); one replica
// is SIGKILLed mid-run and restarted while the next briefings arrive. Every briefing must reach every channel exactly once, and a Slack event retried to another
// replica must be answered once.

const CHANNELS = ['CREPL000001', 'CREPL000002', 'CREPL000003', 'CREPL000004'];
const STORIES = 6;

const servers = useReplicaServers();

const story = (n: number) =>
  [
    '---',
    `id: replica-story-${n}`,
    `title: "Replica story ${n}: agency ${n} buys cloud ${n}"`,
    'source: "replica wire"',
    `published: 2026-11-${String(10 + n).padStart(2, '0')}`,
    '---',
    '',
    `Agency ${n} signed a contract for cloud ${n} services. The award covers classified workloads at IL${n}.`,
    '',
  ].join('\n');

interface Replica {
  name: string;
  port: number;
  env: Record<string, string>;
  bot: RunningMain;
}

describe('replicas on PostgreSQL', () => {
  it('post every briefing to every channel exactly once across a SIGKILL and restart; a retried event is ' +
    'answered once', async () => {
    const project = tempProject();
    const config = path.join(project.dir, 'replicas.config.yaml');
    writeFileSync(
      config,
      [
        'digestDays: 365',
        'digests:',
        '  - id: replicas',
        '    cron: "* * * * * *"',
        '    timezone: UTC',
        `    to: [${CHANNELS.map((c) => `slack:${c}`).join(', ')}]`,
        '    maxItems: 20',
        '    catchUpMinutes: 60',
        '',
      ].join('\n'),
    );
    const start = async (name: string, port?: number): Promise<Replica> => {
      const p = port ?? (await unusedPort());
      const env = {
        SLACK_BOT_TOKEN: 'xoxb-replica-test',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: servers.slack.apiUrl,
        PORT: String(p),
        ...replicaEnv(servers.pg.url, name),
        GOVAI_BRIEFINGS_DIR: project.briefingsDir,
        GOVAI_CONFIG: config,
      };
      const bot = spawnMain(project.dir, env);
      await waitFor(
        () => (bot.stderr().includes('Slack adapter listening') ? true : undefined),
        60_000,
        `${name} to listen`,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${name} stderr:\n${bot.stderr()}`);
      });
      return { name, port: p, env, bot };
    };
    const replicas = await Promise.all(['r1', 'r2', 'r3'].map((n) => start(n)));
    const stop = async (r: Replica, signal: NodeJS.Signals) => {
      if (r.bot.child.exitCode === null && r.bot.child.signalCode === null) r.bot.child.kill(signal);
      await r.bot.exited;
    };
    let restarted: Promise<Replica> | undefined;
    try {
      for (let n = 1; n <= STORIES; n++) {
        writeFileSync(path.join(project.briefingsDir, `replica-story-${n}.md`), story(n));
        await new Promise((r) => setTimeout(r, 500));
        if (n === 2) await stop(replicas[1]!, 'SIGKILL');
        // Restarted while stories 5 and 6 arrive (it catches up on what it missed from the shared database).
        if (n === 4) restarted = start('r2', replicas[1]!.port);
      }
      replicas[1] = await restarted!;

      // A Slack event delivered to one replica and retried (same event_id) to another is answered once.
      const ts = messageTs();
      const event = { type: 'message', channel: 'CREPLQA0001', user: 'U1', text: 'What does IL6 mean?', ts };
      expect(
        (await postEvent(`http://127.0.0.1:${replicas[0]!.port}/slack/events`, event, { eventId: 'EvRepl1' })).status,
      ).toBe(200);
      expect(
        (
          await postEvent(`http://127.0.0.1:${replicas[2]!.port}/slack/events`, event, {
            eventId: 'EvRepl1',
            retryNum: 1,
          })
        ).status,
      ).toBe(200);

      const titles = Array.from({ length: STORIES }, (_, i) => `Replica story ${i + 1}:`);
      const postsWith = (channel: string, title: string) =>
        servers.slack.posts.filter((p) => p.channel === channel && JSON.stringify(p).includes(title)).length;
      await waitFor(
        () => (CHANNELS.every((c) => titles.every((t) => postsWith(c, t) > 0)) ? true : undefined),
        90_000,
        'every story in every channel',
      ).catch((error: Error) => {
        const seen = CHANNELS.map((c) => `${c}: ${titles.map((t) => postsWith(c, t)).join(',')}`).join('\n');
        throw new Error(
          `${error.message}\n${seen}\n${replicas.map((r) => `${r.name}:\n${r.bot.stderr()}`).join('\n')}`,
        );
      });
      // The retried event's answer first (a first question loads the NLP model: slow on a loaded machine).
      await waitFor(
        () => (servers.slack.posts.some((p) => p.channel === 'CREPLQA0001') ? true : undefined),
        30_000,
        'the answer to the retried event',
      );
      // Two more slots run on every replica: a late duplicate would arrive now.
      const seenAt = Date.now();
      const laterRuns = (r: Replica) =>
        r.bot
          .stderr()
          .split('\n')
          .flatMap((l) => {
            try {
              const line = JSON.parse(l) as { msg?: string; slot?: string };
              return line.msg === 'digest run' && Date.parse(String(line.slot)) > seenAt ? [line] : [];
            } catch {
              return []; // not a log line, or one still being written
            }
          }).length;
      await waitFor(
        () => (replicas.every((r) => laterRuns(r) >= 2) ? true : undefined),
        30_000,
        'two more slots on every replica',
      );

      for (const channel of CHANNELS) {
        expect(
          titles.map((t) => postsWith(channel, t)),
          channel,
        ).toEqual(titles.map(() => 1));
        expect(postsWith(channel, 'Anthropic in talks to supply Claude'), `${channel} seed`).toBe(1);
      }
      const answers = servers.slack.posts.filter((p) => p.channel === 'CREPLQA0001');
      expect(answers).toHaveLength(1);
      expect(answers[0]!.thread_ts).toBe(ts);
    } finally {
      // A restart still starting when the test failed is stopped too.
      if (restarted) replicas[1] = await restarted.catch(() => replicas[1]!);
      await Promise.all(replicas.map((r) => stop(r, 'SIGTERM')));
    }
  }, 240_000);
});
