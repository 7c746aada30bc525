import { describe, expect, it } from 'vitest';
import { stripDateline, summarize, summarizeSentences } from '../../../src/core/nlp/summarize.js';

const article = [
  'The city council approved a new budget of $4 million for public transport on Tuesday after a long debate.',
  'The city council approved a new budget of $4 million for public transport on Tuesday after a lengthy debate.',
  'Bus fares will fall by a third from January, the council said in a statement.',
  'Opponents said the budget ignores the roads.',
  'The mayor, who proposed the plan last year, called the vote a turning point for public transport in the city.',
  'Weather was mild.',
  'Local shops reported a quiet week.',
];

describe('summarizer', () => {
  it('drops a near-duplicate of a sentence it already picked', () => {
    const picks = summarizeSentences(article, { sentences: 2 });
    expect(picks.map((p) => p.index)).toContain(0);
    expect(picks.map((p) => p.index)).not.toContain(1);
    expect(picks).toHaveLength(2);
  });

  it('prefers early, central sentences and returns them in document order', () => {
    const picks = summarizeSentences(article, { sentences: 3 });
    const indexes = picks.map((p) => p.index);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(indexes).not.toContain(5);
    expect(indexes).not.toContain(6);
  });

  it('chooses the length itself from a word budget when no count is given', () => {
    const long = Array.from(
      { length: 12 },
      (_, i) =>
        `Sentence number ${i + 1} reports that the long running council budget debate continued with many ` +
        `speakers and many more amendments.`,
    );
    const short = [
      'Rain fell in Leeds.',
      'Prices rose sharply.',
      'Schools reopen Monday.',
      'Trains ran late.',
      'Markets closed higher.',
      'Doctors urged caution.',
      'Farmers expect floods.',
      'Tourists returned early.',
    ];
    expect(summarizeSentences(long).length).toBeLessThan(summarizeSentences(short).length);
  });

  it('honours an explicit sentence count and never returns more sentences than the text has', () => {
    expect(summarizeSentences(article, { sentences: 4 })).toHaveLength(4);
    expect(summarizeSentences(article.slice(0, 2), { sentences: 5 }).length).toBeLessThanOrEqual(2);
    expect(summarizeSentences([])).toEqual([]);
  });

  it('prefers sentences about the title', () => {
    const sentences = [
      'Officials met on Monday to discuss a list of items.',
      'The new bridge over the river will open in May, engineers said.',
      'Traffic was light across town during the holiday weekend.',
    ];
    expect(summarizeSentences(sentences, { sentences: 1 })[0]?.index).toBe(0);
    expect(summarizeSentences(sentences, { sentences: 1, title: 'River bridge to open in May' })[0]?.index).toBe(1);
  });

  it('removes a news-wire dateline from the first sentence', () => {
    expect(stripDateline('LONDON, England (CNN) -- The Prime Minister spoke.')).toBe('The Prime Minister spoke.');
    expect(stripDateline('(CNN)Countries around the world sent aid.')).toBe('Countries around the world sent aid.');
    expect(stripDateline('Nothing to strip here.')).toBe('Nothing to strip here.');
    expect(
      summarize('(CNN)Countries around the world sent aid to the region. Aid groups said more help is needed.')[0]
        ?.text,
    ).toBe('Countries around the world sent aid to the region.');
  });

  it('summarizes a very long text from its head and sampled windows, deterministically', () => {
    const paragraph = article.join(' ');
    const long = Array.from({ length: 2_500 }, (_, i) => `${paragraph} Item ${i} closes the paragraph.`).join('\n\n');
    expect(long.length).toBeGreaterThan(120_000);
    const a = summarize(long);
    const b = summarize(long);
    expect(a.length).toBeGreaterThan(0);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a[0]?.index).toBe(0);
  });

  it('is deterministic: the same input gives byte-identical output', () => {
    const text = article.join(' ');
    expect(JSON.stringify(summarize(text, { title: 'Council budget' }))).toBe(
      JSON.stringify(summarize(text, { title: 'Council budget' })),
    );
  });
});
