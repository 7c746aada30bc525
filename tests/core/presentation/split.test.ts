import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from '../../../src/core/presentation/split.js';

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const squash = (s: string) => s.replace(/\s+/g, '');

// Text that looks like prose: words of varied length, sentence ends, line and paragraph breaks.
const prose = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[a-zA-Z0-9*_\\<>&é😀]{1,14}$/u),
      fc.constantFrom(' ', ' ', ' ', '. ', '? ', '\n', '\n\n', '  '),
    ),
    { maxLength: 300 },
  )
  .map((xs) => xs.join(''));

describe('splitText (the one splitter)', () => {
  it('every piece is within the limit and joining them gives back the text modulo whitespace at the cuts', () => {
    fc.assert(
      fc.property(prose, fc.integer({ min: 1, max: 120 }), (text, max) => {
        const pieces = splitText(text, max);
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
        expect(squash(pieces.join(''))).toBe(squash(text));
        // The whitespace is only removed at the cuts: each piece is a verbatim slice of the text.
        let from = 0;
        for (const p of pieces) {
          const at = text.indexOf(p, from);
          expect(at).toBeGreaterThanOrEqual(0);
          from = at + p.length;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never cuts a word unless that word alone exceeds the limit', () => {
    fc.assert(
      fc.property(prose, fc.integer({ min: 1, max: 120 }), (text, atLeast) => {
        const max = Math.max(atLeast, ...words(text).map((w) => w.length));
        expect(splitText(text, max).flatMap(words)).toEqual(words(text));
      }),
      { numRuns: 400 },
    );
  });

  it('also holds for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3_000, unit: 'grapheme' }), fc.integer({ min: 1, max: 500 }), (s, max) => {
        const pieces = splitText(s, max);
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
        expect(squash(pieces.join(''))).toBe(squash(s));
      }),
    );
  });

  it('prefers a paragraph break, then a line break, then a sentence end, then a space', () => {
    const para = `${'a '.repeat(30)}\n\n${'b '.repeat(30)}`;
    expect(splitText(para, 100)[0]).toBe('a '.repeat(30).trim());
    const line = `${'a '.repeat(30)}\n${'b '.repeat(30)}`;
    expect(splitText(line, 100)[0]).toBe('a '.repeat(30).trim());
    const sentence = `${'word '.repeat(12)}ends here. And ${'more '.repeat(20)}`;
    expect(splitText(sentence, 100)[0]).toBe(`${'word '.repeat(12)}ends here.`);
    expect(splitText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
  });

  it('cuts a single overlong word, but not inside a surrogate pair or after an escaping backslash', () => {
    expect(splitText('x'.repeat(7_000), 3_000).join('')).toBe('x'.repeat(7_000));
    expect(splitText('ab😀cd', 3)).toEqual(['ab', '😀c', 'd']);
    expect(splitText('ab\\*cd', 3)).toEqual(['ab', '\\*c', 'd']);
  });

  it('returns short text unchanged and rejects a bad limit', () => {
    expect(splitText('', 10)).toEqual(['']);
    expect(splitText('hi', 2)).toEqual(['hi']);
    expect(() => splitText('hi', 0)).toThrow(/max/);
  });
});

describe('splitText with atomic spans', () => {
  const LINK = /<[^<>\s|]+\|[^<>]*>/g;
  it('never cuts inside a link that fits the limit, and still loses nothing', () => {
    const linked = fc
      .array(
        fc.oneof(
          fc.stringMatching(/^[a-z]{1,10}$/),
          fc.constant(' '),
          fc.stringMatching(/^[a-z ]{1,20}$/).map((label) => `<https://x.example/a|${label}>`),
        ),
        { maxLength: 200 },
      )
      .map((xs) => xs.join(' '));
    fc.assert(
      fc.property(linked, fc.integer({ min: 45, max: 200 }), (text, max) => {
        const pieces = splitText(text, max, { atomic: LINK });
        for (const p of pieces) expect(p.length).toBeLessThanOrEqual(max);
        expect(squash(pieces.join(''))).toBe(squash(text));
        const links = (s: string) => s.match(LINK) ?? [];
        expect(pieces.flatMap(links)).toEqual(links(text));
      }),
      { numRuns: 300 },
    );
  });
});
