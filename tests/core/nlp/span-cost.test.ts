import { describe, expect, it } from 'vitest';
import { answerTextFor } from '../../../src/core/nlp/short-answer.js';
import { SPAN_COST_WEIGHTS } from '../../../src/core/nlp/span-cost.js';

// The span finder's weights are fitted on train/ (scripts/fit-span-cost.mjs: paragraph-given span F1 train 42.1 ->
// 45.8, dev 44.2 -> 44.8). These pin the candidates and preferences that the fit gained from.
describe('span candidates and their fitted costs', () => {
  it('"X and Y" is one candidate: both amino acids, not the first', () => {
    expect(
      answerTextFor('Which amino acids contain sulfur?', 'The amino acids cysteine and methionine contain sulfur.'),
    ).toBe('cysteine and methionine');
  });

  it('"X of Y" is one candidate: the whole organisation, not "Department"', () => {
    expect(
      answerTextFor(
        'What organization runs the public schools in Victoria?',
        'The public schools in the state are run by the Victoria Department of Education.',
      ),
    ).toBe('Department of Education');
  });

  it('longer noun phrases are preferred (SQuAD answers are phrases), and a chunk holding question words costs more', () => {
    expect(SPAN_COST_WEIGHTS.length).toBeLessThan(0);
    expect(SPAN_COST_WEIGHTS.questionWord).toBeGreaterThan(0);
    expect(
      answerTextFor(
        'What did the company make?',
        'The company made deadly explosives and cheap fertilizer for farmers.',
      ),
    ).toBe('deadly explosives and cheap fertilizer');
  });
});
