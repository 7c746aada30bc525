import { contentTerms, splitSentences } from './text.js';

export interface SummaryOptions {
  /** How many sentences; when omitted the summarizer chooses (1 to 4, by document length). */
  sentences?: number;
  /** The article title, used to prefer sentences about the same subject. */
  title?: string;
}

export interface ScoredSentence {
  /** Index in the document's sentence list. */
  index: number;
  text: string;
  score: number;
}

/**
 * Extractive summary: scores each sentence by position, centrality (overlap with the document's
 * frequent terms) and title overlap, drops near-duplicates, returns the best in document order.
 */
export function summarizeSentences(sentences: readonly string[], options: SummaryOptions = {}): ScoredSentence[] {
  const n = sentences.length;
  if (n === 0) return [];
  const want = Math.max(1, Math.min(options.sentences ?? defaultLength(n), n));
  const terms = sentences.map((s) => contentTerms(s));
  const df = new Map<string, number>();
  for (const ts of terms) for (const t of new Set(ts)) df.set(t, (df.get(t) ?? 0) + 1);
  const title = new Set(contentTerms(options.title ?? ''));
  const scored = sentences.map((text, index) => {
    const ts = terms[index] ?? [];
    const uniq = new Set(ts);
    let central = 0;
    for (const t of uniq) central += ((df.get(t) ?? 1) - 1) / n;
    central = uniq.size > 0 ? central / Math.sqrt(uniq.size) : 0;
    let titleHits = 0;
    for (const t of uniq) if (title.has(t)) titleHits++;
    const position = 1 / (1 + index * 0.6);
    const lengthPenalty = ts.length < 5 ? 0.3 : ts.length > 45 ? 0.7 : 1;
    const score = (position * 1.5 + central * 1.2 + (title.size ? titleHits / title.size : 0) * 0.6) * lengthPenalty;
    return { index, text, score, uniq };
  });
  const ranked = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: typeof scored = [];
  for (const s of ranked) {
    if (chosen.length >= want) break;
    if (chosen.some((c) => jaccard(c.uniq, s.uniq) > 0.6)) continue;
    chosen.push(s);
  }
  return chosen.sort((a, b) => a.index - b.index).map(({ index, text, score }) => ({ index, text, score }));
}

/** Convenience: split then summarize. */
export function summarize(text: string, options: SummaryOptions = {}): ScoredSentence[] {
  return summarizeSentences(splitSentences(text), options);
}

function defaultLength(n: number): number {
  return n <= 3 ? n : 3;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}
