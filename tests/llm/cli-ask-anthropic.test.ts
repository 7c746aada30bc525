import { afterEach, describe, expect, it } from 'vitest';
import { citedMessage, type FakeRequest, type FakeResponse, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { govai, govaiInProcess } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';

// The acceptance path: `govai ask` through the real @anthropic-ai/sdk against a fake Messages API on 127.0.0.1. The
// first case runs the real launcher (bin/govai.js) in a new process; the fallbacks run the same runCli in this one.

const QUESTION = 'Who is an Anthropic investor and infrastructure partner?';
const AWS_SENTENCE = /Amazon Web Services, which has deep intelligence community relationships/;

/** The (document, block) of the candidate sentence matching `re` in the request the fake received. */
function locate(req: FakeRequest, re: RegExp): [number, number] {
  const docs = req.body.messages[0].content.filter((c: { type: string }) => c.type === 'document');
  for (const [d, doc] of docs.entries()) {
    const i = doc.source.content.findIndex((b: { text: string }) => re.test(b.text));
    if (i >= 0) return [d, i];
  }
  throw new Error('sentence not among the candidates');
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function ask(respond: (req: FakeRequest) => FakeResponse, url?: string, run = govaiInProcess) {
  const fake = await startFakeAnthropic(respond);
  close = fake.close;
  const { dir, briefingsDir } = tempProject();
  const result = await run(['ask', QUESTION], {
    cwd: dir,
    env: {
      GOVAI_BRIEFINGS_DIR: briefingsDir,
      GOVAI_LLM_PROVIDER: 'anthropic',
      ANTHROPIC_API_KEY: 'test',
      GOVAI_LLM_BASE_URL: url ?? fake.url,
    },
  });
  return { ...result, requests: fake.requests };
}

describe('govai ask with GOVAI_LLM_PROVIDER=anthropic (fake Messages API)', () => {
  it(
    "prints the model's answer and the cited sentence verbatim; sentences go as document blocks with " +
      'citations on, no tools',
    async () => {
      const r = await ask(
        (req) => {
          const [d, i] = locate(req, AWS_SENTENCE);
          return {
            json: citedMessage([
              {
                text: 'Amazon Web Services is an Anthropic investor and infrastructure partner.',
                cites: [[d, i, i + 1]],
              },
            ]),
          };
        },
        undefined,
        govai,
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Amazon Web Services is an Anthropic investor and infrastructure partner\./);
      expect(r.stdout).toMatch(
        /> Amazon Web Services, which has deep intelligence community relationships .* considerably\.|> Amazon Web Services, which has deep intelligence community relationships[^\n]*partner\./,
      );
      expect(r.stdout).toMatch(/written by anthropic:/i);
      const body = r.requests[0]!.body;
      expect(JSON.stringify(r.requests[0]!.headers)).toContain('test');
      expect(body.tools).toBeUndefined();
      const doc = body.messages[0].content[0];
      expect(doc).toMatchObject({ type: 'document', source: { type: 'content' }, citations: { enabled: true } });
      expect(body.system).not.toContain('Amazon Web Services');
    },
  );

  it('prints the offline answer when the model cites a sentence that does not exist', async () => {
    const r = await ask(() => ({
      json: citedMessage([{ text: 'Amazon Web Services is an Anthropic investor.', cites: [[0, 99, 100]] }]),
    }));
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/written by/i);
    expect(r.stdout).toMatch(/^> /);
  });

  it('prints the offline answer when the answer says what its citation does not', async () => {
    const r = await ask((req) => {
      const [d, i] = locate(req, AWS_SENTENCE);
      return {
        json: citedMessage([
          { text: 'Microsoft pays 400 million dollars for exclusive hosting rights.', cites: [[d, i, i + 1]] },
        ]),
      };
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Microsoft pays');
    expect(r.stdout).toMatch(/^> /);
  });

  it('prints the offline answer and exits 0 when the model endpoint is down', async () => {
    const r = await ask(() => ({ json: {} }), 'http://127.0.0.1:9');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^> /);
    expect(r.stdout).not.toMatch(/written by/i);
  });
});
