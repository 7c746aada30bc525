import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../../src/core/library.js';
import { answerFromContext } from '../../../src/core/nlp/answer.js';
import { summarize } from '../../../src/core/nlp/summarize.js';
import { seedLibrary } from '../../helpers/seed-library.js';

// Arbitrary Unicode (lone surrogates, combining marks, RTL, emoji, control characters) mixed with
// sentence punctuation so the splitter's and span finder's edge cases are reached.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc
    .array(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.constantFrom('. ', '? ', '! ', '"', '(CNN)', 'Mr. ', '\n\n', '- ', '1999', '$5'),
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
);

describe('never throws on arbitrary Unicode', () => {
  it('summarize', () => {
    fc.assert(
      fc.property(text, fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }), (t, n) => {
        const picks = summarize(t, n === undefined ? {} : { sentences: n });
        expect(Array.isArray(picks)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('answerFromContext', () => {
    fc.assert(
      fc.property(text, text, (question, context) => {
        const a = answerFromContext(question, context, 0);
        expect(a.score).toBeGreaterThanOrEqual(0);
        expect(a.score).toBeLessThanOrEqual(1);
        // The short answer is bolded inside the quote by the renderers: it must be a substring of it.
        if (a.sentence !== '') expect(a.sentence.includes(a.answerText)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('ask over the seed library and over an empty one', () => {
    const seed = seedLibrary();
    const empty = createLibrary([]);
    fc.assert(
      fc.property(text, (question) => {
        expect(['answer', 'unknown']).toContain(seed.ask(question).kind);
        expect(empty.ask(question).kind).toBe('unknown');
      }),
      { numRuns: 150 },
    );
  });
});
