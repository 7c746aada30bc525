import { contentTerms, splitSentences } from './text.js';

export interface AnswerCandidate {
  index: number;
  score: number;
  /** The shortest span that answers, when found. */
  answerText?: string;
}

export interface SentenceIndexEntry {
  text: string;
  terms: string[];
}

/** Precomputes what the answerer needs for each sentence (done once per briefing). */
export function prepareSentences(sentences: readonly string[]): SentenceIndexEntry[] {
  return sentences.map((text) => ({ text, terms: contentTerms(text) }));
}

/**
 * Picks the sentence that best answers the question: idf-weighted overlap of content terms,
 * normalised so that the score is in 0..1 (1 = every question term present).
 * `idf` lets a library pass corpus-wide weights; without it, weights come from these sentences.
 */
export function selectAnswer(
  question: string,
  sentences: readonly SentenceIndexEntry[],
  idf?: (term: string) => number,
): AnswerCandidate | undefined {
  const qTerms = [...new Set(contentTerms(question))];
  if (qTerms.length === 0 || sentences.length === 0) return undefined;
  const weight = idf ?? localIdf(sentences);
  const total = qTerms.reduce((sum, t) => sum + weight(t), 0);
  let best: AnswerCandidate | undefined;
  sentences.forEach((s, index) => {
    const set = new Set(s.terms);
    let hit = 0;
    for (const t of qTerms) if (set.has(t)) hit += weight(t);
    const score = total > 0 ? hit / total : 0;
    if (score > 0 && (!best || score > best.score)) best = { index, score };
  });
  return best;
}

function localIdf(sentences: readonly SentenceIndexEntry[]): (t: string) => number {
  const df = new Map<string, number>();
  for (const s of sentences) for (const t of new Set(s.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = sentences.length;
  return (t) => Math.log(1 + (n + 1) / ((df.get(t) ?? 0) + 0.5));
}

/** Default abstention threshold for answering from one context (batch answer). */
export const DEFAULT_CONTEXT_THRESHOLD = 0.5;

export interface ContextAnswer {
  sentence: string;
  answerText: string;
  score: number;
  abstained: boolean;
}

/** Answers a question from one passage alone (used by `govai batch answer`). */
export function answerFromContext(question: string, context: string, threshold = DEFAULT_CONTEXT_THRESHOLD): ContextAnswer {
  const sentences = prepareSentences(splitSentences(context));
  const best = selectAnswer(question, sentences);
  if (!best) return { sentence: '', answerText: '', score: 0, abstained: true };
  const sentence = sentences[best.index]!.text;
  return { sentence, answerText: best.answerText ?? sentence, score: best.score, abstained: best.score < threshold };
}
