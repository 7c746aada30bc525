import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';

/** The env that points govai's model at a fake Anthropic Messages API (tests/fakes/fake-anthropic.ts) at `url`. */
export const fakeAnthropicEnv = (url: string) => ({
  GOVAI_LLM_PROVIDER: 'anthropic',
  ANTHROPIC_API_KEY: 'test',
  GOVAI_LLM_BASE_URL: url,
});

/**
 * The env for Bedrock in the GovCloud region with static keys, its endpoint the fake Bedrock (tests/fakes/fake-bedrock.ts)
 * at `url`; tests/llm/providers.test.ts checks these exact values are what the SigV4 signature carries.
 */
export const fakeBedrockEnv = (url: string) => ({
  GOVAI_LLM_PROVIDER: 'bedrock',
  GOVAI_LLM_MODEL: 'us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0',
  AWS_REGION: 'us-gov-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
  AWS_SECRET_ACCESS_KEY: 'fake-secret',
  GOVAI_LLM_BASE_URL: url,
});

/**
 * The loaded config (and the env it came from) of a temp project (tests/helpers/seed.ts tempProject) whose database is govai.db in it and whose
 * model is the fake Anthropic at `url`; `extraEnv` adds platform tokens and the like. A config problem throws, naming it.
 */
export function loadModelProject(
  project: { dir: string; briefingsDir: string },
  url: string,
  extraEnv: Record<string, string> = {},
) {
  const env = {
    GOVAI_BRIEFINGS_DIR: project.briefingsDir,
    GOVAI_DB: path.join(project.dir, 'govai.db'),
    ...fakeAnthropicEnv(url),
    ...extraEnv,
  };
  const loaded = loadConfig(env, project.dir);
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return { config: loaded.config, env };
}
