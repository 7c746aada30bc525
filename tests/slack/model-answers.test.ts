import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citedMessage, type FakeRequest, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { messageTs, postEvent, postSlashCommand } from '../fakes/slack-signing.js';
import { gate } from '../helpers/gate.js';
import { manualTime } from '../helpers/manual-time.js';
import { fakeAnthropicEnv } from '../helpers/model-project.js';
import { waitFor } from '../helpers/seed.js';
import { blocksText, type SlackHarness, startHarness } from './harness.js';
import type { RecordedJson } from '../fakes/recorded-json.js';

// The model's verified answer through the real Bolt app, with the real Anthropic SDK against the fake Messages API:
// `/govai ask` acks at once and answers through response_url; a keyword-triggered answer gives up on a slow model
// past llm.triggerTimeoutMs and posts the offline answer. That limit runs on the context's time port, a manual clock
// here: the test moves it past the limit instead of waiting the limit out (30 s, longer than any wait below).

const AWS = /Amazon Web Services, which has deep intelligence community relationships/;
const GOOD = 'Amazon Web Services is an Anthropic investor and infrastructure partner.';
/** What the fake model's good answer waits on: nothing, or a gate the test opens once it has seen the ack. */
let hold: Promise<void> | undefined;

function respond(req: FakeRequest) {
  const content = req.body.messages[0].content as Array<{ type: string; text?: string; source?: RecordedJson }>;
  const question = content.find((c) => c.type === 'text')?.text ?? '';
  const docs = content.filter((c) => c.type === 'document');
  // "cite a sentence it was never sent": a block index beyond the documents.
  if (/never sent/.test(question)) return { json: citedMessage([{ text: GOOD, cites: [[0, 90, 91]] }]) };
  for (const [d, doc] of docs.entries()) {
    const i = doc.source.content.findIndex((b: { text: string }) => AWS.test(b.text));
    if (i >= 0)
      return { json: citedMessage([{ text: GOOD, cites: [[d, i, i + 1]] }]), ...(hold ? { until: hold } : {}) };
  }
  return { json: citedMessage([{ text: "I don't know." }]) };
}

const TRIGGER_LIMIT_MS = 30_000;

describe('Slack with a model (fake Anthropic)', () => {
  const time = manualTime();
  let h: SlackHarness;
  let fake: Awaited<ReturnType<typeof startFakeAnthropic>>;
  beforeAll(async () => {
    fake = await startFakeAnthropic(respond);
    h = await startHarness({
      configYaml: `llm:\n  triggerTimeoutMs: ${TRIGGER_LIMIT_MS}\n  summaries: false\n`,
      env: fakeAnthropicEnv(fake.url),
      context: { time },
    });
  });
  afterAll(async () => {
    await h?.close();
    await fake?.close();
  });

  it(
    '/govai ask acks at once (empty), then answers via response_url: model text, the cited sentence verbatim, ' +
      'who wrote it',
    async () => {
      // The model answers only once the ack has come back: an ack that waited for it would never come (Slack
      // gives up after 3 s).
      const answer = gate();
      hold = answer.promise;
      const res = await postSlashCommand(h.url, {
        text: 'ask Who is an Anthropic investor and infrastructure partner?',
        response_url: h.slack.responseUrl('model-ask'),
      });
      expect(res.status).toBe(200);
      expect(res.body).toBe('');
      expect(h.slack.responses.find((x) => x.id === 'model-ask')).toBeUndefined();
      answer.open();
      hold = undefined;
      const r = await h.slack.waitFor(() => h.slack.responses.find((x) => x.id === 'model-ask'), 8_000, 'respond()');
      const text = blocksText(r.body.blocks as Array<Record<string, unknown>>);
      expect(text.split('\n')[0]).toBe(GOOD);
      expect(text).toMatch(/^> Amazon Web Services, which has deep intelligence community relationships/m);
      expect(text).toContain('Written by anthropic:claude-sonnet-4-5');
    },
  );

  /** A keyword-triggered question as a message in `channel`: the bot's threaded reply there. */
  const askInChannel = async (channel: string, beforeReply?: () => Promise<void>) => {
    await postEvent(h.url, {
      type: 'message',
      channel,
      user: 'U1',
      text: 'Is AWS an Anthropic investor and infrastructure partner?',
      ts: messageTs(),
    });
    await beforeReply?.();
    return h.slack.waitFor(() => h.slack.posts.find((p) => p.channel === channel), 8_000, 'threaded reply');
  };

  it('a keyword-triggered question answers with the model when it is quick', async () => {
    const post = await askInChannel('CMODEL01');
    expect(blocksText(post.blocks)).toContain('Written by anthropic:');
    expect(blocksText(post.blocks).split('\n')[0]).toBe(GOOD);
  });

  it('a keyword-triggered question gives up on a slow model past triggerTimeoutMs and posts the offline answer', async () => {
    // The model never answers while the test waits: the reply can only be the offline one, posted at the limit,
    // which passes when the clock is moved past it once the model has been asked (not a moment of real time).
    const never = gate();
    hold = never.promise;
    const asked = fake.requests.length;
    const post = await askInChannel('CMODEL02', async () => {
      await waitFor(() => (fake.requests.length > asked ? true : undefined), 8_000, 'the model asked');
      expect(h.slack.posts.find((p) => p.channel === 'CMODEL02')).toBeUndefined();
      await time.advance(TRIGGER_LIMIT_MS);
    });
    hold = undefined;
    never.open();
    const text = blocksText(post.blocks);
    expect(text).not.toContain('Written by');
    expect(text).toMatch(/^> /m);
  });

  it(
    '/govai ask whose model answer cites a sentence that was never sent: the offline answer, nothing from the ' +
      'model',
    async () => {
      const res = await postSlashCommand(h.url, {
        text: 'ask Who is an Anthropic investor and infrastructure partner (never sent)?',
        response_url: h.slack.responseUrl('model-missing'),
      });
      expect(res.status).toBe(200);
      const r = await h.slack.waitFor(
        () => h.slack.responses.find((x) => x.id === 'model-missing'),
        8_000,
        'respond()',
      );
      const text = blocksText(r.body.blocks as Array<Record<string, unknown>>);
      expect(text).not.toContain('Written by');
      expect(text).not.toContain(GOOD);
      expect(text).toMatch(/^> /m);
      // The model was asked (and its answer refused), not skipped.
      expect(JSON.stringify(fake.requests.at(-1)?.body.messages)).toContain('never sent');
    },
  );
});
