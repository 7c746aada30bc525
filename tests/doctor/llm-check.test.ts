import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/context.js';
import { loadConfig } from '../../src/config/load.js';
import { llmCheck } from '../../src/doctor/llm-check.js';
import { silentLogger } from '../../src/log/logger.js';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { startFakeBedrock } from '../fakes/fake-bedrock.js';
import { startFakeOpenAi } from '../fakes/fake-openai.js';
import { fakeBedrockEnv as bedrockEnv } from '../helpers/model-project.js';
import { tempProject } from '../helpers/seed.js';

// `govai doctor`'s model check through the real clients against the fakes: the host that receives article text,
// one tiny request (no article text) for the credentials, the breaker, the budget, and what to fix.

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function findings(env: Record<string, string>) {
  const { dir, briefingsDir } = tempProject();
  const loaded = loadConfig({ GOVAI_BRIEFINGS_DIR: briefingsDir, GOVAI_DB: `${dir}/govai.db`, ...env }, dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const ctx = await createAppContext({ config: loaded.config, logger: silentLogger() });
  return llmCheck.run(ctx);
}

describe('doctor: model check', () => {
  it('no model: off, says no article text leaves the machine and how to turn one on', async () => {
    const f = await findings({});
    expect(f).toEqual([expect.objectContaining({ area: 'model', status: 'off' })]);
    expect(f[0]!.message).toMatch(/no article text leaves/);
    expect(f[0]!.fix).toMatch(/GOVAI_LLM_PROVIDER/);
  });

  it(
    'Bedrock in GovCloud: names the receiving host, pings once (signed, one token, no article text), breaker ' +
      'closed',
    async () => {
      const fake = await startFakeBedrock(() => ({
        json: {
          id: 'm',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'text', text: 'p' }],
          usage: { input_tokens: 8, output_tokens: 1 },
        },
      }));
      close = fake.close;
      const f = await findings(bedrockEnv(fake.url));
      const host = new URL(fake.url).host;
      expect(f.find((x) => x.area === 'model')).toMatchObject({ status: 'ok' });
      expect(f.find((x) => x.area === 'model')!.message).toContain(`sent to ${host}`);
      expect(f.find((x) => x.area === 'model')!.message).toContain('us-gov-west-1');
      expect(f.find((x) => x.area === 'model credentials')).toMatchObject({ status: 'ok' });
      expect(f.find((x) => x.area === 'model credentials')!.message).toMatch(/9 tokens/);
      expect(f.find((x) => x.area === 'model breaker')).toMatchObject({ status: 'ok' });
      expect(fake.invocations).toHaveLength(1);
      expect(fake.invocations[0]!.body.max_tokens).toBe(1);
      expect(JSON.stringify(fake.invocations[0]!.body)).not.toMatch(/Anthropic|intelligence/);
      expect(JSON.stringify(f)).not.toContain('fake-secret');
    },
  );

  it('Bedrock without model access (403): fails and says to enable it in the Bedrock console for the region', async () => {
    const fake = await startFakeBedrock(() => ({
      status: 403,
      json: { message: "You don't have access to the model with the specified model ID." },
    }));
    close = fake.close;
    const f = await findings(bedrockEnv(fake.url));
    const cred = f.find((x) => x.area === 'model credentials')!;
    expect(cred.status).toBe('fail');
    expect(cred.fix).toMatch(/Bedrock console.*us-gov-west-1/);
  });

  it(
    'Anthropic API with a refused key (401): names the host, fails, says to fix ANTHROPIC_API_KEY, never ' +
      'prints it',
    async () => {
      const fake = await startFakeAnthropic(() => ({
        status: 401,
        json: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
      }));
      close = fake.close;
      const f = await findings({
        GOVAI_LLM_PROVIDER: 'anthropic',
        ANTHROPIC_API_KEY: 'sk-ant-wrong-key-123',
        GOVAI_LLM_BASE_URL: fake.url,
      });
      expect(f.find((x) => x.area === 'model')!.message).toContain(`sent to ${new URL(fake.url).host}`);
      const cred = f.find((x) => x.area === 'model credentials')!;
      expect(cred.status).toBe('fail');
      expect(cred.fix).toMatch(/ANTHROPIC_API_KEY is refused/);
      // One tiny request, no article text in it.
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]!.body.max_tokens).toBe(1);
      expect(JSON.stringify(fake.requests[0]!.body)).not.toMatch(/intelligence/);
      expect(JSON.stringify(f)).not.toContain('sk-ant-wrong-key-123');
    },
  );

  it('Bedrock with credentials AWS refuses (403 without a model-access message): says to check the AWS credentials', async () => {
    const fake = await startFakeBedrock(() => ({
      status: 403,
      json: { message: 'The security token included in the request is invalid.' },
    }));
    close = fake.close;
    const cred = (await findings(bedrockEnv(fake.url))).find((x) => x.area === 'model credentials')!;
    expect(cred.status).toBe('fail');
    expect(cred.fix).toMatch(/AWS credentials are refused/);
  });

  it('a local server that is down: fails and says which host cannot be reached', async () => {
    const f = await findings({
      GOVAI_LLM_PROVIDER: 'openai-compatible',
      GOVAI_LLM_MODEL: 'llama',
      GOVAI_LLM_BASE_URL: 'http://127.0.0.1:9',
    });
    const cred = f.find((x) => x.area === 'model credentials')!;
    expect(cred.status).toBe('fail');
    expect(cred.fix).toMatch(/cannot reach 127\.0\.0\.1:9.*server is running/);
  });

  it('a local server that answers: ok, and the ping is a plain one-token chat completion', async () => {
    const fake = await startFakeOpenAi(() => ({ content: 'pong', usage: { prompt_tokens: 5, completion_tokens: 1 } }));
    close = fake.close;
    const f = await findings({
      GOVAI_LLM_PROVIDER: 'openai-compatible',
      GOVAI_LLM_MODEL: 'llama',
      GOVAI_LLM_BASE_URL: fake.url,
    });
    expect(f.find((x) => x.area === 'model credentials')).toMatchObject({ status: 'ok' });
    expect(fake.requests[0]!.body).toMatchObject({ model: 'llama', max_tokens: 1 });
    expect(fake.requests[0]!.body.response_format).toBeUndefined();
    expect(f.find((x) => x.area === 'model budget')!.message).toMatch(/of the daily budget of 200000/);
  });
});
