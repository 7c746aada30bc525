import { describe, expect, it } from 'vitest';
import { answerTextFor } from '../../../src/core/nlp/short-answer.js';

describe('who-questions answer with the subject', () => {
  it('picks the name that opens the sentence when a relative clause separates it from the predicate', () => {
    const sentence =
      'Amazon Web Services, which has deep intelligence community relationships through its GovCloud and ' +
      'classified cloud offerings, is also an Anthropic investor and infrastructure partner.';
    expect(answerTextFor('Who is an Anthropic investor?', sentence)).toBe('Amazon Web Services');
  });

  it('still picks the name nearest the question words when the sentence does not open with one', () => {
    expect(
      answerTextFor(
        'Who did the committee appoint as chair?',
        'In March the committee appointed Maria Lopez as chair.',
      ),
    ).toBe('Maria Lopez');
  });
});
