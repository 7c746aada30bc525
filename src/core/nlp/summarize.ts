import { contentTerms, splitSentences } from './text.js';

export interface SummaryOptions {
  /** How many sentences; when omitted the summarizer chooses per document (a word budget, see below). */
  sentences?: number;
  /** The article title, used to prefer sentences about the same subject. */
  title?: string;
  /** More sentences from the same document for the term statistics only (summarize() samples long texts). */
  statsFrom?: readonly string[];
  /** Weights, for tuning on the dev set (scripts/); the defaults are the tuned values. */
  tuning?: Partial<SummaryTuning>;
}

export interface ScoredSentence {
  /** Index in the document's sentence list. */
  index: number;
  text: string;
  score: number;
}

/**
 * The explainable scoring. Each sentence's score is
 *   position + centrality * w + title overlap * w + named-thing overlap * w, times a length/shape factor;
 * the summary takes the best-scored sentences, skipping near-duplicates, until a word budget is
 * spent (news highlights are about 35 words: long extracts lose precision faster than they gain recall).
 */
export interface SummaryTuning {
  /** Position prior: 1 / (1 + index * positionDecay). News puts the point first. */
  positionDecay: number;
  positionWeight: number;
  /** Share of the document's recurring content words a sentence covers. */
  centralityWeight: number;
  titleWeight: number;
  /** Overlap with the document's most mentioned capitalised names. */
  entityWeight: number;
  /** Words: stop adding sentences once the summary has this many (when `sentences` is not given). */
  wordBudget: number;
  /** Sentences whose content-term Jaccard similarity with a chosen one exceeds this are duplicates. */
  redundancy: number;
  /** Multipliers for sentences that make poor summary sentences. */
  shortPenalty: number;
  longPenalty: number;
  quotePenalty: number;
  questionPenalty: number;
  /** Only the first `pool` sentences compete (news and reports put the point early). */
  pool: number;
  /** Sentences after the pool contribute to the term statistics through an even sample of about this many. */
  sample: number;
}

export const DEFAULT_SUMMARY_TUNING: SummaryTuning = {
  positionDecay: 0.3,
  positionWeight: 1.5,
  centralityWeight: 1.2,
  titleWeight: 0.6,
  entityWeight: 0.4,
  wordBudget: 40,
  redundancy: 0.55,
  shortPenalty: 0.5,
  longPenalty: 0.8,
  quotePenalty: 0.8,
  questionPenalty: 0.6,
  pool: 100,
  sample: 100,
};

// "LONDON, England (CNN) -- ", "(CNN)", "Washington (Reuters) --" datelines are not part of what happened.
// Matched on the first DATELINE_WINDOW characters only, so the pattern never runs over open text.
const WIRES =
  'CNN|CNN Money|CNNMoney|CNN Student News|CNN Business|AP|Reuters|AFP|UPI|Xinhua|Bloomberg|EW\\.com|' +
  'The Hollywood Reporter|Billboard|Rolling Stone|Mashable|Variety|TIME|Time|People|Fortune|Entertainment Weekly';
const DATELINE = new RegExp(`^[^()\\n]{0,60}\\((?:${WIRES})\\)\\s*(?:--|\\u2014|\\u2013|-)?\\s*`);
// Any "PLACE (Source) --" with the dash: "NAIROBI, Kenya (Daily Nation) -- ".
const DASHED_DATELINE = /^[A-Z][A-Za-z .,'-]{0,50}\([A-Z][A-Za-z0-9 .&'-]{1,30}\)\s*(?:--|\u2014|\u2013)\s*/;
const DATELINE_WINDOW = 200;

/** Removes a leading news-wire dateline from a sentence or paragraph. */
export function stripDateline(sentence: string): string {
  const head = sentence.slice(0, DATELINE_WINDOW);
  const m = DATELINE.exec(head) ?? DASHED_DATELINE.exec(head);
  if (!m) return sentence;
  const stripped = sentence.slice(m[0].length);
  return stripped.trim().length > 0 ? stripped : sentence;
}

interface Candidate {
  index: number;
  text: string;
  terms: Set<string>;
  words: number;
  score: number;
}

/**
 * Extractive summary: scores each sentence by position, centrality (coverage of the document's
 * recurring terms), title and named-thing overlap, drops near-duplicates, returns the picks in document order.
 */
export function summarizeSentences(sentences: readonly string[], options: SummaryOptions = {}): ScoredSentence[] {
  const n = sentences.length;
  if (n === 0) return [];
  const t: SummaryTuning = { ...DEFAULT_SUMMARY_TUNING, ...options.tuning };
  const poolSize = Math.min(n, t.pool);
  const terms: string[][] = [];
  const names: string[][] = [];
  const df = new Map<string, number>();
  const nameCounts = new Map<string, number>();
  const count = (ts: readonly string[]) => {
    for (const w of new Set(ts)) df.set(w, (df.get(w) ?? 0) + 1);
  };
  // Document statistics: every pool sentence, then an even sample of the rest (deterministic stride),
  // so a 100,000-word document costs about what a 10,000-word one does.
  for (let i = 0; i < poolSize; i++) {
    const ts = contentTerms(sentences[i]!);
    terms.push(ts);
    count(ts);
    const ns = capitalised(sentences[i]!);
    names.push(ns);
    for (const name of ns) nameCounts.set(name, (nameCounts.get(name) ?? 0) + 1);
  }
  const rest = n - poolSize;
  const stride = Math.max(1, Math.ceil(rest / t.sample));
  let sampled = poolSize;
  for (let i = poolSize; i < n; i += stride) {
    count(contentTerms(sentences[i]!));
    sampled++;
  }
  for (const extra of options.statsFrom ?? []) {
    count(contentTerms(extra));
    sampled++;
  }
  const topNames = new Set([...nameCounts.entries()].filter(([, c]) => c >= 2).map(([w]) => w));
  const title = new Set(contentTerms(options.title ?? ''));
  const candidates: Candidate[] = [];
  for (let index = 0; index < poolSize; index++) {
    const text = index === 0 ? stripDateline(sentences[0]!) : sentences[index]!;
    const uniq = new Set(terms[index]);
    const wordCount = countWords(text);
    let central = 0;
    for (const w of uniq) central += Math.log(df.get(w) ?? 1);
    central = uniq.size > 0 ? central / (Math.log(sampled + 1) * Math.sqrt(uniq.size) * 2) : 0;
    let titleHits = 0;
    for (const w of uniq) if (title.has(w)) titleHits++;
    let nameHits = 0;
    for (const name of names[index]!) if (topNames.has(name)) nameHits++;
    const position = 1 / (1 + index * t.positionDecay);
    let shape = 1;
    if (wordCount < 8) shape *= t.shortPenalty;
    if (wordCount > 40) shape *= t.longPenalty;
    if (/^["\u201c']/.test(text)) shape *= t.quotePenalty;
    if (/\?["\u201d']?$/.test(text)) shape *= t.questionPenalty;
    const score =
      (position * t.positionWeight +
        central * t.centralityWeight +
        (title.size > 0 ? (titleHits / title.size) * t.titleWeight : 0) +
        Math.min(1, nameHits / 3) * t.entityWeight) *
      shape;
    candidates.push({ index, text, terms: uniq, words: wordCount, score });
  }
  const ranked = [...candidates].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: Candidate[] = [];
  let words = 0;
  const want = options.sentences === undefined ? undefined : Math.max(1, Math.min(options.sentences, n));
  for (const c of ranked) {
    if (want !== undefined ? chosen.length >= want : chosen.length > 0 && words >= t.wordBudget) break;
    if (chosen.some((x) => jaccard(x.terms, c.terms) > t.redundancy)) continue;
    chosen.push(c);
    words += c.words;
  }
  return chosen
    .sort((a, b) => a.index - b.index)
    .map(({ index, text, score }) => ({ index, text, score: round(score) }));
}

/** Texts longer than this are summarized from their head plus sampled windows (see below). */
const LONG_TEXT_CHARS = 120_000;
const HEAD_CHARS = 60_000;
const WINDOWS = 24;
const WINDOW_CHARS = 2_500;

/**
 * Split then summarize. Only the first sentences compete for the summary, so for a long text only its
 * head is split in full; the rest contributes term statistics through evenly spaced windows (their
 * first and last, possibly cut, sentences dropped). Deterministic: same text, same windows.
 */
export function summarize(text: string, options: SummaryOptions = {}): ScoredSentence[] {
  if (text.length <= LONG_TEXT_CHARS) return summarizeSentences(splitSentences(text), options);
  const head = splitSentences(text.slice(0, HEAD_CHARS));
  head.pop(); // may be cut mid-sentence
  const statsFrom: string[] = [];
  const step = Math.floor((text.length - HEAD_CHARS) / WINDOWS);
  for (let w = 0; w < WINDOWS; w++) {
    const at = HEAD_CHARS + w * step;
    const window = splitSentences(text.slice(at, at + WINDOW_CHARS));
    statsFrom.push(...window.slice(1, -1));
  }
  return summarizeSentences(head, { ...options, statsFrom: [...(options.statsFrom ?? []), ...statsFrom] });
}

const CAPITALISED = /\s([A-Z][A-Za-z0-9'’-]+)/g;

/** Capitalised words not at the start of the sentence: a cheap stand-in for named things (ASCII, fast). */
function capitalised(text: string): string[] {
  const out: string[] = [];
  CAPITALISED.lastIndex = 0;
  for (let m = CAPITALISED.exec(text); m !== null; m = CAPITALISED.exec(text)) out.push(m[1]!);
  return out;
}

function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
