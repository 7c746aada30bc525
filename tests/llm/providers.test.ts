import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { configFileSchema } from '../../src/config/file-schema.js';
import { groundedAsk } from '../../src/core/grounded/answerer.js';
import { createModel } from '../../src/llm/create.js';
import { citedMessage, type FakeRequest, type FakeResponse, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { type BedrockRequest, startFakeBedrock } from '../fakes/fake-bedrock.js';
import { type OpenAiRequest, type OpenAiResponse, sentencesIn, startFakeOpenAi } from '../fakes/fake-openai.js';
import { gate } from '../helpers/gate.js';
import { fakeBedrockEnv as bedrockEnv } from '../helpers/model-project.js';
import { seedLibrary } from '../helpers/seed-library.js';

// Every provider through its real client (the Anthropic SDK, the Bedrock SDK signing with SigV4, plain fetch for
// OpenAI-compatible servers) against a fake server on 127.0.0.1, with the same eight cases. One script drives
// all three: it names sentences by content, and each harness turns that into the provider's wire format.

const QUESTION = 'Who is an Anthropic investor and infrastructure partner?';
const AWS = /Amazon Web Services, which has deep intelligence community relationships/;
const GOOD = 'Amazon Web Services is an Anthropic investor and infrastructure partner.';

/** What the fake model does with one request. `find` gives the candidate id of the sentence matching a pattern. */
type Outcome =
  | { answer: string; cite: number[] }
  | { malformed: true }
  | { wrongShape: true }
  | { status: number; headers?: Record<string, string> }
  | { until: Promise<unknown>; answer: string; cite: number[] };
type Script = (find: (re: RegExp) => number, n: number) => Outcome;

interface Started {
  ask(): ReturnType<typeof groundedAsk>;
  requests: number;
  slept: number[];
  model: ReturnType<typeof createModel>;
  close(): Promise<void>;
}

const file = (over: Record<string, unknown> = {}) => ({
  ...configFileSchema.parse({}).llm,
  // Generous: the first call also imports the SDK (the Bedrock one is large), which is slow on a busy machine.
  timeoutMs: 5_000,
  maxRetries: 1,
  ...over,
});

function connect(env: Record<string, string>, count: () => number, close: () => Promise<void>, over = {}): Started {
  const parsed = parseEnv(env);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const slept: number[] = [];
  const model = createModel(parsed.value.llm!, file(over), {
    sleep: async (ms) => void slept.push(ms),
  });
  const library = seedLibrary();
  return {
    model,
    slept,
    get requests() {
      return count();
    },
    ask: () => groundedAsk(model, library, QUESTION, {}, library.ask(QUESTION)),
    close,
  };
}

/** Anthropic Messages (API and Bedrock): ids map to (document, block) in request order. */
function anthropicAnswer(script: Script, req: FakeRequest, n: number): FakeResponse {
  const docs = req.body.messages[0].content.filter((c: { type: string }) => c.type === 'document');
  const where: Array<[number, number, string]> = [];
  for (const [di, d] of (docs as Array<{ source: { content: Array<{ text: string }> } }>).entries())
    for (const [bi, b] of d.source.content.entries()) where.push([di, bi, b.text]);
  const out = script((re) => {
    const i = where.findIndex((w) => re.test(w[2]));
    if (i < 0) throw new Error(`no candidate matches ${re}`);
    return i + 1;
  }, n);
  // Anthropic's answer is text with citations, with no JSON schema to miss: a wrong shape is unreadable output there.
  if ('malformed' in out || 'wrongShape' in out)
    return { raw: '{"id":"msg_fake","content":[{"type":"text","text":"unterminated' };
  if ('status' in out)
    return {
      status: out.status,
      json: { type: 'error', error: { type: 'x', message: 'fake' } },
      ...(out.headers ? { headers: out.headers } : {}),
    };
  const cites = out.cite.map((id): [number, number, number] => {
    const w = where[id - 1];
    return w ? [w[0], w[1], w[1] + 1] : [0, 90 + id, 91 + id];
  });
  return { json: citedMessage([{ text: out.answer, cites }]), ...('until' in out ? { until: out.until } : {}) };
}

function openAiAnswer(script: Script, req: OpenAiRequest, n: number): OpenAiResponse {
  const sentences = sentencesIn(req);
  const out = script((re) => {
    for (const [id, text] of sentences) if (re.test(text)) return id;
    throw new Error(`no candidate matches ${re}`);
  }, n);
  if ('malformed' in out) return { content: 'Sure! Here is the answer: {"answer": "Amazon' };
  if ('wrongShape' in out) return { content: JSON.stringify({ answer: 42, sentence_ids: 'none' }) };
  if ('status' in out) return { status: out.status, ...(out.headers ? { headers: out.headers } : {}) };
  return {
    content: JSON.stringify({ answer: out.answer, sentence_ids: out.cite }),
    ...('until' in out ? { until: out.until } : {}),
  };
}

const HARNESSES: Record<string, (script: Script, over?: object) => Promise<Started>> = {
  anthropic: async (script, over) => {
    let n = 0;
    const fake = await startFakeAnthropic((req) => anthropicAnswer(script, req, n++));
    return connect(
      { GOVAI_LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'test', GOVAI_LLM_BASE_URL: fake.url },
      () => fake.requests.length,
      fake.close,
      over,
    );
  },
  bedrock: async (script, over) => {
    let n = 0;
    const fake = await startFakeBedrock((req) => anthropicAnswer(script, req, n++));
    return connect(bedrockEnv(fake.url), () => fake.invocations.length, fake.close, over);
  },
  'openai-compatible': async (script, over) => {
    let n = 0;
    // A server that ignores response_format, so the app's own checks are what stops a bad citation.
    const fake = await startFakeOpenAi((req) => openAiAnswer(script, req, n++), { honoursSchema: false });
    return connect(
      { GOVAI_LLM_PROVIDER: 'openai-compatible', GOVAI_LLM_MODEL: 'llama-3.1-8b', GOVAI_LLM_BASE_URL: fake.url },
      () => fake.requests.length,
      fake.close,
      over,
    );
  },
};

let running: Started | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe.each(Object.keys(HARNESSES))('%s provider against its fake server', (name) => {
  const start = async (script: Script, over?: object) => (running = await HARNESSES[name]!(script, over));

  it('a good cited answer is used: the model text, then the cited sentence verbatim from the briefing', async () => {
    const s = await start((find) => ({ answer: GOOD, cite: [find(AWS)] }));
    const { result, use } = await s.ask();
    expect(use).toMatchObject({ used: true });
    expect(use.usage!.inputTokens).toBeGreaterThan(0);
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    expect(result.answer.grounded?.text).toBe(GOOD);
    expect(result.answer.grounded?.sentences).toHaveLength(1);
    expect(result.answer.grounded?.sentences[0]?.text).toMatch(AWS);
    expect(seedLibrary().briefings[0]!.paragraphs.join(' ')).toContain(result.answer.grounded!.sentences[0]!.text);
  });

  it('a citation to a sentence that does not exist falls back to the offline answer', async () => {
    const s = await start((find) => ({ answer: GOOD, cite: [find(AWS), 77] }));
    const { result, use } = await s.ask();
    expect(use).toMatchObject({ used: false, reason: 'unknown-sentence' });
    expect(result.kind === 'answer' && result.answer.grounded).toBeFalsy();
  });

  it('an answer whose words the cited sentence does not support falls back', async () => {
    const s = await start((find) => ({
      answer: 'Microsoft pays 400 million dollars for exclusive hosting rights.',
      cite: [find(AWS)],
    }));
    const { use } = await s.ask();
    expect(use).toMatchObject({ used: false, reason: 'unsupported' });
    expect(use.detail).toMatch(/microsoft|400/i);
  });

  it('malformed JSON falls back (reason malformed) and does not trip the breaker', async () => {
    const s = await start(() => ({ malformed: true }));
    const { use } = await s.ask();
    expect(use).toMatchObject({ used: false, reason: 'malformed' });
    expect(s.model.breaker().consecutiveFailures).toBe(0);
  });

  it('JSON of the wrong shape falls back (reason malformed, the schema problem named) without tripping the breaker', async () => {
    const s = await start(() => ({ wrongShape: true }));
    const { use } = await s.ask();
    expect(use).toMatchObject({ used: false, reason: 'malformed' });
    if (name === 'openai-compatible') expect(use.detail).toMatch(/does not match the schema/);
    expect(s.model.breaker().consecutiveFailures).toBe(0);
  });

  it.each([
    { status: 429, what: '429', retryAfter: '2', waitedMs: 2000 },
    { status: 529, what: '529 (overloaded)', retryAfter: '3', waitedMs: 3000 },
  ])('$what with retry-after: waits what the server asked, then uses the retried answer', async (c) => {
    const s = await start((find, n) =>
      n === 0 ? { status: c.status, headers: { 'retry-after': c.retryAfter } } : { answer: GOOD, cite: [find(AWS)] },
    );
    const { use } = await s.ask();
    expect(use).toMatchObject({ used: true });
    expect(s.requests).toBe(2);
    expect(s.slept).toEqual([c.waitedMs]);
  });

  it('429 asking for longer than maxRetryWaitMs is not waited for: rate-limited, offline answer', async () => {
    const s = await start(() => ({ status: 429, headers: { 'retry-after': '120' } }));
    const { use } = await s.ask();
    expect(use).toMatchObject({ used: false, reason: 'rate-limited' });
    expect(s.requests).toBe(1);
    expect(s.slept).toEqual([]);
  });

  it('500 is retried with back-off, then falls back; repeated failures open the breaker', async () => {
    const s = await start(() => ({ status: 500 }), { breaker: { failures: 2, cooldownSeconds: 60 } });
    const first = await s.ask();
    expect(first.use).toMatchObject({ used: false, reason: 'http-error' });
    expect(s.requests).toBe(2);
    await s.ask();
    expect(s.model.breaker().state).toBe('open');
    const third = await s.ask();
    expect(third.use).toMatchObject({ used: false, reason: 'circuit-open' });
    expect(s.requests).toBe(4);
  });

  it('a server slower than the time limit: timeout, offline answer, no hang', async () => {
    // The server answers only after the test has its result: the answer can only come from the time limit.
    const late = gate();
    const s = await start((find) => ({ until: late.promise, answer: GOOD, cite: [find(AWS)] }), {
      maxRetries: 0,
      timeoutMs: 150,
    });
    const { result, use } = await s.ask();
    late.open();
    expect(use).toMatchObject({ used: false, reason: 'timeout' });
    expect(result.kind).toBe('answer');
  });
});

describe('wire details', () => {
  it(
    'Bedrock: InvokeModel on /model/{id}/invoke, SigV4-signed for the GovCloud region, Messages body without ' +
      'model',
    async () => {
      let seen: BedrockRequest | undefined;
      const fake = await startFakeBedrock((req) => {
        seen = req;
        return anthropicAnswer((find) => ({ answer: GOOD, cite: [find(AWS)] }), req, 0);
      });
      running = connect(bedrockEnv(fake.url), () => fake.invocations.length, fake.close);
      expect((await running.ask()).use.used).toBe(true);
      if (!seen) throw new Error('the fake Bedrock saw no request');
      expect(seen.modelId).toBe('us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0');
      expect(seen.region).toBe('us-gov-west-1');
      expect(seen.accessKeyId).toBe('AKIAFAKEFAKEFAKE');
      expect(seen.body.anthropic_version).toMatch(/^bedrock-\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}$/);
      expect(seen.body.model).toBeUndefined();
      expect(seen.body.tools).toBeUndefined();
      expect(seen.body.messages[0].content[0]).toMatchObject({ type: 'document', citations: { enabled: true } });
    },
  );

  it('Bedrock fake refuses an unsigned request (so the signing test above can fail)', async () => {
    const fake = await startFakeBedrock(() => ({ json: {} }));
    try {
      const res = await fetch(`${fake.url}/model/x/invoke`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(403);
    } finally {
      await fake.close();
    }
  });

  it('OpenAI-compatible: response_format json_schema whose sentence ids are an enum of exactly the candidates', async () => {
    let seen: OpenAiRequest | undefined;
    const fake = await startFakeOpenAi((req) => {
      seen = req;
      return openAiAnswer((find) => ({ answer: GOOD, cite: [find(AWS)] }), req, 0);
    });
    running = connect(
      {
        GOVAI_LLM_PROVIDER: 'openai-compatible',
        GOVAI_LLM_MODEL: 'llama-3.1-8b',
        GOVAI_LLM_BASE_URL: `${fake.url}/v1`,
        GOVAI_LLM_API_KEY: 'local-key',
      },
      () => fake.requests.length,
      fake.close,
    );
    expect((await running.ask()).use.used).toBe(true);
    const rf = seen!.body.response_format;
    expect(rf.type).toBe('json_schema');
    expect(rf.json_schema.strict).toBe(true);
    const ids = rf.json_schema.schema.properties.sentence_ids.items.enum;
    expect(ids).toEqual([...sentencesIn(seen!).keys()]);
    expect(ids.length).toBeGreaterThan(1);
    expect(seen!.headers.authorization).toBe('Bearer local-key');
    expect(seen!.body.tools).toBeUndefined();
    // Article text is only in the fenced user section, never in the system prompt.
    const system = seen!.body.messages.find((m: { role: string }) => m.role === 'system').content;
    expect(system).not.toMatch(AWS);
  });

  it(
    'a schema-honouring server cannot cite a missing sentence (the fake refuses to emit it, like constrained ' +
      'decoding)',
    async () => {
      const fake = await startFakeOpenAi((req) => openAiAnswer(() => ({ answer: GOOD, cite: [77] }), req, 0));
      running = connect(
        { GOVAI_LLM_PROVIDER: 'openai-compatible', GOVAI_LLM_MODEL: 'm', GOVAI_LLM_BASE_URL: fake.url },
        () => fake.requests.length,
        fake.close,
        { maxRetries: 0 },
      );
      const { use } = await running.ask();
      expect(use).toMatchObject({ used: false, reason: 'http-error' });
      expect(use.detail).toMatch(/not in enum/);
    },
  );
});
