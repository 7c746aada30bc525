import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import { createLibrary } from '../../src/core/library.js';
import { seedArticle, seedLibrary } from '../helpers/seed-library.js';

// An editor's `qa:` pair in front matter wins for its question: the reply says it is the editor's answer, is cited
// to the briefing and paragraph that support it, and highlights the editor's words found in the quote.
describe("an editor's qa: pair", () => {
  const library = seedLibrary();

  it("answers its own question with the editor's answer and its citation", () => {
    const r = library.ask('What are IL5 and IL6?');
    if (r.kind !== 'answer') throw new Error(`expected an answer, got ${JSON.stringify(r)}`);
    expect(r.answer.origin).toBe('editor');
    expect(r.answer.support).toMatch(/editor/i);
    expect(r.answer.answerText).toBe('Impact Level 5 and 6');
    expect(r.answer.quote).toContain('Impact Level 5 and 6 clearances');
    expect(r.answer.citation).toMatchObject({ briefingId: 'anthropic-intelligence-agencies', paragraph: 2 });
  });

  it('answers a rewording of its question too (same words, another order)', () => {
    const r = library.ask('IL6 and IL5: what are they?');
    expect(r.kind === 'answer' && r.answer.origin).toBe('editor');
  });

  it('does not take over a question it does not cover', () => {
    const r = library.ask('What is Constitutional AI?');
    expect(r.kind === 'answer' && r.answer.origin).toBe('article');
  });

  it('wins over an article sentence from another briefing that shares the words', () => {
    const other = buildBriefing({
      ...seedArticle(),
      id: 'other',
      title: 'Another story',
      qa: [],
      body: 'What are IL5 and IL6? IL5 and IL6 are the names of two roads in a small town.',
    });
    const r = createLibrary([other, buildBriefing(seedArticle())]).ask('What are IL5 and IL6?');
    if (r.kind !== 'answer') throw new Error('expected an answer');
    expect(r.answer.origin).toBe('editor');
    expect(r.answer.citation.briefingId).toBe('anthropic-intelligence-agencies');
  });

  it('without the pair, the same question is declined: the article never writes "IL5", only the editor does', () => {
    const plain = createLibrary([buildBriefing({ ...seedArticle(), qa: [] })]);
    expect(plain.ask('What are IL5 and IL6?')).toMatchObject({ kind: 'unknown' });
  });
});
