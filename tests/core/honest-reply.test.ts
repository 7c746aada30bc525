import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../src/core/library.js';
import { plainBriefing } from '../helpers/seed-library.js';

const article = (body: string) => plainBriefing('a', 'Methodism', body);

describe('honest replies', () => {
  it('shows no span for a yes/no question (no "Answer: contexts")', () => {
    const lib = createLibrary([
      article('For users of Claude in commercial contexts, none of this changes anything about the product.'),
    ]);
    const r = lib.ask('Does this change anything for commercial Claude users?');
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.answer.answerText).toBeUndefined();
  });

  it('quotes the next sentence too when the answer runs on into it', () => {
    const lib = createLibrary([
      article(
        'The church was founded at the Baltimore Christmas Conference of 1784. The conference was held at ' +
          'the Lovely Lane Chapel. Later events followed.',
      ),
    ]);
    const r = lib.ask('Where was the Christmas Conference of 1784 held?');
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer')
      expect(r.answer.quote).toBe(
        'The church was founded at the Baltimore Christmas Conference of 1784. The conference was held at ' +
          'the Lovely Lane Chapel.',
      );
  });

  it('says in words why the quote is trusted, never a raw score', () => {
    const lib = createLibrary([article('The treaty was signed in Paris in 1998.')]);
    const r = lib.ask('Where was the treaty signed?');
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(r.answer.support).toMatch(/key terms? of your question/);
  });
});
