import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../src/core/library.js';
import { ANSWER_MODEL } from '../../src/core/nlp/answer-model.js';
import { plainBriefing } from '../helpers/seed-library.js';

// The lead in the decline gate (library-rank.ts gateScore, answer-model.ts gateLead, fitted on train/): a sentence
// score a little under the threshold is answered when no other briefing comes close, and declined when another
// briefing nearly ties.
const art = (id: string, body: string) => plainBriefing(id, `Story ${id}`, body);
const harbour = art(
  'a',
  'The harbour bridge was painted green by the city council. Tourists visit the lighthouse every summer. ' +
    'The market opens on Sundays.',
);
const question = 'Why did the council paint the harbour bridge in 1990?';

describe('the lead over the runner-up in the decline gate', () => {
  it('answers a score just under the threshold when it leads every other briefing', () => {
    const r = createLibrary([harbour, art('b', 'Children play in the park. The school opens at nine.')]).ask(question);
    if (r.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
    expect(r.answer.score).toBeLessThan(ANSWER_MODEL.answerThreshold.value);
    expect(r.answer.quote).toMatch(/harbour bridge was painted green/);
  });

  it('declines the same score when another briefing nearly ties', () => {
    const close = art(
      'b',
      'The council painted the harbour bridge railings blue last spring. Children play in the park.',
    );
    const lib = createLibrary([harbour, close]);
    expect(lib.ask(question)).toMatchObject({ kind: 'unknown', reason: 'low-confidence' });
    expect(lib.explain(question).decision).toMatch(/^declined/);
  });
});
