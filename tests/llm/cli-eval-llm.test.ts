import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { citedMessage, type FakeRequest, startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { REPO_ROOT } from '../helpers/seed.js';

// `npm run eval -- --llm` on a small subset of the dev data, through the real Anthropic SDK against the fake
// Messages API: the library-wide and paragraph tasks run through the model and the report shows them beside the
// offline figures, with the tokens used. (No real model is reachable here; this proves the code path works.)

const SHARED = path.resolve(REPO_ROOT, '..', 'shared', 'eval');
const head = (file: string, n: number) => {
  const lines = readFileSync(path.join(SHARED, 'dev', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, n);
  return `${lines.join('\n')}\n`;
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe.skipIf(!existsSync(path.join(SHARED, 'dev', 'qa.jsonl')))('npm run eval -- --llm', () => {
  it('runs the library-wide and paragraph tasks through the configured provider and reports them with tokens used', async () => {
    // The "model" quotes the first candidate sentence it is given and cites it: verbatim, so it passes the checks.
    // On the paragraph task it quotes the passage's sentence with most words of the question, except for questions
    // of an even length, where it cites a sentence that does not exist (the offline answer must be kept).
    const passages: Array<{ question: string; sentences: number; bad: boolean }> = [];
    const fake = await startFakeAnthropic((req: FakeRequest) => {
      const content = req.body.messages[0].content;
      const doc = content.find((c: { type: string }) => c.type === 'document');
      if (doc.title !== 'passage')
        return { json: citedMessage([{ text: doc.source.content[0].text, cites: [[0, 0, 1]] }]) };
      const question = String(content.find((c: { type: string }) => c.type === 'text')?.text ?? '');
      const qWords = new Set(question.toLowerCase().match(/[a-z0-9]+/g) ?? []);
      const blocks = doc.source.content as Array<{ text: string }>;
      const shared = (t: string) => (t.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => qWords.has(w)).length;
      const best = blocks.reduce((b, x, i) => (shared(x.text) > shared(blocks[b]!.text) ? i : b), 0);
      const bad = question.length % 2 === 0;
      passages.push({ question, sentences: blocks.length, bad });
      return { json: citedMessage([{ text: blocks[best]!.text, cites: [bad ? [0, 99, 100] : [0, best, best + 1]] }]) };
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
    const library = fake.requests.length - passages.length;
    expect(library).toBeGreaterThanOrEqual(json.llm.used);
    expect(library).toBeLessThanOrEqual(json.library.answerable + json.library.unanswerable);

    // The paragraph task: one request per question (6 answerable + 2 unanswerable), the whole passage as sentences.
    expect(passages).toHaveLength(8);
    for (const p of passages) expect(p.sentences).toBeGreaterThan(1);
    const bad = passages.filter((p) => p.bad).length;
    const p = json.llmParagraph;
    expect(p.model).toBe('anthropic:claude-sonnet-4-5');
    expect(p.used).toBe(8 - bad);
    expect(p.reasons).toEqual(bad > 0 ? { 'unknown-sentence': bad } : {});
    expect(p.tokens).toBe(8 * 150);
    expect(out.stdout).toMatch(/Answers through anthropic:claude-sonnet-4-5 \(--llm\), both at the threshold default/);
    expect(out.stdout).toMatch(/^govai offline, gated {2,}\d/m);
    expect(out.stdout).toMatch(/^govai \+ anthropic:claude-sonnet-4-5 {2,}\d/m);
    expect(out.stdout).toContain(
      `model answer used for ${p.used} of 8 ` +
        `questions${bad ? ` (offline answer kept: unknown-sentence ${bad})` : ''}; tokens used: ${p.tokens}`,
    );
    // A verified model answer quotes a whole sentence of the passage: it hits whenever the gold answer is in it.
    expect(p.score.sentence_hit_rate).toBeGreaterThan(0);
  }, 120_000);
});
