import { describe, expect, it } from 'vitest';
import { createTriggerMatcher, isQuestion } from '../../src/core/triggers.js';

describe('trigger matcher', () => {
  const m = createTriggerMatcher(['IL6', 'classified cloud', 'Constitutional AI', 'C++', 'il6']);

  it('matches whole words, case-insensitively, returning the configured term', () => {
    expect(m.match('is the il6 stuff done?')).toBe('IL6');
    expect(m.match('a CLASSIFIED   cloud region')).toBe('classified cloud');
    expect(m.match('what about Constitutional AI?')).toBe('Constitutional AI');
    expect(m.match('we use c++ here')).toBe('C++');
  });

  it('does not match inside other words', () => {
    expect(m.match('TIL6 is not a term')).toBeUndefined();
    expect(m.match('classified clouds')).toBeUndefined();
    expect(m.match('nothing here')).toBeUndefined();
  });

  it('prefers the longest term and de-duplicates case variants', () => {
    const mm = createTriggerMatcher(['cloud', 'classified cloud']);
    expect(mm.match('the classified cloud')).toBe('classified cloud');
    expect(m.terms.filter((t) => t.toLowerCase() === 'il6')).toHaveLength(1);
  });

  it('treats regex characters in terms literally', () => {
    const mm = createTriggerMatcher(['a.b', '(x)']);
    expect(mm.match('axb')).toBeUndefined();
    expect(mm.match('see a.b now')).toBe('a.b');
    expect(mm.match('call (x) now')).toBe('(x)');
  });

  it('with no terms matches nothing', () => {
    expect(createTriggerMatcher([]).match('anything')).toBeUndefined();
  });
});

describe('isQuestion', () => {
  it.each([
    ['What is IL6?', true],
    ['what is IL6', true],
    ['Does anyone know who runs GovCloud', true],
    ['Quick one. How does IL6 work', true],
    ['IL6 rollout is done.', false],
    ['Whatever, IL6 again', false],
  ])('%j -> %s', (text, expected) => {
    expect(isQuestion(text)).toBe(expected);
  });
});
