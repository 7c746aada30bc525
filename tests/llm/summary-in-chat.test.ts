import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type GovaiStore } from '../../src/store/store.js';
import { forToken, messageOf, startHarness as startDiscordHarness } from '../discord/harness.js';
import { citedMessage, type FakeRequest, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { slashInteraction } from '../fakes/fake-discord.js';
import { postSlashCommand } from '../fakes/slack-signing.js';
import { gate } from '../helpers/gate.js';
import { tempProject, waitFor } from '../helpers/seed.js';
import { blocksText, startHarness as startSlackHarness } from '../slack/harness.js';

// `/govai summary` through the real Bolt app and the real discord.js client, with the model's TL;DR and key points
// from the store's summary cache (made by the real Anthropic SDK against the fake Messages API): the reader is told
// a model wrote them ("Written by <model>", the wording model answers use), and the model's words stay inert (a
// bare URL it repeats from the article does not link). Before the summary is ready the offline one is shown and
// nothing says "Written by".

const MODEL = 'anthropic:claude-sonnet-4-5';
const TLDR = 'Anthropic is advancing talks to supply its Claude models to U.S. intelligence agencies.';
const POINT = 'Microsoft and OpenAI already have a head start.';
const isSummary = (req: FakeRequest) => String(req.body?.system ?? '').startsWith('You write a short TL;DR');

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** The model's summary answer is held back until `until` settles (never held when omitted). */
async function modelWithSummary(until?: Promise<unknown>) {
  const fake = await startFakeAnthropic((req) => {
    if (!isSummary(req)) return { status: 500, json: {} };
    return {
      json: citedMessage([
        { text: TLDR, cites: [[0, 0, 1]] },
        { text: `\n- ${POINT}`, cites: [[0, 6, 7]] },
      ]),
      // Held so that a summary asked for at start-up is not ready when the first command arrives.
      ...(until ? { until } : {}),
    };
  });
  cleanups.push(() => fake.close());
  const { dir } = tempProject();
  const store: GovaiStore = openStore(path.join(dir, 'govai.db'));
  cleanups.push(() => store.close());
  const env = { GOVAI_LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'test', GOVAI_LLM_BASE_URL: fake.url };
  return { fake, store, env };
}

describe('/govai summary with a model TL;DR from the cache says who wrote it', () => {
  it('Slack: offline first (no "Written by"), then the model TL;DR and key points, "Written by <model>"', async () => {
    const held = gate();
    const { store, env } = await modelWithSummary(held.promise);
    const h = await startSlackHarness({ configYaml: 'llm:\n  answers: false\n', env, context: { store } });

    cleanups.push(() => h.close());
    const summary = async (id: string) => {
      const res = await postSlashCommand(h.url, { text: 'summary', response_url: h.slack.responseUrl(id) });
      expect(res.status).toBe(200);
      if (res.body) return blocksText(JSON.parse(res.body).blocks);
      const r = await h.slack.waitFor(() => h.slack.responses.find((x) => x.id === id), 8_000, 'respond()');
      return blocksText(r.body.blocks as Array<Record<string, unknown>>);
    };
    const offline = h.ctx.repository.library().latest()!;

    const before = await summary('before');
    expect(before).toContain(offline.tldr);
    expect(before).not.toContain('Written by');

    expect(store.summaries.counts().ready).toBe(0);
    held.open();
    await waitFor(() => (store.summaries.counts().ready === 1 ? true : undefined), 8_000, 'summary stored');
    const after = await summary('after');
    expect(after).toContain(TLDR);
    expect(after).toContain(POINT);
    expect(after).not.toContain(offline.tldr);
    expect(after).toContain(
      `Written by ${MODEL}: the TL;DR and key points, each checked against the sentences it cites.`,
    );
  });

  it('Discord: the summary carries the model TL;DR and "Written by <model>"', async () => {
    const { store, env } = await modelWithSummary();
    const h = await startDiscordHarness({ config: 'llm:\n  answers: false\n', env, store });
    cleanups.push(() => h.close());
    await waitFor(() => (store.summaries.counts().ready === 1 ? true : undefined), 8_000, 'summary stored');
    const i = slashInteraction('summary', []);
    h.fake.dispatch('INTERACTION_CREATE', i);
    const reply = await waitFor(
      () => forToken(h.fake, i.token).find((r) => messageOf(r.body).embeds?.length),
      10_000,
      'the summary reply',
    );
    const embeds = JSON.stringify(messageOf(reply.body).embeds);
    expect(embeds).toContain(TLDR);
    expect(embeds).toContain(`Written by ${MODEL}: the TL;DR and key points`);
  });
});
