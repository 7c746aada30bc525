import { type AnswerType, synonymsOf } from './question.js';
import { CAUSE, keys, questionModel } from './question-model.js';
import { shortAnswerOf } from './short-answer.js';
import { splitSentences, words } from './text.js';
import { typePresent } from './type-cues.js';

export interface AnswerCandidate {
  index: number;
  /**
   * Confidence 0..1: the idf-weighted share of the question's terms the sentence covers, lowered when it lacks the
   * asked kind of thing.
   */
  score: number;
  /** The shortest span that answers, when found. */
  answerText?: string;
}

export interface SentenceIndexEntry {
  text: string;
  terms: string[];
  /** Lowercased words, for the question-type cues (dates, numbers, names). */
  lower: string;
  termSet: Set<string>;
  /** Starts with a word that points back ("It", "These", "He"): the previous sentence says what about. */
  anaphoric: boolean;
  /** Lowercased words as written, for the exact-wording bonus. */
  wordSet: Set<string>;
}

// A sentence opening with a word that points back to what the one before is about. Connectives ("However",
// "Also", "Thus", "Then", "Later") and "There"/"Here"/"Most" name nothing from it and are left out: they let a
// sentence borrow the previous one's question words at the pronoun's credit and take its answer (train/ hit
// 88.47 -> 88.62, 5 questions won and none lost; dev 90.0 -> 90.1).
const ANAPHORIC =
  /^(?:["'“(]\s*)?(?:it|its|they|their|them|these|this|those|that|he|she|his|her|both|such|the latter|the former)\b/i;

/** Precomputes what the answerer needs for each sentence (done once per briefing). */
export function prepareSentences(sentences: readonly string[]): SentenceIndexEntry[] {
  const out: SentenceIndexEntry[] = [];
  for (const text of sentences) {
    const terms = keys(text);
    const termSet = new Set(terms);
    // "pancake-shaped", "government-set": each part also answers for itself ("what shape", "government set").
    for (const term of terms)
      if (term.includes('-')) for (const part of keys(term.replace(/-/g, ' '))) termSet.add(part);
    out.push({
      text,
      terms,
      lower: text.toLowerCase(),
      termSet,
      wordSet: new Set(words(text)),
      anaphoric: ANAPHORIC.test(text),
    });
  }
  return out;
}

/** Weights of the sentence score, tuned on the dev set; exported for the tuning scripts. */
export interface AnswerTuning {
  synonymWeight: number;
  /** Credit for a question term found only in the previous sentence (pronouns: "It was built in 1903"). */
  neighbourWeight: number;
  bigramWeight: number;
  /** Multiplier when the sentence has no thing of the asked kind (no date for "when"). */
  typeMissFactor: number;
  /** How many sentences, best by words alone, are re-ranked with the type cues. */
  rerank: number;
  /** Credit for a term found only in the previous sentence when this one starts with "It", "These", "He"... */
  anaphoraWeight: number;
  /** Credit for a shared prefix of at least 4 letters ("earli"/"earliest", "brazil"/"brazilian"). */
  prefixWeight: number;
  /** Extra weight for numbers in the question ("in 2005"): precise, and rarely paraphrased. */
  numberBoost: number;
  /** Credit for a word one letter away (a typo: "Browlee"/"Brownlee"). */
  fuzzyWeight: number;
  /** Bonus for the question's words found exactly as written ("phosphorylation" over "phosphorylates"). */
  surfaceWeight: number;
  /** Multiplier for a "why" question when the sentence gives no cause or purpose ("because", "in order to"...). */
  reasonMissFactor: number;
  /**
   * Share of its weight a filler word of the question adds when the sentence has it ("named after", "described as",
   * "what type"); a bonus only, never in the score's total.
   */
  fillerWeight: number;
  /**
   * Weight factor of a name in the question ("Victoria", "Huguenots"). 1 over a library, where a name finds the
   * briefing; batch answer, handed the paragraph, uses CONTEXT_TUNING: there the names are the paragraph's topic, and
   * at full weight they pull the pick to the sentence that introduces them rather than the one that answers.
   */
  nameWeight: number;
}

export const DEFAULT_ANSWER_TUNING: AnswerTuning = {
  synonymWeight: 0.7,
  neighbourWeight: 0.45,
  bigramWeight: 0.05,
  typeMissFactor: 0.8,
  rerank: 8,
  numberBoost: 1.5,
  anaphoraWeight: 0.7,
  prefixWeight: 0.4,
  fuzzyWeight: 0.6,
  reasonMissFactor: 0.7,
  surfaceWeight: 0.05,
  fillerWeight: 0.6,
  nameWeight: 1,
};

/** What batch answer (paragraph given) weighs differently from the library's ask (answer-model.ts has the sources). */
export const CONTEXT_TUNING: Partial<AnswerTuning> = { nameWeight: 0.8 };

export interface SelectOptions {
  /** Compute `answerText` for the chosen sentence (default true). */
  answerText?: boolean;
  tuning?: Partial<AnswerTuning>;
}

/**
 * Picks the sentence that best answers the question. Score, in 0..1: the idf-weighted share of the
 * question's content terms found in the sentence (stems; a synonym counts 0.7, a shared 4-letter prefix
 * 0.4, a term found only in the previous sentence 0.45, or 0.7 when this one starts with a pronoun),
 * plus a little for question word pairs found side by side, times 0.8
 * when the sentence lacks the kind of thing asked for (a date for "when", a number for "how many"...).
 * `idf` lets a library pass corpus-wide weights; without it, weights come from these sentences.
 */
export function selectAnswer(
  question: string,
  sentences: readonly SentenceIndexEntry[],
  idf?: (term: string) => number,
  options: SelectOptions = {},
): AnswerCandidate | undefined {
  const q = questionModel(question);
  if (!q || sentences.length === 0) return undefined;
  const t: AnswerTuning = { ...DEFAULT_ANSWER_TUNING, ...options.tuning };
  const weight = idf ?? localIdf(sentences);
  const all = q.fillers.length > 0 ? [...q.terms, ...q.fillers] : q.terms;
  const weights = all.map(
    (term, k) => termWeight(term, k >= q.terms.length, weight, t) * (q.names.has(term) ? t.nameWeight : 1),
  );
  // Filler words only add: a sentence without "named" loses nothing, so the score keeps the scale the library's gate
  // was fitted on (counted in the total as well: dev library right quote 71.7 -> 71.3).
  let total = 0;
  for (let k = 0; k < q.terms.length; k++) total += weights[k]!;
  if (!(total > 0)) return undefined;
  // What each term's rungs need, worked out once per question instead of once per sentence.
  const rungs = all.map((term) => ({
    synonyms: synonymsOf(term),
    prefix: term.length >= 4,
    fuzzy: t.fuzzyWeight > 0 && term.length >= 6 && !/\d/.test(term),
  }));
  const pairsOf = q.bigrams.map((b) => b.split(' ') as [string, string]);
  const lexical = sentences.map((s, index) => {
    let hit = 0;
    const before = sentences[index - 1];
    for (let k = 0; k < all.length; k++) {
      const term = all[k]!;
      const w = weights[k]!;
      const r = rungs[k]!;
      if (s.termSet.has(term)) hit += w;
      else if (r.synonyms.length > 0 && r.synonyms.some((x) => s.termSet.has(x))) hit += w * t.synonymWeight;
      else if (s.anaphoric && before?.termSet.has(term)) hit += w * t.anaphoraWeight;
      else if (r.prefix && sharesPrefix(term, s.termSet)) hit += w * t.prefixWeight;
      else if (r.fuzzy && s.terms.some((x) => oneEditApart(term, x))) hit += w * t.fuzzyWeight;
      // Context flows forward: the sentence before says what this one is about (crediting the next one
      // as well pulled picks back to the sentence that only sets up the answer; dev hit rate -0.3).
      else if (before?.termSet.has(term)) hit += w * t.neighbourWeight;
    }
    // Question word pairs found side by side in the sentence's terms.
    let pairs = 0;
    for (const [a, b] of pairsOf) if (s.terms.some((x, i) => x === a && s.terms[i + 1] === b)) pairs++;
    let same = 0;
    for (const w of q.surface) if (s.wordSet.has(w)) same++;
    const score =
      hit / total +
      (q.bigrams.length > 0 ? (pairs / q.bigrams.length) * t.bigramWeight : 0) +
      (q.surface.length > 0 ? (same / q.surface.length) * t.surfaceWeight : 0);
    return { index, score };
  });
  const ranked = lexical.filter((c) => c.score > 0).sort((a, b) => b.score - a.score || a.index - b.index);
  if (ranked.length === 0) return undefined;
  let best: { index: number; score: number } | undefined;
  for (const c of ranked.slice(0, t.rerank)) {
    const s = sentences[c.index]!;
    const factor = q.reason
      ? CAUSE.test(s.text)
        ? 1
        : t.reasonMissFactor
      : q.type === 'other' || typePresent(q.type, s.text, q.stems)
        ? 1
        : t.typeMissFactor;
    // Compared before capping at 1: the word-pair and exact-wording bonuses must still break a tie between
    // two sentences that both have every question word.
    const score = c.score * factor;
    if (!best || score > best.score || (score === best.score && c.index < best.index)) best = { index: c.index, score };
  }
  if (!best) return undefined;
  const out: AnswerCandidate = { index: best.index, score: Math.round(Math.min(1, best.score) * 1e6) / 1e6 };
  if (options.answerText !== false) {
    const span = shortAnswerOf(q, sentences[best.index]!.text)?.text;
    if (span) out.answerText = span;
  }
  return out;
}

/** A question word's weight in the score: its idf, more for a number, a fraction for a filler word ("named"). */
function termWeight(term: string, filler: boolean, idf: (term: string) => number, t: AnswerTuning): number {
  return idf(term) * (/\d/.test(term) ? t.numberBoost : 1) * (filler ? t.fillerWeight : 1);
}

/** Same word but for one letter added, dropped or changed ("Browlee"/"Brownlee"): a typo in the question. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b || b.length < 5) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** One stem starts with the other and the shorter has 4+ letters ("brazil"/"brazilian"). */
function sharesPrefix(term: string, terms: Iterable<string>): boolean {
  for (const x of terms) {
    if (x.length < 4 || x === term) continue;
    if (x.length > term.length ? x.startsWith(term) : term.startsWith(x)) return true;
  }
  return false;
}

// A briefing's own word weights depend on its sentences alone: computed once per prepared briefing, not per question.
const localIdfs = new WeakMap<readonly SentenceIndexEntry[], (t: string) => number>();

function localIdf(sentences: readonly SentenceIndexEntry[]): (t: string) => number {
  const idf = localIdfs.get(sentences) ?? buildLocalIdf(sentences);
  if (!localIdfs.has(sentences)) localIdfs.set(sentences, idf);
  return idf;
}

function buildLocalIdf(sentences: readonly SentenceIndexEntry[]): (t: string) => number {
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of s.termSet) df.set(t, (df.get(t) ?? 0) + 1);
  const n = sentences.length;
  return (t) => Math.log(1 + (n + 1) / ((df.get(t) ?? 0) + 0.5));
}

/** Default abstention threshold for answering from one context (batch answer), chosen on train/ (answer-model.ts). */
export const DEFAULT_CONTEXT_THRESHOLD = 0.15;

export interface ContextAnswer {
  sentence: string;
  answerText: string;
  score: number;
  abstained: boolean;
}

/** Answers a question from one passage alone (used by `govai batch answer`). */
export function answerFromContext(
  question: string,
  context: string,
  threshold = DEFAULT_CONTEXT_THRESHOLD,
): ContextAnswer {
  const sentences = prepareSentences(splitSentences(context));
  const best = selectAnswer(question, sentences, undefined, { tuning: CONTEXT_TUNING });
  // Nothing in common (a misspelt name, say): decline, but still show where a reader would start.
  if (!best) return { sentence: sentences[0]?.text ?? '', answerText: '', score: 0, abstained: true };
  const sentence = sentences[best.index]!.text;
  return { sentence, answerText: best.answerText ?? sentence, score: best.score, abstained: best.score < threshold };
}

/** How one question word matched one sentence (the feature ladder's rung), for `govai ask --explain`. */
export interface TermMatch {
  term: string;
  /** Its idf weight in the score (times the number boost for numbers). */
  weight: number;
  match: 'exact' | 'synonym' | 'anaphora' | 'prefix' | 'typo' | 'neighbour' | 'none';
  /** The rung's credit: the share of `weight` the word earned. */
  credit: number;
  /** A filler word of the question ("named"): its credit adds to the score, its weight is not in the total. */
  filler?: true;
}

/** The reasons behind one sentence's score: every question word's match, and the type gate. Only for explain. */
export interface SentenceTrace {
  terms: TermMatch[];
  answerType: AnswerType;
  /** The gate applied: 1 when the sentence has the asked kind of thing (or the question asks none). */
  gate: { factor: number; why: string };
}

/** Recomputes the reasons for `index`'s score (same rules as selectAnswer); costs nothing unless called. */
export function explainSentence(
  question: string,
  sentences: readonly SentenceIndexEntry[],
  index: number,
  idf?: (term: string) => number,
): SentenceTrace | undefined {
  const q = questionModel(question);
  const s = sentences[index];
  if (!q || !s) return undefined;
  const t = DEFAULT_ANSWER_TUNING;
  const weight = idf ?? localIdf(sentences);
  const all = q.fillers.length > 0 ? [...q.terms, ...q.fillers] : q.terms;
  const terms = all.map((term, k): TermMatch => {
    const filler = k >= q.terms.length;
    const w = Math.round(termWeight(term, filler, weight, t) * (q.names.has(term) ? t.nameWeight : 1) * 1000) / 1000;
    const rung = (match: TermMatch['match'], credit: number): TermMatch => ({
      term,
      weight: w,
      match,
      credit,
      ...(filler ? { filler: true as const } : {}),
    });
    if (s.termSet.has(term)) return rung('exact', 1);
    if (synonymsOf(term).some((x) => s.termSet.has(x))) return rung('synonym', t.synonymWeight);
    if (s.anaphoric && sentences[index - 1]?.termSet.has(term)) return rung('anaphora', t.anaphoraWeight);
    if (term.length >= 4 && sharesPrefix(term, s.termSet)) return rung('prefix', t.prefixWeight);
    if (t.fuzzyWeight > 0 && term.length >= 6 && !/\d/.test(term) && s.terms.some((x) => oneEditApart(term, x)))
      return rung('typo', t.fuzzyWeight);
    if (sentences[index - 1]?.termSet.has(term)) return rung('neighbour', t.neighbourWeight);
    return rung('none', 0);
  });
  const gate = q.reason
    ? CAUSE.test(s.text)
      ? { factor: 1, why: 'why-question: the sentence gives a cause or purpose' }
      : { factor: t.reasonMissFactor, why: 'why-question: no cause or purpose in the sentence (reasonMissFactor)' }
    : q.type === 'other'
      ? { factor: 1, why: 'no answer type asked' }
      : typePresent(q.type, s.text, q.stems)
        ? { factor: 1, why: `has a ${q.type}` }
        : { factor: t.typeMissFactor, why: `no ${q.type} in the sentence (typeMissFactor)` };
  return { terms, answerType: q.type, gate };
}
