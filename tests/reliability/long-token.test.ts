import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import { contentTerms, MAX_STEM_INPUT, stem } from '../../src/core/nlp/text.js';

// Issue #11: one long unbroken "word" was quadratic in the stemmer (20,000 characters: seconds, a 1.9 MB
// file: minutes). Tokens are cut to MAX_STEM_INPUT before stemming, so the stemmer's input is bounded.
describe('token length cap before stemming', () => {
  it('cuts a 200,000-character token to the cap instead of stemming it whole', () => {
    const word = 'ab'.repeat(100_000);
    expect(stem(word)).toBe(word.slice(0, MAX_STEM_INPUT));
    const terms = contentTerms(`policy ${'qz'.repeat(100_000)} ruling`);
    expect(terms).toHaveLength(3);
    expect(terms.every((t) => t.length <= MAX_STEM_INPUT)).toBe(true);
  });

  it('still stems ordinary words', () => {
    expect(stem('regulations')).toBe('regul');
    expect(MAX_STEM_INPUT).toBeGreaterThanOrEqual(45);
  });
});

// The whole briefing build (sentences, glossary patterns, keywords, Q&A) on the finding's inputs: a 1.9 MB file of one
// unbroken "word" took more than 5 minutes, 40,000 characters 13.8 s. Now linear: this finishes well inside the
// test's default time limit (no time is asserted; a quadratic pass would exceed the limit by minutes).
describe('a briefing built from one enormous unbroken word', () => {
  const article = (body: string) => ({
    id: 'long-word',
    title: 'Long word',
    source: 'test wire',
    published: '2026-11-20',
    tags: [],
    keywords: [],
    qa: [],
    body,
  });

  it('builds a 1.9 MB word, and glossary-shaped text around 40,000-character words, without a giant term', () => {
    const huge = buildBriefing(article(`The agency said ${'ab'.repeat(950_000)} today. The review ends in May.`));
    expect(huge.paragraphs.join(' ')).toContain('The review ends in May.');
    const word = 'Qa'.repeat(20_000);
    const shaped = buildBriefing(
      article(
        `${word} (${'ba'.repeat(20_000)}) is defined here. ${word}: ${'ca'.repeat(20_000)}. The ${word} means ${word}.`,
      ),
    );
    for (const b of [huge, shaped]) {
      expect(b.glossary.every((g) => g.term.length <= 200)).toBe(true);
      expect(b.keywords.every((k) => k.length <= MAX_STEM_INPUT)).toBe(true);
    }
  });
});
