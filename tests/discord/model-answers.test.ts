import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citedMessage, type FakeRequest, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { messagesPath } from '../fakes/discord-payloads.js';
import { slashInteraction, snowflake, userMessage } from '../fakes/fake-discord.js';
import { gate } from '../helpers/gate.js';
import { manualTime } from '../helpers/manual-time.js';
import { fakeAnthropicEnv } from '../helpers/model-project.js';
import { waitFor } from '../helpers/seed.js';
import { forToken, type Harness, messageOf, startHarness } from './harness.js';
import type { RecordedJson } from '../fakes/recorded-json.js';

// The model's verified answer through the real discord.js client (fake gateway + REST) and the real Anthropic SDK
// against the fake Messages API: `/govai ask` is deferred, then edited with the model's text and the cited
// sentence verbatim, with no mention allowed to ping. llm.triggerTimeoutMs runs on the context's time port, a manual
// clock here: the test moves it past the limit instead of waiting the limit out (30 s, longer than any wait below).

const TRIGGER_LIMIT_MS = 30_000;

const AWS = /Amazon Web Services, which has deep intelligence community relationships/;
const GOOD = 'Amazon Web Services is an Anthropic investor and infrastructure partner.';

/** What the fake model does next: answer well (once `until` settles, if given), or cite a sentence it was never sent. */
let mode: { kind: 'good'; until?: Promise<void> } | { kind: 'missing' } = { kind: 'good' };

function respond(req: FakeRequest) {
  const docs = (req.body.messages[0].content as Array<{ type: string; source?: RecordedJson }>).filter(
    (c) => c.type === 'document',
  );
  if (mode.kind === 'missing') return { json: citedMessage([{ text: GOOD, cites: [[0, 90, 91]] }]) };
  for (const [d, doc] of docs.entries()) {
    const i = doc.source.content.findIndex((b: { text: string }) => AWS.test(b.text));
    if (i >= 0)
      return {
        json: citedMessage([{ text: `${GOOD} @everyone`, cites: [[d, i, i + 1]] }]),
        ...(mode.until ? { until: mode.until } : {}),
      };
  }
  return { json: citedMessage([{ text: "I don't know." }]) };
}

describe('Discord with a model (fake Anthropic)', () => {
  const time = manualTime();
  let h: Harness;
  let fake: Awaited<ReturnType<typeof startFakeAnthropic>>;
  beforeAll(async () => {
    fake = await startFakeAnthropic(respond);
    h = await startHarness({
      config: `llm:\n  summaries: false\n  triggerTimeoutMs: ${TRIGGER_LIMIT_MS}\ntriggers:\n  cooldownSeconds: 600\n`,
      env: fakeAnthropicEnv(fake.url),
      time,
    });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  /** `/govai ask` as a user types it: the interaction's callbacks once there are two (the deferral and the edit). */
  const slashAsk = async () => {
    const i = slashInteraction('ask', [
      { name: 'question', value: 'Who is an Anthropic investor and infrastructure partner?' },
    ]);
    h.fake.dispatch('INTERACTION_CREATE', i);
    return waitFor(
      () => (forToken(h.fake, i.token).length >= 2 ? forToken(h.fake, i.token) : undefined),
      10_000,
      'deferral + edit',
    );
  };

  it('/govai ask: deferred, then the model text (inert) and the cited sentence verbatim, no pings allowed', async () => {
    const reqs = await slashAsk();
    expect(reqs[0]!.body).toMatchObject({ type: 5 });
    const msg = messageOf(reqs[1]!.body);
    const description: string = msg.embeds![0].description;
    expect(description.split('\n')[0]).toContain(
      'Amazon Web Services is an Anthropic investor and infrastructure partner.',
    );
    expect(description).not.toMatch(/@everyone/);
    expect(description).toMatch(/^> Amazon Web Services, which has deep intelligence community relationships/m);
    expect(JSON.stringify(msg.embeds)).toContain('Written by anthropic:claude-sonnet-4-5');
    expect(msg.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(fake.requests.length).toBeGreaterThanOrEqual(1);
  });

  /** A new channel for one keyword-triggered question: the question as the channel's first message. */
  const askInNewChannel = async (beforeReply?: (replies: () => unknown[]) => Promise<void>) => {
    const channel = snowflake();
    h.fake.ensureChannel(channel);
    h.fake.dispatch(
      'MESSAGE_CREATE',
      userMessage('Is AWS an Anthropic investor and infrastructure partner?', { channelId: channel }),
    );
    const replies = () => h.fake.messagesTo(messagesPath(channel));
    await beforeReply?.(replies);
    return waitFor(() => (replies().length ? replies() : undefined), 10_000, 'reply');
  };

  it('a keyword-triggered question answers with the model when it is quick', async () => {
    mode = { kind: 'good' };
    const [reply] = await askInNewChannel();
    expect(JSON.stringify(reply!.body.embeds)).toContain('Written by anthropic:claude-sonnet-4-5');
  });

  it('a keyword-triggered question gives up on a slow model past triggerTimeoutMs and posts the offline answer', async () => {
    // The model never answers while the test waits: the reply can only be the offline one, posted at the limit,
    // which passes when the clock is moved past it once the model has been asked (not a moment of real time).
    const never = gate();
    mode = { kind: 'good', until: never.promise };
    const asked = fake.requests.length;
    const [reply] = await askInNewChannel(async (replies) => {
      await waitFor(() => (fake.requests.length > asked ? true : undefined), 10_000, 'the model asked');
      expect(replies()).toEqual([]);
      await time.advance(TRIGGER_LIMIT_MS);
    });
    mode = { kind: 'good' };
    never.open();
    const text = JSON.stringify(reply!.body.embeds);
    expect(text).not.toContain('Written by');
    expect(text).toMatch(/Amazon Web Services/);
  });

  it('/govai ask with a citation to a sentence that was never sent: the offline answer, nothing from the model', async () => {
    mode = { kind: 'missing' };
    const reqs = await slashAsk();
    const text = JSON.stringify(messageOf(reqs[1]!.body).embeds);
    expect(text).not.toContain('Written by');
    expect(text).toMatch(/Amazon Web Services/);
    mode = { kind: 'good' };
  });
});
