import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { contentHash } from '../../src/app/summaries.js';
import { PROMPT_VERSION } from '../../src/core/grounded/port.js';
import type { SummaryCache } from '../../src/app/summaries.js';
import type { Reply } from '../../src/core/reply.js';
import type { Time } from '../../src/core/time.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore, type GovaiStore } from '../../src/store/store.js';
import { citedMessage, type FakeRequest, type FakeResponse, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { gate } from '../helpers/gate.js';
import { manualTime } from '../helpers/manual-time.js';
import { loadModelProject } from '../helpers/model-project.js';
import { tempProject, waitFor } from '../helpers/seed.js';

// Abstractive TL;DRs and key points: made once per (content hash, model, prompt version) through the real
// Anthropic SDK against the fake Messages API, kept in SQLite, and reused by digests and `summary` after a restart
// without another model call. Until ready, and when the model fails, the offline summary is shown.

const TLDR = 'Anthropic is advancing talks to supply its Claude models to U.S. intelligence agencies.';
const POINT_1 = 'Microsoft and OpenAI already have a head start.';
const TLDR_EDITED = 'Anthropic is in talks to supply Claude models to U.S. intelligence agencies.';
const POINT_2 = 'Amazon Web Services is an Anthropic investor and infrastructure partner.';

const isSummary = (req: FakeRequest) => String(req.body?.system ?? '').startsWith('You write a short TL;DR');

/** Blocks are sentences in order (one document): sentence n is block n-1. */
function summaryMessage(tldr = TLDR): FakeResponse {
  return {
    json: citedMessage([
      { text: tldr, cites: [[0, 0, 1]] },
      { text: `\n- ${POINT_1}`, cites: [[0, 6, 7]] },
      { text: `\n- ${POINT_2}`, cites: [[0, 13, 14]] },
      { text: '\n- Claude will replace every analyst by 2027.', cites: [[0, 15, 16]] },
    ]),
  };
}

let fake: Awaited<ReturnType<typeof startFakeAnthropic>> | undefined;
const stores: GovaiStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await fake?.close();
  fake = undefined;
});

async function boot(dir: string, briefingsDir: string, url: string, time?: Time) {
  const { config } = loadModelProject({ dir, briefingsDir }, url);
  const store = openStore(config.dbPath);
  stores.push(store);
  const ctx = await createAppContext({ config, logger: silentLogger(), store, ...(time ? { time } : {}) });
  const digest = async () =>
    (await ctx.bot.handleCommand({ name: 'digest', since: '2000-01-01' }, { user: 't', channel: 't' })) as Extract<
      Reply,
      { kind: 'digest' }
    >;
  const summary = async () =>
    (await ctx.bot.handleCommand({ name: 'summary' }, { user: 't', channel: 't' })) as Extract<
      Reply,
      { kind: 'briefing' }
    >;
  // Every summary asked for so far done (or failed): a model call it made has reached the fake by then.
  const settled = () => (ctx.model!.summaries as SummaryCache).idle();
  return { ctx, store, digest, summary, settled };
}

describe('model summaries cached in the store', () => {
  it('a digest whose TL;DR came from the cache: made once, verified, reused after a restart with no model call', async () => {
    let summaryCalls = 0;
    fake = await startFakeAnthropic((req) => {
      if (!isSummary(req)) return { status: 500, json: {} };
      summaryCalls++;
      // Article text only in document blocks, one block per sentence, citations on.
      expect(req.body.messages[0].content[0]).toMatchObject({ type: 'document', citations: { enabled: true } });
      return summaryMessage();
    });
    const { dir, briefingsDir } = tempProject();
    const first = await boot(dir, briefingsDir, fake.url);
    const offlineTldr = first.ctx.repository.library().latest()!.tldr;
    // Start-up asked for it in the background; the reader never waits for it. The test waits for that request
    // itself (asked for inside createAppContext), not for a wall-clock window: under load the first model call in a
    // worker, which also imports the SDK, can take seconds.
    await first.settled();
    expect(first.store.summaries.counts()).toEqual({ ready: 1, rejected: 0 });
    expect(summaryCalls).toBe(1);

    const d1 = await first.digest();
    expect(d1.digest.items[0]).toMatchObject({ tldr: TLDR, tldrBy: 'anthropic:claude-sonnet-4-5' });
    expect(d1.digest.items[0]!.tldr).not.toBe(offlineTldr);
    const s1 = await first.summary();
    expect(s1.briefing.tldr).toBe(TLDR);
    expect(s1.briefing.summaryBy).toMatchObject({ model: 'anthropic:claude-sonnet-4-5', tldrParagraphs: [1] });
    // The unsupported point (its citation says nothing of analysts or 2027) was dropped; the others cite their
    // paragraphs.
    expect(s1.briefing.keyPoints.map((k) => [k.text, k.citation.paragraph])).toEqual([
      [POINT_1, 3],
      [POINT_2, 6],
    ]);
    first.store.close();

    // Restart: a new store on the same file, a new context. The cache answers; the model is not asked again.
    const second = await boot(dir, briefingsDir, fake.url);
    const d2 = await second.digest();
    expect(d2.digest.items[0]).toMatchObject({ tldr: TLDR, tldrBy: 'anthropic:claude-sonnet-4-5' });
    await second.settled();
    expect(summaryCalls).toBe(1);
  });

  it('the offline summary is shown while the model is down; nothing is cached, so a later start tries again', async () => {
    const { dir, briefingsDir } = tempProject();
    // The retries' backoffs pass on a manual clock (each sleep jumps ahead at once), not in real time.
    const time = manualTime({ auto: true });
    const down = await boot(dir, briefingsDir, 'http://127.0.0.1:9', time);
    const offline = down.ctx.repository.library().latest()!;
    const s = await down.summary();
    expect(s.briefing.tldr).toBe(offline.tldr);
    expect(s.briefing.summaryBy).toBeUndefined();
    const d = await down.digest();
    expect(d.digest.items[0]!.tldr).toBe(offline.tldr);
    expect(d.digest.items[0]!.tldrBy).toBeUndefined();
    // The background attempt (and its retries) ended: it cached nothing.
    await down.settled();
    expect(time.sleeps).toHaveLength(2);
    expect(down.store.summaries.counts()).toEqual({ ready: 0, rejected: 0 });
    down.store.close();

    fake = await startFakeAnthropic((req) => (isSummary(req) ? summaryMessage() : { status: 500, json: {} }));
    const up = await boot(dir, briefingsDir, fake.url);
    await up.settled();
    expect(up.store.summaries.counts()).toEqual({ ready: 1, rejected: 0 });
    expect((await up.digest()).digest.items[0]!.tldr).toBe(TLDR);
  });

  it('a TL;DR its citations do not support is rejected once and remembered: offline summary, no second call', async () => {
    let calls = 0;
    fake = await startFakeAnthropic((req) => {
      if (!isSummary(req)) return { status: 500, json: {} };
      calls++;
      return summaryMessage('OpenAI lost a 900 million dollar Pentagon contract to Anthropic.');
    });
    const { dir, briefingsDir } = tempProject();
    const first = await boot(dir, briefingsDir, fake.url);
    await first.settled();
    expect(first.store.summaries.counts()).toEqual({ ready: 0, rejected: 1 });
    const offline = first.ctx.repository.library().latest()!;
    expect((await first.summary()).briefing.tldr).toBe(offline.tldr);
    expect((await first.digest()).digest.items[0]!.tldr).toBe(offline.tldr);
    first.store.close();
    const second = await boot(dir, briefingsDir, fake.url);
    await second.summary();
    await second.settled();
    expect(calls).toBe(1);
  });

  it(
    'keyed by content hash, model and prompt version: a summary from an older prompt or for other content is ' +
      'never shown',
    async () => {
      let calls = 0;
      // Each summary is held back until the test has seen what a reader is shown before it is ready.
      const gates = [gate(), gate()];
      fake = await startFakeAnthropic((req) => {
        if (!isSummary(req)) return { status: 500, json: {} };
        calls++;
        return { ...summaryMessage(calls === 1 ? TLDR : TLDR_EDITED), until: gates[calls - 1]!.promise };
      });
      const { dir, briefingsDir } = tempProject();
      // A summary stored for the same content and model by an older prompt version: not this prompt's, so not used.
      const offlineLib = (await boot(dir, briefingsDir, 'http://127.0.0.1:9')).ctx.repository.library();
      const seed = offlineLib.latest()!;
      const store = stores.at(-1)!;
      const stale = { model: 'anthropic:claude-sonnet-4-5', tldr: 'A stale TL;DR.', tldrParagraphs: [1], points: [] };
      store.summaries.put(
        { contentHash: contentHash(seed), model: stale.model, promptVersion: PROMPT_VERSION - 1 },
        seed.id,
        { status: 'ready', summary: stale, createdAt: 0 },
      );
      store.close();
      stores.pop();

      const first = await boot(dir, briefingsDir, fake.url);
      expect((await first.summary()).briefing.tldr).toBe(seed.tldr);
      gates[0]!.open();
      await waitFor(() => (first.store.summaries.counts().ready >= 2 ? true : undefined), 8_000, 'made');
      expect(calls).toBe(1);
      expect((await first.summary()).briefing.tldr).toBe(TLDR);
      first.store.close();
      stores.pop();

      // The article changes (new content hash): the old summary is not shown for it, and the model is asked again.
      const file = path.join(briefingsDir, readdirSync(briefingsDir).find((f) => f.endsWith('.md'))!);
      writeFileSync(file, `${readFileSync(file, 'utf8')}\nThe agencies said a decision is expected early next year.\n`);
      const second = await boot(dir, briefingsDir, fake.url);
      const edited = second.ctx.repository.library().latest()!;
      expect(contentHash(edited)).not.toBe(contentHash(seed));
      expect((await second.summary()).briefing.tldr).toBe(edited.tldr);
      await waitFor(() => (calls === 2 ? true : undefined), 8_000, 'second summary asked for');
      gates[1]!.open();
      await waitFor(
        async () => ((await second.summary()).briefing.tldr === TLDR_EDITED ? true : undefined),
        8_000,
        'edited summary shown',
      );
    },
  );
});
