import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { parseConfigText } from '../../src/config/load.js';

// The model settings are validated with the rest of the config (issue 14): each provider's required variables are
// named when missing, a secret never appears in a problem, and `llm:` in govai.config.yaml is checked field by field.

const problems = (env: Record<string, string>) => {
  const r = parseEnv(env);
  return r.ok ? [] : r.problems;
};
const named = (env: Record<string, string>) => problems(env).map((p) => p.split(':')[0]);

describe('model settings', () => {
  it('no GOVAI_LLM_PROVIDER: no model, nothing required', () => {
    const r = parseEnv({});
    expect(r.ok && r.value.llm).toBeUndefined();
  });

  it('an unknown provider, or a model/base URL with no provider, is refused naming GOVAI_LLM_PROVIDER', () => {
    expect(problems({ GOVAI_LLM_PROVIDER: 'gpt' }).join('\n')).toMatch(
      /^GOVAI_LLM_PROVIDER: must be anthropic, bedrock or openai-compatible/m,
    );
    expect(named({ GOVAI_LLM_MODEL: 'claude' })).toEqual(['GOVAI_LLM_PROVIDER']);
    expect(named({ GOVAI_LLM_BASE_URL: 'http://127.0.0.1:8000' })).toEqual(['GOVAI_LLM_PROVIDER']);
  });

  it('each provider names what it is missing', () => {
    expect(named({ GOVAI_LLM_PROVIDER: 'anthropic' })).toEqual(['ANTHROPIC_API_KEY']);
    expect(named({ GOVAI_LLM_PROVIDER: 'bedrock' }).sort()).toEqual(['AWS_REGION', 'GOVAI_LLM_MODEL']);
    expect(
      named({
        GOVAI_LLM_PROVIDER: 'bedrock',
        AWS_REGION: 'us-gov-west-1',
        GOVAI_LLM_MODEL: 'm',
        AWS_ACCESS_KEY_ID: 'A',
      }),
    ).toEqual(['AWS_SECRET_ACCESS_KEY']);
    expect(named({ GOVAI_LLM_PROVIDER: 'openai-compatible' }).sort()).toEqual([
      'GOVAI_LLM_BASE_URL',
      'GOVAI_LLM_MODEL',
    ]);
    expect(named({ GOVAI_LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'k', GOVAI_LLM_BASE_URL: 'not a url' })).toEqual(
      ['GOVAI_LLM_BASE_URL'],
    );
  });

  it(
    'complete settings: the provider, model (Anthropic default), endpoint; Bedrock without keys uses the AWS ' +
      'chain',
    () => {
      const a = parseEnv({ GOVAI_LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'k' });
      expect(a.ok && a.value.llm).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', apiKey: 'k' });
      const b = parseEnv({ GOVAI_LLM_PROVIDER: 'bedrock', AWS_REGION: 'us-gov-east-1', GOVAI_LLM_MODEL: 'm' });
      expect(b.ok && b.value.llm).toEqual({ provider: 'bedrock', model: 'm', region: 'us-gov-east-1' });
      const o = parseEnv({
        GOVAI_LLM_PROVIDER: 'openai-compatible',
        GOVAI_LLM_MODEL: 'llama',
        GOVAI_LLM_BASE_URL: 'http://127.0.0.1:8000/',
      });
      expect(o.ok && o.value.llm).toMatchObject({ baseUrl: 'http://127.0.0.1:8000', model: 'llama' });
    },
  );

  it('never echoes a secret in a problem', () => {
    const text = problems({
      GOVAI_LLM_PROVIDER: 'bedrock',
      AWS_ACCESS_KEY_ID: 'AKIASECRETVALUE123',
      GOVAI_LLM_API_KEY: 'sk-secret-456',
      ANTHROPIC_API_KEY: 'sk-ant-secret-789',
    }).join('\n');
    expect(text).not.toMatch(/AKIASECRETVALUE123|sk-secret-456|sk-ant-secret-789/);
  });

  it('llm: in govai.config.yaml is validated field by field', () => {
    const r = parseConfigText('llm:\n  timeoutMs: 10\n  maxConcurrent: 0\n  dailyTokenBudget: -5\n  bogus: 1\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.problems.join('\n');
    expect(text).toContain('llm.timeoutMs:');
    expect(text).toContain('llm.maxConcurrent:');
    expect(text).toContain('llm.dailyTokenBudget:');
    expect(text).toMatch(/unknown field "bogus"/);
  });
});
