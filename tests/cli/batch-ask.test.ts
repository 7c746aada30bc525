import { describe, expect, it } from 'vitest';
import { govai, govaiInProcess } from '../helpers/run-cli.js';
import { tempProject } from '../helpers/seed.js';

const project = tempProject();
const cwd = project.dir;
const env = { GOVAI_BRIEFINGS_DIR: project.briefingsDir };

// The bad-lines case runs `govai batch ask` through the real launcher (bin/govai.js: stdin, stderr, exit code 1);
// the others run the same runCli in this process (the same environment and files), a second of CPU less each.

describe('govai batch ask', () => {
  it('answers {id, question} lines over the whole library with the fields of the documented format', async () => {
    const input = [
      JSON.stringify({ id: 'q1', question: 'What is Constitutional AI?' }),
      JSON.stringify({ id: 7, question: 'What colour is the sky on Mars?' }),
    ].join('\n');
    const r = await govaiInProcess(['batch', 'ask'], { cwd, input, env });
    expect(r.code).toBe(0);
    const [a, b] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(Object.keys(a).sort()).toEqual(
      ['abstained', 'answer_text', 'briefing_id', 'id', 'paragraph', 'quote', 'score'].sort(),
    );
    expect(a).toMatchObject({
      id: 'q1',
      briefing_id: 'anthropic-intelligence-agencies',
      paragraph: 5,
      abstained: false,
    });
    expect(a.quote).toMatch(/builds specific behavioral rules into Claude/);
    expect(a.answer_text.length).toBeGreaterThan(0);
    expect(b).toMatchObject({ id: 7, quote: '', answer_text: '', briefing_id: null, paragraph: null, abstained: true });
  });

  it('reports bad lines with their number, skips them, answers the rest and exits 1', async () => {
    const input = [
      '{not json',
      JSON.stringify({ id: 'x' }),
      '[1,2]',
      JSON.stringify({ question: 'What is IL6?' }),
      '',
      JSON.stringify({ id: 'ok', question: 'What is Constitutional AI?' }),
    ].join('\n');
    const r = await govai(['batch', 'ask'], { cwd, input, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 1: invalid JSON/);
    expect(r.stderr).toMatch(/line 2: field "question" must be a string/);
    expect(r.stderr).toMatch(/line 3: expected a JSON object/);
    expect(r.stderr).toMatch(/line 4: field "id" is missing/);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['ok']);
  });

  it('gives the same answer as `govai ask` (same retrieval, same threshold)', async () => {
    const questions = [
      'What is Constitutional AI?',
      'Which cloud hosts the classified work?',
      'What was the contract worth?',
      'Why can the work not run on a standard commercial cloud?',
    ];
    const input = questions.map((question, i) => JSON.stringify({ id: i, question })).join('\n');
    const batch = (await govaiInProcess(['batch', 'ask'], { cwd, input, env })).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const [i, question] of questions.entries()) {
      const single = JSON.parse((await govaiInProcess(['ask', question, '--format', 'json'], { cwd, env })).stdout);
      if (single.kind === 'answer') {
        expect(batch[i]).toMatchObject({
          abstained: false,
          quote: single.answer.quote,
          briefing_id: single.answer.citation.briefingId,
          paragraph: single.answer.citation.paragraph,
          score: single.answer.score,
        });
        expect(batch[i].answer_text).toBe(single.answer.answerText ?? single.answer.quote);
      } else {
        expect(batch[i]).toMatchObject({ abstained: true, quote: '' });
      }
    }
  });
});
