import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentTerms, stem, words } from '../../../src/core/nlp/text.js';

describe('words and stems', () => {
  it('the ASCII fast path gives the same tokens as the Unicode pattern', () => {
    const unicode = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(words(text)).toEqual(text.toLowerCase().match(unicode) ?? []);
      }),
      { numRuns: 300 },
    );
    expect(words("Don't stop: U.S. e-mail, 3.5%")).toEqual(["don't", 'stop', 'u.s', 'e-mail', '3.5']);
  });

  it('stems with Porter2 and drops stop words and possessives', () => {
    expect(stem('running')).toBe('run');
    expect(stem('contracts')).toBe('contract');
    expect(contentTerms("The agency's contracts were running")).toEqual(['agenc', 'contract', 'run']);
  });
});
