import type { SentenceIndexEntry } from './nlp/answer.js';
import { ANSWER_MODEL } from './nlp/answer-model.js';
import { keys, questionModel } from './nlp/question-model.js';

// Library-wide ranking and the decline gate (issue 10), fitted on train/ by scripts/fit-library-gate.mjs:
// every candidate briefing's best sentence is ranked by a linear score over features a single briefing cannot see
// (the library's word weights, how much of the question the whole briefing holds, the search), and the winner
// answers only when a second linear score (its sentence, the lead over the runner-up, how much of the question
// beyond the briefing's own topic the sentence covers, whether it holds more than one question word as written)
// passes the threshold.

/** What the ranker knows of one candidate briefing. */
export interface RankFeatures {
  /** The best sentence's score with the briefing's own word weights (selectAnswer). */
  sentence: number;
  /** The best sentence's score with the library's word weights. */
  librarySentence: number;
  /** The library-idf-weighted share of the question's words found anywhere in the briefing. */
  coverage: number;
  /** Search score relative to the best hit, 0..1. */
  rel: number;
  /** Place in the search results, 0-based. */
  rank: number;
  /** Sentences in the briefing. */
  sentences: number;
}

/** The rank score: higher wins (weights from ANSWER_MODEL.rankWeights). */
export function rankScore(f: RankFeatures): number {
  const w = ANSWER_MODEL;
  return (
    w.rankSentence.value * f.sentence +
    w.rankLibrarySentence.value * f.librarySentence +
    w.rankCoverage.value * f.coverage +
    w.rankSearch.value * f.rel +
    w.rankPlace.value * Math.log(1 + f.rank) +
    w.rankLength.value * Math.log(Math.max(1, f.sentences))
  );
}

/**
 * The most rankScore can give a candidate whose features past `known` are still unknown: the sentence scores and the
 * coverage are at most 1 (a negative weight's most is at 0). `ask` skips the costly features of a candidate whose
 * bound is below the runner-up's score: it can neither win nor be the runner-up the gate's lead is measured against,
 * so the answer is the one scoring every candidate gives (`explain` scores every one).
 */
export function rankBound(f: Pick<RankFeatures, 'rel' | 'rank' | 'sentences'> & { sentence?: number }): number {
  const w = ANSWER_MODEL;
  const most = (weight: number) => Math.max(0, weight);
  return (
    (f.sentence === undefined ? most(w.rankSentence.value) : w.rankSentence.value * f.sentence) +
    most(w.rankLibrarySentence.value) +
    most(w.rankCoverage.value) +
    w.rankSearch.value * f.rel +
    w.rankPlace.value * Math.log(1 + f.rank) +
    w.rankLength.value * Math.log(Math.max(1, f.sentences))
  );
}

/** The gate's inputs for the winner. */
export interface GateFeatures {
  sentence: number;
  librarySentence: number;
  coverage: number;
  rel: number;
  /** Rank score over the best other briefing's (capped; a lone candidate gets the cap). */
  lead: number;
  /**
   * Library-idf-weighted share of the question's words not in the briefing's title that the sentence (or the one
   * before) holds.
   */
  beyondTitle: number;
  /**
   * 1 when the sentence holds at most one of the question's words exactly (the rest only as synonyms, prefixes or
   * in the sentence before): how most unanswerable questions that pass on their score are matched.
   */
  oneExact: number;
}

/** The gate score, shifted so that the default threshold (answerThreshold) is where the fitted bar lies. */
export function gateScore(f: GateFeatures): number {
  const w = ANSWER_MODEL;
  const raw =
    f.sentence +
    w.gateLibrarySentence.value * f.librarySentence +
    w.gateCoverage.value * f.coverage +
    w.gateSearch.value * f.rel +
    w.gateLead.value * Math.min(w.gateLeadCap.value, f.lead) +
    w.gateBeyondTitle.value * f.beyondTitle +
    w.gateOneExact.value * f.oneExact;
  return raw - w.gateBar.value + w.answerThreshold.value;
}

/** Library word weights: idf over briefings, from the search index's briefing frequencies. */
export function libraryIdf(frequency: (stemmed: string) => number, briefings: number): (term: string) => number {
  // Sentence terms are match keys (a final "e" dropped from long stems); the index counts stems: take either.
  return (term) => {
    const df = Math.max(frequency(term), frequency(`${term}e`));
    return Math.log(1 + (briefings + 1) / (df + 0.5));
  };
}

/** The question's match keys, deduplicated (the units of coverage and beyondTitle). */
export function questionKeys(question: string): string[] {
  return [...new Set(keys(question))];
}

/** Share of the question's (library-weighted) words found in any of the briefing's sentences. */
export function briefingCoverage(
  keys: readonly string[],
  index: readonly SentenceIndexEntry[],
  idf: (t: string) => number,
): number {
  let total = 0;
  let hit = 0;
  for (const t of keys) {
    const w = idf(t);
    total += w;
    if (index.some((e) => e.termSet.has(t))) hit += w;
  }
  return total > 0 ? hit / total : 0;
}

/** Share of the question's words beyond the title's that sentence `i` (or the one before it) holds; 1 when none. */
export function beyondTitleCoverage(
  keys: readonly string[],
  title: string,
  index: readonly SentenceIndexEntry[],
  i: number,
  idf: (t: string) => number,
): number {
  const inTitle = new Set(questionKeys(title));
  const s = index[i];
  const before = index[i - 1];
  let total = 0;
  let hit = 0;
  for (const t of keys) {
    if (inTitle.has(t)) continue;
    const w = idf(t);
    total += w;
    if (s?.termSet.has(t) || before?.termSet.has(t)) hit += w;
  }
  return total > 0 ? hit / total : 1;
}

/** How many of the question's topical words sentence `entry` holds exactly (same match key, no synonym or prefix). */
export function exactWords(question: string, entry: SentenceIndexEntry | undefined): number {
  const q = questionModel(question);
  if (!q || !entry) return 0;
  let n = 0;
  for (const t of q.terms) if (entry.termSet.has(t)) n++;
  return n;
}
