import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import { createLibrary } from '../../src/core/library.js';
import type { Briefing } from '../../src/core/model.js';
import { STOP_WORDS, stem } from '../../src/core/nlp/text.js';
import { createSearchIndex } from '../../src/core/search-index.js';

const briefing = (id: string, title: string, body: string): Briefing =>
  buildBriefing({ id, title, source: 'test wire', published: '2026-11-20', tags: [], keywords: [], qa: [], body });

describe('an incremental search index', () => {
  const filler = Array.from({ length: 300 }, (_, i) =>
    briefing(`filler-${i}`, `Filler story ${i}`, `Office ${i} reviewed routine paperwork about budgets and staffing.`),
  );

  it('re-indexes only what changed between library versions', () => {
    const index = createSearchIndex();
    expect(index.sync(filler)).toBe(300);
    const added = briefing('lighthouse', 'Lighthouse agency buys radar', 'The lighthouse agency bought coastal radar.');
    expect(index.sync([...filler, added])).toBe(1);
    expect(index.sync([...filler, added])).toBe(0);
    const edited = briefing(
      'lighthouse',
      'Lighthouse agency buys sonar',
      'The lighthouse agency bought coastal sonar.',
    );
    expect(index.sync([...filler, edited])).toBe(1);
    expect(index.search('radar').map((h) => h.id)).toEqual([]);
    expect(index.search('sonar').map((h) => h.id)).toEqual(['lighthouse']);
    expect(index.frequency(stem('lighthouse'))).toBe(1);
    expect(index.sync(filler)).toBe(1);
    expect(index.search('sonar')).toEqual([]);
    expect(index.frequency(stem('lighthouse'))).toBe(0);
    expect(index.size).toBe(300);
  });

  it('a library on a shared index answers from an added briefing and no longer from a removed one', () => {
    const index = createSearchIndex();
    createLibrary(filler, index);
    const added = briefing(
      'tugboat-award',
      'Navy awards tugboat contract',
      'The Navy awarded a tugboat maintenance contract to Harbor Works. The award is worth 12 million dollars.',
    );
    const next = createLibrary([...filler, added], index);
    const answer = next.ask('How much is the Navy tugboat contract worth?');
    expect(answer.kind).toBe('answer');
    expect(answer.kind === 'answer' && answer.answer.citation.briefingId).toBe('tugboat-award');
    const after = createLibrary(filler, index);
    expect(after.ask('How much is the Navy tugboat contract worth?').kind).not.toBe('answer');
    expect(after.search('tugboat')).toEqual([]);
  });
});

// The index scores as MiniSearch 7 did with the options govai used before it had its own index: the same hits, the
// same scores and the same order (ties included), so replacing it changed no answer.
describe('the search index against MiniSearch', () => {
  const reference = () =>
    new MiniSearch<{ id: string; title: string; keywords: string; body: string }>({
      fields: ['title', 'keywords', 'body'],
      processTerm: (term) => (STOP_WORDS.has(term.toLowerCase()) ? null : stem(term.toLowerCase())),
      searchOptions: { boost: { title: 2, keywords: 2 }, prefix: false, fuzzy: false },
    });
  const doc = (b: Briefing) => ({
    id: b.id,
    title: b.title,
    keywords: [...b.keywords, ...b.tags, ...b.glossary.map((g) => g.term)].join(' '),
    body: b.paragraphs.join('\n'),
  });
  const topics = ['radar', 'sonar', 'budget', 'contract', 'navy', 'harbor', 'lighthouse', 'staffing', 'coastal'];
  const pick = (i: number, k: number) => topics[(i * 7 + k * 3) % topics.length]!;
  const briefings = Array.from({ length: 120 }, (_, i) =>
    buildBriefing({
      id: `b${i}`,
      title: `${pick(i, 0)} story ${i % 10}`,
      source: 'test wire',
      published: '2026-11-20',
      tags: i % 6 === 0 ? ['harbor'] : [],
      keywords: i % 4 === 1 ? [pick(i, 5), 'contract'] : [],
      qa: [],
      // Duplicated bodies (ties), repeated words (term frequency) and lengths that vary (field length).
      body:
        `The ${pick(i, 1)} office reviewed ${pick(i, 2)} plans. ` +
        `${'Its '.repeat(i % 3)}${pick(i, 3)} ${pick(i % 5, 4)} ${pick(i % 5, 4)} work went ` +
        `on${i % 4 === 0 ? ' for the harbor and the navy' : ''}.`,
    }),
  );
  const queries = [
    'radar',
    'sonar budget',
    'navy harbor contract',
    'lighthouse lighthouses coastal',
    'story 3 radar',
    'staffing the plans of navy',
    'nothing matches this',
    'office',
  ];

  it('returns the same hits, scores and order, also after edits and removals', async () => {
    const ours = createSearchIndex();
    const mini = reference();
    ours.sync(briefings);
    for (const b of briefings) mini.add(doc(b));
    // Edit some and remove some (MiniSearch: discard then add, as the old index did).
    const edited = briefings.map((b, i) =>
      i % 9 === 0 ? briefing(b.id, `${b.title} radar`, `${b.paragraphs[0]} More navy radar news.`) : b,
    );
    const kept = edited.filter((_, i) => i % 13 !== 5);
    ours.sync(kept);
    for (const [i, b] of edited.entries()) {
      if (i % 9 === 0 || i % 13 === 5) mini.discard(b.id);
      if (i % 9 === 0 && i % 13 !== 5) mini.add(doc(b));
    }
    // MiniSearch drops discarded documents from its term statistics when it vacuums; ours, before it scores.
    await mini.vacuum();
    for (const q of queries) {
      const want = mini.search(q).map((h) => ({ id: h.id, score: h.score }));
      const got = ours.search(q);
      expect(got.map((h) => h.id)).toEqual(want.map((h) => h.id));
      for (const [i, h] of got.entries()) expect(h.score).toBe(want[i]!.score);
      expect(ours.search(q, { limit: 3 })).toEqual(got.slice(0, 3));
      expect(ours.search(q, { combineWith: 'AND' }).map((h) => h.id)).toEqual(
        mini.search(q, { combineWith: 'AND' }).map((h) => h.id),
      );
    }
    expect(ours.search('radar').length).toBeGreaterThan(10);
  });
});
