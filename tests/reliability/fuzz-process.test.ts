import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_IDS, slashInteraction, startFakeDiscord } from '../fakes/fake-discord.js';
import { startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { postSigned, postSlashCommand, TEST_SIGNING_SECRET } from '../fakes/slack-signing.js';
import { forToken } from '../discord/harness.js';
import { unusedPort } from '../helpers/net.js';
import { spawnMain, type RunningMain } from '../helpers/run-cli.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// The last-resort boundary, through the real process (`node dist/main.js`): correctly signed hostile Slack bodies
// and raw malformed Discord gateway frames must neither end the bot nor stop it answering. Bounded runs (CI has 2
// cores).

const bots: RunningMain[] = [];
afterAll(async () => {
  for (const b of bots) if (b.child.exitCode === null) b.child.kill('SIGKILL');
});

const alive = (bot: RunningMain) => bot.child.exitCode === null && bot.child.signalCode === null;

// The two processes run side by side: each case is mostly waiting (the gateway's frames, and discord.js's 5-second
// identify window when a frame ends the session), and neither shares anything with the other.
describe.concurrent('the last-resort boundary', () => {
  describe('signed hostile Slack bodies (real process)', () => {
    it('JSON null, form payload=null and fuzzed bodies get 4xx/2xx, and the bot still answers', async () => {
      const slack = await startFakeSlackApi();
      const port = await unusedPort();
      const { dir } = tempProject();
      const bot = spawnMain(dir, {
        SLACK_BOT_TOKEN: 'xoxb-fuzz',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        GOVAI_CONSOLE: '0',
        GOVAI_DB: path.join(dir, 'g.db'),
        LOG_LEVEL: 'info',
      });
      bots.push(bot);
      try {
        await waitFor(
          () => (bot.stderr().includes('Slack adapter listening') ? true : undefined),
          30_000,
          'Slack listening',
        );
        const url = `http://127.0.0.1:${port}/slack/events`;
        // The two findings: before the receiver check, each of these killed the process (Cannot read properties of null).
        expect((await postSigned(url, 'null', 'application/json')).status).toBe(400);
        expect((await postSigned(url, 'payload=null', 'application/x-www-form-urlencoded')).status).toBe(400);
        expect(alive(bot), bot.stderr()).toBe(true);
        const json = fc.oneof(
          fc.jsonValue(),
          fc.record(
            {
              type: fc.constantFrom(
                'event_callback',
                'url_verification',
                'block_actions',
                'shortcut',
                'view_submission',
              ),
              event: fc.jsonValue(),
              actions: fc.jsonValue(),
              challenge: fc.jsonValue(),
            },
            { requiredKeys: ['type'] },
          ),
        );
        const bodies = fc.sample(
          fc.oneof(
            json.map((v) => ({ body: JSON.stringify(v) ?? 'null', type: 'application/json' })),
            json.map((v) => ({
              body: new URLSearchParams({ payload: JSON.stringify(v) ?? 'null' }).toString(),
              type: 'application/x-www-form-urlencoded',
            })),
            fc.string().map((s) => ({
              body: s,
              type: fc.sample(
                fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
                1,
              )[0]!,
            })),
          ),
          { numRuns: 25, seed: 11 },
        );
        // All at once: a typed body no listener acknowledges is answered only when Bolt's 3-second ack timeout runs
        // out (untyped objects get 400 from the receiver at once). Each still gets its own answer and liveness check.
        await Promise.all(
          bodies.map(async (b) => {
            const what = `${b.type} ${b.body.slice(0, 200)}`;
            const res = await postSigned(url, b.body, b.type).catch((error: Error) => {
              throw new Error(`${what}: ${error.message}\n${bot.stderr().slice(-2000)}`);
            });
            // Any HTTP answer (Bolt answers 500 when a listener cannot make sense of an odd but object-shaped body);
            // never a dead process.
            expect(res.status, what).toBeGreaterThanOrEqual(200);
            expect(alive(bot), `${what}\n${bot.stderr().slice(-2000)}`).toBe(true);
          }),
        );
        expect(alive(bot), bot.stderr()).toBe(true);
        const res = await postSlashCommand(url, { text: 'summary', response_url: slack.responseUrl('after-fuzz') });
        expect(res.status).toBe(200);
        expect(res.body).toContain('Anthropic');
      } finally {
        bot.child.kill('SIGTERM');
        await bot.exited;
        await slack.close();
      }
    }, 90_000);
  });

  describe('malformed Discord gateway frames (real process)', () => {
    it('bad packets are dropped and logged; the bot stays connected and answers /govai', async () => {
      const fake = await startFakeDiscord();
      const { dir } = tempProject();
      const bot = spawnMain(dir, {
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APPLICATION_ID: FAKE_IDS.app,
        DISCORD_API_URL: fake.apiUrl,
        GOVAI_DB: path.join(dir, 'g.db'),
        GOVAI_CONSOLE: '0',
        LOG_LEVEL: 'info',
      });
      bots.push(bot);
      try {
        await waitFor(
          () => (bot.stderr().includes('discord: connected') ? true : undefined),
          30_000,
          'discord connected',
        );
        const event = fc.constantFrom(
          'MESSAGE_CREATE',
          'MESSAGE_UPDATE',
          'INTERACTION_CREATE',
          'CHANNEL_CREATE',
          'THREAD_CREATE',
          'GUILD_CREATE',
          'GUILD_MEMBER_ADD',
          'GUILD_ROLE_CREATE',
          'MESSAGE_DELETE',
        );
        const frames = fc.sample(
          fc
            .oneof(
              fc.record({ op: fc.constant(0), t: event, s: fc.nat(), d: fc.jsonValue() }),
              fc.record({
                op: fc.constant(0),
                t: fc.constant('MESSAGE_CREATE'),
                s: fc.nat(),
                d: fc.record(
                  {
                    id: fc.string(),
                    channel_id: fc.constant(FAKE_IDS.channel),
                    guild_id: fc.constant(FAKE_IDS.guild),
                    author: fc.jsonValue(),
                    content: fc.jsonValue(),
                    mentions: fc.jsonValue(),
                    embeds: fc.jsonValue(),
                  },
                  { requiredKeys: ['id', 'channel_id'] },
                ),
              }),
              fc.record({ op: fc.constantFrom(0, 7, 9, 11, 42), t: fc.option(fc.string()), d: fc.jsonValue() }),
              fc.string().map((s) => `{${s}`),
            )
            .map((x) => (typeof x === 'string' ? x : JSON.stringify(x))),
          { numRuns: 60, seed: 23 },
        );
        // The recorded finding: one of these ended the process with "TypeError: users is not iterable".
        frames.unshift(
          JSON.stringify({
            op: 0,
            t: 'MESSAGE_CREATE',
            s: 99,
            d: { id: '1', channel_id: FAKE_IDS.channel, author: [], content: {}, mentions: { a: 1 } },
          }),
        );
        for (const f of frames) {
          if (!alive(bot)) break;
          fake.sendRaw(f);
          await new Promise((r) => setTimeout(r, 20));
        }
        // Still serving: a slash command after the fuzz is answered (after a reconnect if a frame asked for one). It
        // queues behind the last frames, so a frame that ended the process shows here, with the process's stderr.
        await waitFor(() => (fake.connections > 0 ? true : undefined), 10_000, 'gateway');
        const i = slashInteraction('summary');
        fake.dispatch('INTERACTION_CREATE', i);
        await waitFor(() => (forToken(fake, i.token).length > 0 ? true : undefined), 20_000, 'reply after fuzz').catch(
          (e: Error) => {
            throw new Error(`${e.message}\n${bot.stderr().slice(-3000)}`);
          },
        );
        expect(alive(bot), bot.stderr().slice(-3000)).toBe(true);
        expect(bot.stderr()).toContain('dropped a gateway packet discord.js could not handle');
      } finally {
        bot.child.kill('SIGTERM');
        await bot.exited;
        await fake.close();
      }
    }, 90_000);
  });
});
