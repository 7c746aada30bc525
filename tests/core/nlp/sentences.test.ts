import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/core/nlp/text.js';

describe('sentence splitter', () => {
  it('does not split at abbreviations, initials, dotted acronyms or decimals', () => {
    const text = 'Mr. Smith met Dr. Jones at 3.5 p.m. in the U.S. Army base. John F. Kennedy spoke next.';
    expect(splitSentences(text)).toEqual([
      'Mr. Smith met Dr. Jones at 3.5 p.m. in the U.S. Army base.',
      'John F. Kennedy spoke next.',
    ]);
  });

  it('keeps a closing quote with its sentence and splits after ? and !', () => {
    expect(splitSentences('He said "we will win." Then he left! Did he? Yes.')).toEqual([
      'He said "we will win."',
      'Then he left!',
      'Did he?',
      'Yes.',
    ]);
  });

  it('splits news paragraphs glued without a space, but not U.S.Army or CNN.com', () => {
    expect(splitSentences('The mayor spoke.The crowd cheered.')).toEqual(['The mayor spoke.', 'The crowd cheered.']);
    expect(splitSentences('Read it on CNN.com today.')).toEqual(['Read it on CNN.com today.']);
  });

  it('ends a sentence at a blank line or a list item', () => {
    expect(splitSentences('A heading\n\nBody text here\n- item one\n- item two')).toEqual([
      'A heading',
      'Body text here',
      '- item one',
      '- item two',
    ]);
  });

  it('ends a sentence at a quote that closes it, also when the quotation ran over several sentences', () => {
    expect(
      splitSentences('McLean told Rolling Stone. "I want the best deal. It\'s time." Over the years, it grew.'),
    ).toEqual(['McLean told Rolling Stone.', '"I want the best deal.', 'It\'s time."', 'Over the years, it grew.']);
    expect(splitSentences('"We will win," she said. "Why?" he asked. "No!" Then it ended.')).toEqual([
      '"We will win," she said.',
      '"Why?" he asked.',
      '"No!"',
      'Then it ended.',
    ]);
    expect(splitSentences('"It is over." He left.')).toEqual(['"It is over."', 'He left.']);
  });

  it('splits after a possessive ("Christie\'s.") and keeps common abbreviations', () => {
    expect(splitSentences('It sold at Christie\'s. "A fitting tribute," Tom Lecky said.')).toEqual([
      "It sold at Christie's.",
      '"A fitting tribute," Tom Lecky said.',
    ]);
    expect(
      splitSentences('Sen. John McCain met Gov. Rick Scott in Tampa, Fla. Monday. Sgt. Lee and Pvt. Cole agreed.'),
    ).toEqual(['Sen. John McCain met Gov. Rick Scott in Tampa, Fla. Monday.', 'Sgt. Lee and Pvt. Cole agreed.']);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('  \n ')).toEqual([]);
  });
});
