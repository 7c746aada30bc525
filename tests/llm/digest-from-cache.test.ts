import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { standalonePublisher, type StandalonePublisher } from '../../src/cli/platform-publishers.js';
import { runCli } from '../../src/cli/main.js';
import { silentLogger } from '../../src/log/logger.js';
import { startDigestScheduler } from '../../src/schedule/start.js';
import { openStore, type GovaiStore } from '../../src/store/store.js';
import { citedMessage, type FakeRequest, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { type FakeSlackApi, startFakeSlackApi } from '../fakes/fake-slack-api.js';
import { loadModelProject } from '../helpers/model-project.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// A scheduled digest through the bot's own scheduler (startDigestScheduler, the real Slack Web API publisher and
// discord.js REST publisher against the fake Slack and Discord): an item whose summary the model made, verified and
// stored carries the model's TL;DR; an item whose summary is not ready (its model call still running) carries the
// offline TL;DR, and the digest does not wait for it. `govai digest --dry-run` then shows the same cached TL;DR
// from the store without calling the model.

// Supported by sentence 1 of the seed, and not a prefix of its offline TL;DR (which is that sentence in full).
const MODEL_TLDR = 'Anthropic is in talks to supply Claude models to U.S. intelligence agencies.';
const SLOW = 'GSA opens a shared AI procurement vehicle for civilian agencies';
const SLOW_BRIEFING = `---
id: gsa-ai-vehicle
title: "${SLOW}"
source: "govai test"
published: 2026-11-20
tags: [procurement]
---

The General Services Administration opened a shared procurement vehicle for artificial intelligence services on Monday.
Civilian agencies can order model hosting, evaluation and support through one contract instead of running their own competitions.
The vehicle caps prices for the first two years and requires vendors to report security incidents within a day.
`;

const isSummary = (req: FakeRequest) => String(req.body?.system ?? '').startsWith('You write a short TL;DR');
const docTitle = (req: FakeRequest) => String(req.body?.messages?.[0]?.content?.[0]?.title ?? '');

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('a scheduled digest with TL;DRs from the model summary cache', () => {
  it('Slack and Discord get the cached model TL;DR, and the offline one for a briefing whose summary is not ready', async () => {
    const slowSeen: FakeRequest[] = [];
    const anthropic = await startFakeAnthropic((req) => {
      if (!isSummary(req)) return { status: 500, json: {} };
      // The second briefing's summary takes far longer than the digest: it is not ready when the digest is sent.
      if (docTitle(req).includes('GSA')) {
        slowSeen.push(req);
        return { json: citedMessage([{ text: 'never used', cites: [[0, 0, 1]] }]), delayMs: 60_000 };
      }
      return {
        json: citedMessage([
          { text: MODEL_TLDR, cites: [[0, 0, 1]] },
          { text: '\n- Microsoft and OpenAI already have a head start.', cites: [[0, 6, 7]] },
        ]),
      };
    });
    const slack: FakeSlackApi = await startFakeSlackApi();
    const discord: FakeDiscord = await startFakeDiscord();
    discord.ensureChannel('111111111111');
    cleanups.push(
      () => anthropic.close(),
      () => slack.close(),
      () => discord.close(),
    );

    const project = tempProject({
      'govai.config.yaml': `digestDays: 30
llm:
  answers: false
digests:
  - id: morning
    cron: "0 9 * * *"
    to: [slack:C0DIGEST01, discord:111111111111]
`,
    });
    writeFileSync(path.join(project.briefingsDir, 'gsa-ai-vehicle.md'), SLOW_BRIEFING);
    const { config } = loadModelProject(project, anthropic.url, {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'discord-test-token',
      DISCORD_APPLICATION_ID: '100000000000000002',
      DISCORD_API_URL: discord.apiUrl,
    });
    const store: GovaiStore = openStore(config.dbPath);
    cleanups.push(() => store.close());
    const logger = silentLogger();
    // Before the slot at start-up (nothing to catch up), then at the slot when the cron task runs.
    let now = Date.parse('2026-11-21T08:30:00Z');
    const ctx = await createAppContext({ config, logger, store, clock: () => now });
    const library = ctx.repository.library();
    const seed = library.get('anthropic-intelligence-agencies')!;
    const slow = library.get('gsa-ai-vehicle')!;
    expect(seed.tldr).not.toBe(MODEL_TLDR);

    // Start-up asked the model for both summaries in the background: the seed's is stored, the other still running.
    await waitFor(() => (store.summaries.counts().ready === 1 ? true : undefined), 8_000, 'seed summary stored');
    await waitFor(() => (slowSeen.length > 0 ? true : undefined), 8_000, 'slow summary asked for');

    const publishers: StandalonePublisher[] = [];
    for (const p of ['slack', 'discord'] as const) {
      const made = await standalonePublisher(p, config, logger, store);
      if ('unavailable' in made) throw new Error(made.unavailable);
      publishers.push(made);
    }
    cleanups.push(() => Promise.allSettled(publishers.map((p) => p.close())).then(() => undefined));
    const running = await startDigestScheduler(ctx, {
      slack: publishers[0]!.publisher,
      discord: publishers[1]!.publisher,
    });
    cleanups.push(() => running?.stop());
    expect(await running!.scheduler.recovered).toEqual([]);
    now = Date.parse('2026-11-21T09:00:00Z');
    await running!.scheduler.task('morning')!.execute();
    await running!.scheduler.idle();
    const sent = store.deliveries.lastPerDestination('morning').map((r) => [r.destination, r.status, r.trigger]);
    expect(sent.sort()).toEqual([
      ['discord:111111111111', 'sent', 'schedule'],
      ['slack:C0DIGEST01', 'sent', 'schedule'],
    ]);
    // Sent while the slow summary was still being made: the digest never waited on the model.
    expect(store.summaries.counts()).toEqual({ ready: 1, rejected: 0 });

    const slackText = JSON.stringify(slack.posts.filter((p) => p.channel === 'C0DIGEST01').map((p) => p.blocks));
    const discordText = JSON.stringify(discord.messagesTo(/\/channels\/111111111111\/messages$/).map((r) => r.body));
    for (const text of [slackText, discordText]) {
      expect(text).toContain(MODEL_TLDR);
      expect(text).not.toContain(seed.tldr);
      expect(text).toContain(SLOW);
      expect(text).toContain(slow.tldr);
      // The model's TL;DR says who wrote it; the offline one says nothing (one item of the two).
      expect(text.match(/Written by anthropic:claude[\\-]+sonnet[\\-]+4[\\-]+5/g), text).toHaveLength(1);
      expect(text.indexOf(MODEL_TLDR)).toBeLessThan(text.search(/Written by anthropic/));
    }
    // One summary call per briefing: sending the digest asked for none again.
    expect(anthropic.requests.filter(isSummary)).toHaveLength(2);
  }, 40_000);

  it('govai digest --dry-run shows the TL;DR the bot stored, with the model unreachable and no call made', async () => {
    const anthropic = await startFakeAnthropic((req) =>
      isSummary(req) ? { json: citedMessage([{ text: MODEL_TLDR, cites: [[0, 0, 1]] }]) } : { status: 500, json: {} },
    );
    cleanups.push(() => anthropic.close());
    const project = tempProject({
      'govai.config.yaml': 'digestDays: 30\ndigests:\n  - id: morning\n    cron: "0 9 * * *"\n    to: [console]\n',
    });
    const { config, env } = loadModelProject(project, anthropic.url);
    const store = openStore(config.dbPath);
    const ctx = await createAppContext({ config, logger: silentLogger(), store });
    await waitFor(() => (store.summaries.counts().ready === 1 ? true : undefined), 8_000, 'summary stored');
    const offline = ctx.repository.library().latest()!.tldr;
    store.close();

    const dryRun = async (extra: Record<string, string>) => {
      let stdout = '';
      const io = {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (_s: string) => undefined },
        stdin: Readable.from([]),
        env: { GOVAI_CONSOLE: '0', LOG_LEVEL: 'silent', ...env, ...extra },
        cwd: project.dir,
      };
      const code = await runCli(['digest', '--dry-run'], io);
      return { code, stdout };
    };
    const calls = anthropic.requests.length;
    const withModel = await dryRun({ GOVAI_LLM_BASE_URL: 'http://127.0.0.1:9' });
    expect(withModel.code).toBe(0);
    expect(withModel.stdout).toContain(MODEL_TLDR);
    expect(withModel.stdout).not.toContain(offline);
    expect(withModel.stdout).toContain('Written by anthropic:claude-sonnet-4-5');
    expect(anthropic.requests.length).toBe(calls);
    // Another model configured: its cache is empty, so the offline TL;DR.
    const other = await dryRun({ GOVAI_LLM_BASE_URL: 'http://127.0.0.1:9', GOVAI_LLM_MODEL: 'claude-other' });
    expect(other.stdout).toContain(offline);
    expect(other.stdout).not.toContain(MODEL_TLDR);
    expect(other.stdout).not.toContain('Written by');
  }, 20_000);
});
