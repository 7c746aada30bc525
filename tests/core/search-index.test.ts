import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../../src/core/briefing.js';
import { createLibrary } from '../../src/core/library.js';
import type { Briefing } from '../../src/core/model.js';
import { stem } from '../../src/core/nlp/text.js';
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
