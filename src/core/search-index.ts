import type { Briefing } from './model.js';
import { contentTerms, STOP_WORDS, stem } from './nlp/text.js';

// The library's full-text index and the briefing frequency of each stem, kept across library versions: a reload
// hands in the new briefing list and only the briefings that differ (by object: the repository keeps the objects
// of unchanged files) are added, replaced or removed, instead of re-indexing thousands of briefings.
//
// It scores as MiniSearch 7 did with the options we used (fields title, keywords, body; title and keywords boosted
// 2x; BM25+ with k 1.2, b 0.7, d 0.5; the score times the number of query terms matched; exact terms only; ties in
// the order MiniSearch returned them), so answers are the same, but its posting lists are flat arrays of numbers
// and a search adds into typed arrays and keeps only the best `limit` hits: no object per matching briefing, no
// sort of thousands of hits to take three (tests/core/search-index.test.ts compares both on the same documents).

export interface SearchHit {
  id: string;
  score: number;
}

export interface SearchOptions {
  /** OR (default): any query term; AND: every one. */
  combineWith?: 'OR' | 'AND';
  /** Only the best this many hits (ties keep the order of first match). */
  limit?: number;
}

export interface SearchIndex {
  /** Makes the index hold exactly these briefings; returns how many were (re)indexed or removed. */
  sync(briefings: readonly Briefing[]): number;
  search(query: string, options?: SearchOptions): SearchHit[];
  /** How many briefings hold this stem (title or text). */
  frequency(stemmed: string): number;
  readonly size: number;
}

const FIELDS = 3;
const BOOST = [2, 2, 1];
const K = 1.2;
const B = 0.7;
const D = 0.5;

// MiniSearch's default tokenizer (Unicode spaces and punctuation), so field lengths and terms are the ones it had.
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;
const tokenize = (text: string): string[] => text.split(SPACE_OR_PUNCTUATION);
const processTerm = (term: string): string | null => {
  const lower = term.toLowerCase();
  return lower === '' || STOP_WORDS.has(lower) ? null : stem(lower);
};

const fieldsOf = (b: Briefing): string[] => [
  b.title,
  [...b.keywords, ...b.tags, ...b.glossary.map((g) => g.term)].join(' '),
  b.paragraphs.join('\n'),
];

/** One term's postings per field: [slot, frequency, slot, frequency, ...] in the order the briefings were added. */
interface Term {
  fields: Array<number[] | undefined>;
  /** `removals` when dead slots were last dropped from these lists. */
  clean: number;
}

export function createSearchIndex(): SearchIndex {
  const terms = new Map<string, Term>();
  // Per slot (a briefing version; never reused, like MiniSearch's short ids): its id, whether it is live, field
  // lengths.
  const slotId: string[] = [];
  let alive = new Uint8Array(1024);
  let fieldLength = new Float64Array(1024 * FIELDS);
  const avgFieldLength = [0, 0, 0];
  let documentCount = 0;
  let removals = 0;
  let deadSinceVacuum = 0;
  // Search scratch, indexed by slot; `stamp` marks which entries belong to the current search (no clearing).
  let total = new Float64Array(1024);
  let partial = new Float64Array(1024);
  let quality = new Int32Array(1024);
  let matched = new Int32Array(1024);
  let stamp = new Int32Array(1024);
  let termStamp = new Int32Array(1024);
  let order = new Int32Array(1024);
  let touched = new Int32Array(1024);
  let generation = 0;
  // Per field, each slot's BM25 length norm K * (1 - B + B * length / mean), kept until the mean moves.
  const norms = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  const normMean = [Number.NaN, Number.NaN, Number.NaN];
  const normSlots = [0, 0, 0];
  const normOf = (f: number): Float64Array => {
    const avg = avgFieldLength[f]!;
    let norm = norms[f]!;
    if (norm.length !== alive.length || normMean[f] !== avg) {
      if (norm.length !== alive.length) norms[f] = norm = new Float64Array(alive.length);
      normMean[f] = avg;
      normSlots[f] = 0;
    }
    for (let slot = normSlots[f]!; slot < slotId.length; slot++)
      norm[slot] = K * (1 - B + (B * fieldLength[slot * FIELDS + f]!) / avg);
    normSlots[f] = slotId.length;
    return norm;
  };

  const grow = () => {
    const n = alive.length * 2;
    const bigger = <T extends Float64Array | Int32Array | Uint8Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    alive = bigger(alive, n);
    fieldLength = bigger(fieldLength, n * FIELDS);
    total = bigger(total, n);
    partial = bigger(partial, n);
    quality = bigger(quality, n);
    matched = bigger(matched, n);
    stamp = bigger(stamp, n);
    termStamp = bigger(termStamp, n);
    order = new Int32Array(n);
    touched = new Int32Array(n);
  };

  const held = new Map<string, { briefing: Briefing; slot: number; stems: Set<string> }>();
  const df = new Map<string, number>();
  const count = (stems: Iterable<string>, delta: 1 | -1) => {
    for (const t of stems) {
      const n = (df.get(t) ?? 0) + delta;
      if (n > 0) df.set(t, n);
      else df.delete(t);
    }
  };

  const add = (b: Briefing): number => {
    const slot = slotId.length;
    if (slot >= alive.length) grow();
    slotId.push(b.id);
    alive[slot] = 1;
    documentCount++;
    fieldsOf(b).forEach((value, f) => {
      const tokens = tokenize(value);
      // Field length and its running mean exactly as MiniSearch keeps them (distinct raw tokens).
      const length = new Set(tokens).size;
      fieldLength[slot * FIELDS + f] = length;
      avgFieldLength[f] = (avgFieldLength[f]! * (documentCount - 1) + length) / documentCount;
      const freq = new Map<string, number>();
      for (const token of tokens) {
        const t = processTerm(token);
        if (t) freq.set(t, (freq.get(t) ?? 0) + 1);
      }
      for (const [t, n] of freq) {
        let entry = terms.get(t);
        if (!entry) {
          entry = { fields: [undefined, undefined, undefined], clean: removals };
          terms.set(t, entry);
        }
        const list = entry.fields[f];
        if (list) list.push(slot, n);
        else entry.fields[f] = [slot, n];
      }
    });
    return slot;
  };

  /** Drops dead slots from one term's lists (keeping order), so a list's length is its live briefing count. */
  const clean = (entry: Term) => {
    if (entry.clean === removals) return;
    entry.clean = removals;
    entry.fields.forEach((list, f) => {
      if (!list) return;
      let w = 0;
      for (let r = 0; r < list.length; r += 2) {
        if (!alive[list[r]!]) continue;
        list[w++] = list[r]!;
        list[w++] = list[r + 1]!;
      }
      list.length = w;
      if (w === 0) entry.fields[f] = undefined;
    });
  };

  const remove = (id: string) => {
    const entry = held.get(id);
    if (!entry) return;
    const slot = entry.slot;
    alive[slot] = 0;
    for (let f = 0; f < FIELDS; f++) {
      const length = fieldLength[slot * FIELDS + f]!;
      avgFieldLength[f] = documentCount === 1 ? 0 : (avgFieldLength[f]! * documentCount - length) / (documentCount - 1);
    }
    documentCount--;
    removals++;
    deadSinceVacuum++;
    count(entry.stems, -1);
    held.delete(id);
  };

  /** Many removals since the last sweep: drop dead slots everywhere (terms no search visits keep them otherwise). */
  const vacuum = () => {
    if (deadSinceVacuum < Math.max(1000, documentCount / 2)) return;
    deadSinceVacuum = 0;
    for (const [t, entry] of terms) {
      clean(entry);
      if (entry.fields.every((l) => l === undefined)) terms.delete(t);
    }
  };

  const search = (query: string, options: SearchOptions = {}): SearchHit[] => {
    const and = options.combineWith === 'AND';
    const queryTerms: string[] = [];
    for (const token of tokenize(query)) {
      const t = processTerm(token);
      if (t) queryTerms.push(t);
    }
    if (queryTerms.length === 0 || documentCount === 0) return [];
    if (generation + queryTerms.length + 2 >= 2 ** 30) {
      generation = 0;
      stamp.fill(0);
      termStamp.fill(0);
    }
    const gen = ++generation;
    // Briefings in the order they were first matched (MiniSearch's result order, which breaks ties), and each
    // term's score added to a briefing's total once, summed over its fields first (MiniSearch's addition order).
    let found = 0;
    let repeated = false;
    const credit = (slot: number, value: number) => {
      if (stamp[slot] !== gen) {
        stamp[slot] = gen;
        total[slot] = 0;
        quality[slot] = 0;
        matched[slot] = 0;
        order[found++] = slot;
      }
      total[slot]! += value;
      if (!repeated) quality[slot]!++;
      matched[slot]!++;
    };
    const idfOf = (list: number[]) => {
      const matching = list.length / 2;
      return Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
    };
    queryTerms.forEach((term, qi) => {
      repeated = queryTerms.indexOf(term) < qi;
      const entry = terms.get(term);
      if (!entry) return;
      clean(entry);
      const mark = ++generation;
      // Title and keywords (short lists): summed per briefing first, since the body may add to the same one.
      let inHead = 0;
      for (let f = 0; f < 2; f++) {
        const list = entry.fields[f];
        if (!list) continue;
        const idf = idfOf(list);
        const boost = BOOST[f]!;
        const norm = normOf(f);
        for (let r = 0; r < list.length; r += 2) {
          const slot = list[r]!;
          const tf = list[r + 1]!;
          const value = boost * (idf * (D + (tf * (K + 1)) / (tf + norm[slot]!)));
          if (termStamp[slot] !== mark) {
            termStamp[slot] = mark;
            partial[slot] = value;
            touched[inHead++] = slot;
          } else partial[slot]! += value;
        }
      }
      // Matched first in the title or keywords: first in the result order too.
      for (let i = 0; i < inHead; i++) credit(touched[i]!, 0);
      const body = entry.fields[2];
      if (body) {
        const idf = idfOf(body);
        const norm = normOf(2);
        for (let r = 0; r < body.length; r += 2) {
          const slot = body[r]!;
          const tf = body[r + 1]!;
          const value = BOOST[2]! * (idf * (D + (tf * (K + 1)) / (tf + norm[slot]!)));
          if (termStamp[slot] === mark) partial[slot]! += value;
          else credit(slot, value);
        }
      }
      // The head briefings' sums, now complete (credit(slot, 0) above counted them already: add, do not count).
      for (let i = 0; i < inHead; i++) total[touched[i]!]! += partial[touched[i]!]!;
    });
    const hits: Array<{ slot: number; score: number }> = [];
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    for (let i = 0; i < found; i++) {
      const slot = order[i]!;
      if (and && matched[slot] !== queryTerms.length) continue;
      const score = total[slot]! * quality[slot]!;
      if (!Number.isFinite(limit)) {
        hits.push({ slot, score });
        continue;
      }
      if (hits.length >= limit && score <= hits[hits.length - 1]!.score) continue;
      // Insert after every hit that scores as much (an earlier match wins a tie), keeping at most `limit`.
      let at = hits.length;
      while (at > 0 && hits[at - 1]!.score < score) at--;
      hits.splice(at, 0, { slot, score });
      if (hits.length > limit) hits.pop();
    }
    // Array sort is stable: equal scores keep the order of first match.
    if (!Number.isFinite(limit)) hits.sort((a, b) => b.score - a.score);
    return hits.map((h) => ({ id: slotId[h.slot]!, score: h.score }));
  };

  return {
    sync(briefings) {
      let touched = 0;
      const wanted = new Set<string>();
      for (const b of briefings) {
        wanted.add(b.id);
        if (held.get(b.id)?.briefing === b) continue;
        remove(b.id);
        const stems = new Set(contentTerms(`${b.title} ${b.paragraphs.join(' ')}`));
        const slot = add(b);
        count(stems, 1);
        held.set(b.id, { briefing: b, slot, stems });
        touched++;
      }
      for (const id of [...held.keys()]) {
        if (!wanted.has(id)) {
          remove(id);
          touched++;
        }
      }
      vacuum();
      return touched;
    },
    search,
    frequency: (stemmed) => df.get(stemmed) ?? 0,
    get size() {
      return held.size;
    },
  };
}
