import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN, runNode } from '../helpers/run-cli.js';
import { REPO_ROOT, tempProject } from '../helpers/seed.js';

// With no LLM setting, the bot starts without loading any model SDK (cold start stays where it was). The real
// process (dist/main.js, the terminal console) runs under an ESM resolve hook that logs every module it loads; the
// second case is the control: with a provider set and a question asked, the same log does show the SDK.

const LOADER = path.join(REPO_ROOT, 'tests', 'fixtures', 'llm', 'record-imports.mjs');

async function run(input: string, env: Record<string, string>, files: Record<string, string> = {}) {
  const { dir, briefingsDir } = tempProject(files);
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'govai-imports-')), 'imports.log');
  const r = await runNode(['--import', LOADER, MAIN], {
    cwd: dir,
    input,
    env: {
      GOVAI_BRIEFINGS_DIR: briefingsDir,
      GOVAI_DB: path.join(dir, 'govai.db'),
      GOVAI_CONSOLE: '1',
      GOVAI_TEST_IMPORT_LOG: log,
      ...env,
    },
  });
  const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  return { ...r, loaded, sdk: loaded.filter((u) => u.includes('/node_modules/@anthropic-ai/')) };
}

// The two runs share nothing (own temp project, own import log): side by side.
describe.concurrent('start-up with and without a model configured', () => {
  it('no GOVAI_LLM_PROVIDER: the bot answers, and no @anthropic-ai module and no src/llm module is loaded', async () => {
    const r = await run('ask Who is an Anthropic investor and infrastructure partner?\n', {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Amazon Web Services/);
    expect(r.loaded.some((u) => u.endsWith('/dist/main.js'))).toBe(true);
    expect(r.sdk).toEqual([]);
    expect(r.loaded.filter((u) => u.includes('/dist/llm/'))).toEqual([]);
  });

  it('control: GOVAI_LLM_PROVIDER=anthropic and a question asked: the SDK is loaded (lazily, at the first call)', async () => {
    const r = await run(
      'ask Who is an Anthropic investor and infrastructure partner?\n',
      {
        GOVAI_LLM_PROVIDER: 'anthropic',
        ANTHROPIC_API_KEY: 'test',
        // Nothing listens there: the call fails and the offline answer is shown, but the SDK was imported to make it.
        GOVAI_LLM_BASE_URL: 'http://127.0.0.1:9',
      },
      // One attempt: the retries' backoff (0.25 + 0.5 s) would only delay the offline answer.
      { 'govai.config.yaml': 'llm:\n  maxRetries: 0\n' },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Amazon Web Services/);
    expect(r.sdk.length).toBeGreaterThan(0);
  });
});
