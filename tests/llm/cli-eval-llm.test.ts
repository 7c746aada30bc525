import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { citedMessage, type FakeRequest, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { REPO_ROOT } from '../helpers/seed.js';

// `npm run eval -- --llm` on a small subset of the dev data, through the real Anthropic SDK against the fake
// Messages API: the library-wide task runs through the model and the report shows it beside the offline figures,
// with the tokens used. (No real model is reachable here; this proves the code path works.)

const SHARED = path.resolve(REPO_ROOT, '..', 'shared', 'eval');
const head = (file: string, n: number) =>
  readFileSync(path.join(SHARED, 'dev', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, n)
    .join('\n') + '\n';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe.skipIf(!existsSync(path.join(SHARED, 'dev', 'qa.jsonl')))('npm run eval -- --llm', () => {
  it('runs the library-wide task through the configured provider and reports it with tokens used', async () => {
    // The "model" quotes the first candidate sentence it is given and cites it: verbatim, so it passes the checks.
    const fake = await startFakeAnthropic((req: FakeRequest) => {
      const doc = req.body.messages[0].content.find((c: { type: string }) => c.type === 'document');
      return { json: citedMessage([{ text: doc.source.content[0].text, cites: [[0, 0, 1]] }]) };
    });
    close = fake.close;
    const data = mkdtempSync(path.join(tmpdir(), 'govai-eval-llm-'));
    writeFileSync(path.join(data, 'qa.jsonl'), head('qa.jsonl', 6));
    writeFileSync(path.join(data, 'qa-unanswerable.jsonl'), head('qa-unanswerable.jsonl', 2));
    writeFileSync(path.join(data, 'summarization.jsonl'), head('summarization.jsonl', 3));
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['scripts/eval.mjs', '--data', data, '--scorers', SHARED, '--llm', '--json', path.join(data, 'out.json')],
        {
          cwd: REPO_ROOT,
          env: {
            PATH: process.env.PATH ?? '',
            GOVAI_LLM_PROVIDER: 'anthropic',
            ANTHROPIC_API_KEY: 'test',
            GOVAI_LLM_BASE_URL: fake.url,
          },
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/Library-wide \(what a user gets\)/);
    expect(out.stdout).toMatch(/Library-wide through anthropic:claude-sonnet-4-5 \(--llm\): right quote/);
    const json = JSON.parse(readFileSync(path.join(data, 'out.json'), 'utf8'));
    expect(json.llm.tokens).toBeGreaterThan(0);
    expect(json.llm.used).toBeGreaterThan(0);
    expect(out.stdout).toContain(`tokens used: ${json.llm.tokens}`);
    // Only the --llm run called the model: at most one request per library question, at least one per used answer.
    expect(fake.requests.length).toBeGreaterThanOrEqual(json.llm.used);
    expect(fake.requests.length).toBeLessThanOrEqual(json.library.answerable + json.library.unanswerable);
  });
});
