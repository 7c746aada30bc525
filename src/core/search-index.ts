import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { Briefing } from './model.js';
import { contentTerms, STOP_WORDS, stem } from './nlp/text.js';

// The library's full-text index (MiniSearch) and the briefing frequency of each stem, kept across library versions:
// a reload hands in the new briefing list and only the briefings that differ (by object: the repository keeps the
// objects of unchanged files) are added, replaced or removed, instead of re-indexing thousands of briefings.

export interface SearchIndex {
  /** Makes the index hold exactly these briefings; returns how many were (re)indexed or removed. */
  sync(briefings: readonly Briefing[]): number;
  search(query: string, options?: SearchOptions): SearchResult[];
  /** How many briefings hold this stem (title or text). */
  frequency(stemmed: string): number;
  readonly size: number;
}

interface Doc {
  id: string;
  title: string;
  keywords: string;
  body: string;
}

const toDoc = (b: Briefing): Doc => ({
  id: b.id,
  title: b.title,
  keywords: [...b.keywords, ...b.tags, ...b.glossary.map((g) => g.term)].join(' '),
  body: b.paragraphs.join('\n'),
});

export function createSearchIndex(): SearchIndex {
  const mini = new MiniSearch<Doc>({
    fields: ['title', 'keywords', 'body'],
    processTerm: (term) => (STOP_WORDS.has(term.toLowerCase()) ? null : stem(term.toLowerCase())),
    searchOptions: { boost: { title: 2, keywords: 2 }, prefix: false, fuzzy: false },
  });
  const held = new Map<string, { briefing: Briefing; terms: Set<string> }>();
  const df = new Map<string, number>();
  const count = (terms: Iterable<string>, delta: 1 | -1) => {
    for (const t of terms) {
      const n = (df.get(t) ?? 0) + delta;
      if (n > 0) df.set(t, n);
      else df.delete(t);
    }
  };
  const remove = (id: string) => {
    const entry = held.get(id);
    if (!entry) return;
    // discard: MiniSearch marks the document gone at once and compacts its index in the background (autoVacuum).
    mini.discard(id);
    count(entry.terms, -1);
    held.delete(id);
  };
  return {
    sync(briefings) {
      let touched = 0;
      const wanted = new Set<string>();
      for (const b of briefings) {
        wanted.add(b.id);
        if (held.get(b.id)?.briefing === b) continue;
        remove(b.id);
        const terms = new Set(contentTerms(`${b.title} ${b.paragraphs.join(' ')}`));
        mini.add(toDoc(b));
        count(terms, 1);
        held.set(b.id, { briefing: b, terms });
        touched++;
      }
      for (const id of [...held.keys()]) {
        if (!wanted.has(id)) {
          remove(id);
          touched++;
        }
      }
      return touched;
    },
    search: (query, options) => mini.search(query, options),
    frequency: (stemmed) => df.get(stemmed) ?? 0,
    get size() {
      return held.size;
    },
  };
}
