import { describe, expect, it } from 'vitest';
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
