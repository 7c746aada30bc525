import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postSlashCommand, TEST_SIGNING_SECRET } from '../fakes/slack-signing.js';
import { unusedPort } from '../helpers/net.js';
import { replicaEnv, useReplicaServers } from './servers.js';
import { govai, type RunningMain, spawnMain } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// An article added on one replica is served by another: two real bot processes on one PostgreSQL database, each
// with its own briefings/ folder (no shared volume). `govai add` on replica 1's machine records the briefing in the
// database; replica 2 writes it into its folder, hot reload serves it, and `/govai ask` there quotes it.

const servers = useReplicaServers();

const blocksText = (blocks: unknown) => JSON.stringify(blocks ?? '');

describe('briefings every replica serves', () => {
  it('an article added through replica 1 is answered from by replica 2 within seconds', async () => {
    const one = tempProject();
    const two = tempProject();
    const envFor = (project: { dir: string; briefingsDir: string }, name: string) => ({
      ...replicaEnv(servers.pg.url, name),
      GOVAI_BRIEFINGS_DIR: project.briefingsDir,
    });
    const port = await unusedPort();
    const bots: RunningMain[] = [
      spawnMain(one.dir, envFor(one, 'r1')),
      spawnMain(two.dir, {
        ...envFor(two, 'r2'),
        SLACK_BOT_TOKEN: 'xoxb-shared-test',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: servers.slack.apiUrl,
        PORT: String(port),
      }),
    ];
    try {
      for (const bot of bots) {
        await waitFor(
          () => (bot.stderr().includes('watching briefings and feeds') ? true : undefined),
          60_000,
          'a replica to start',
        ).catch((error: Error) => {
          throw new Error(`${error.message}\n${bot.stderr()}`);
        });
      }
      const article = path.join(one.dir, 'coast-guard.txt');
      writeFileSync(
        article,
        'Coast Guard picks a cloud for cutter maintenance\n\nThe Coast Guard awarded a maintenance ' +
          'analytics contract to Northwind Systems. The contract is worth 48 million dollars over five years.\n',
      );
      const added = await govai(['add', article, '--id', 'coast-guard-cloud', '--url', 'https://example.gov/cg'], {
        cwd: one.dir,
        env: envFor(one, 'cli'),
      });
      expect(added.code, added.stderr).toBe(0);

      const copy = path.join(two.briefingsDir, 'coast-guard-cloud.md');
      await waitFor(() => (existsSync(copy) ? true : undefined), 15_000, 'replica 2 to write the briefing').catch(
        (error: Error) => {
          throw new Error(`${error.message}\n${bots[1]!.stderr()}`);
        },
      );
      expect(readFileSync(copy, 'utf8')).toBe(
        readFileSync(path.join(one.briefingsDir, 'coast-guard-cloud.md'), 'utf8'),
      );

      // Hot reload serves it: ask replica 2 over Slack until the answer comes from the new briefing.
      const url = `http://127.0.0.1:${port}/slack/events`;
      let n = 0;
      const answer = await waitFor(
        async () => {
          const id = `ask-${++n}`;
          const res = await postSlashCommand(url, {
            text: 'ask How much is the Coast Guard maintenance contract worth?',
            response_url: servers.slack.responseUrl(id),
          });
          if (res.status !== 200) return undefined;
          const response = await servers.slack
            .waitFor(() => servers.slack.responses.find((r) => r.id === id), 8_000, 'respond()')
            .catch(() => undefined);
          const text = blocksText(response?.body.blocks);
          return text.includes('48 million dollars') ? text : undefined;
        },
        20_000,
        'an answer from the added briefing on replica 2',
      );
      expect(answer).toContain('Coast Guard');
      expect(bots[1]!.stderr()).toContain('briefing added on another replica written to briefings/');
    } finally {
      for (const bot of bots) {
        bot.child.kill('SIGTERM');
        await bot.exited;
      }
    }
  }, 180_000);
});
