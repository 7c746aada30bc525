import { describe, expect, it } from 'vitest';
import { messageTs, TEST_SIGNING_SECRET } from '../fakes/slack-signing.js';
import { replicaEnv, useReplicaServers } from './servers.js';
import { type RunningMain, spawnMain } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// Slack Socket Mode with two replicas: each real bot process holds its own Socket Mode connection (Slack allows up to
// ten per app and spreads envelopes over them). An event delivered on one connection and retried on the other is
// answered once, because the event id is recorded in the shared database.

const servers = useReplicaServers();

describe('Slack Socket Mode with replicas', () => {
  it('an event retried on the other replica’s connection is answered once', async () => {
    const project = tempProject();
    const start = (name: string): RunningMain =>
      spawnMain(project.dir, {
        SLACK_BOT_TOKEN: 'xoxb-socket-replicas',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_APP_TOKEN: 'xapp-socket-replicas',
        SLACK_API_URL: servers.slack.apiUrl,
        ...replicaEnv(servers.pg.url, name),
        GOVAI_BRIEFINGS_DIR: project.briefingsDir,
        // Debug logs every chat message's decision ("chat message", after any post): what this test waits on.
        LOG_LEVEL: 'debug',
      });
    const decisions = () =>
      bots.flatMap((b) =>
        b
          .stderr()
          .split('\n')
          .flatMap((l) => {
            try {
              const line = JSON.parse(l) as { msg?: string; decision?: string };
              return line.msg === 'chat message' ? [line.decision] : [];
            } catch {
              return []; // not a log line, or one still being written
            }
          }),
      );
    const bots = [start('s1'), start('s2')];
    try {
      await waitFor(
        () => (servers.slack.socketConnections() === 2 ? true : undefined),
        60_000,
        'two Socket Mode connections',
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${bots.map((b) => b.stderr()).join('\n')}`);
      });
      const ts = messageTs();
      const envelope = (retry: number) => ({
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: 'EvSockReplica1',
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
        retry_attempt: retry,
        retry_reason: retry ? 'timeout' : '',
        event: { type: 'message', channel: 'CSOCKREP01', user: 'U1', text: 'What does IL6 mean?', ts },
      });
      await servers.slack.socketSend('events_api', envelope(0), 10_000, 0);
      await servers.slack.waitFor(
        () => servers.slack.posts.find((p) => p.channel === 'CSOCKREP01'),
        20_000,
        'the first answer',
      );
      await servers.slack.socketSend('events_api', envelope(1), 10_000, 1);
      // The retry decided (and posted, were it answered) on the other replica.
      await waitFor(() => (decisions().length >= 2 ? true : undefined), 20_000, 'the retry decided').catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${bots.map((b) => b.stderr()).join('\n')}`);
        },
      );
      expect(decisions().sort()).toEqual(['answer', 'duplicate']);
      const posts = servers.slack.posts.filter((p) => p.channel === 'CSOCKREP01');
      expect(posts).toHaveLength(1);
      expect(posts[0]!.thread_ts).toBe(ts);
    } finally {
      for (const bot of bots) {
        bot.child.kill('SIGTERM');
        await bot.exited;
      }
    }
  }, 180_000);
});
