import type { Briefing } from './model.js';
import type { SentenceRef } from './briefing.js';
import { type SentenceIndexEntry, selectAnswer } from './nlp/answer.js';
import { ANSWER_MODEL } from './nlp/answer-model.js';
import { contentTerms } from './nlp/text.js';

// Editor-written qa: pairs (front matter): a question that matches one is answered with the editor's answer, quoted
// from the article sentence that best supports it. Split from library.ts, which consults it before its ranking.

/** A briefing with its sentences prepared for the answerer (library.ts caches one per briefing). */
export interface Prepared {
  briefing: Briefing;
  sentences: SentenceRef[];
  index: SentenceIndexEntry[];
}

/** How much of the question an editor's question covers, 0..1; a match needs most of both. */
export const EDITOR_QA_MIN_SCORE = ANSWER_MODEL.editorMinScore.value;

export interface EditorPair {
  briefing: Briefing;
  question: string;
  answer: string;
  terms: Set<string>;
}

/** Editor Q&A pairs indexed by their question's terms, so a question only visits pairs it shares a term with. */
export function indexEditorQa(briefings: readonly Briefing[]): Map<string, EditorPair[]> {
  const index = new Map<string, EditorPair[]>();
  for (const briefing of briefings) {
    for (const pair of briefing.qa) {
      if (pair.origin !== 'editor') continue;
      const entry = {
        briefing,
        question: pair.question,
        answer: pair.answer,
        terms: new Set(contentTerms(pair.question)),
      };
      for (const t of entry.terms) {
        const list = index.get(t);
        if (list) list.push(entry);
        else index.set(t, [entry]);
      }
    }
  }
  return index;
}

export function matchEditorQa(
  question: string,
  index: Map<string, EditorPair[]>,
  prepare: (b: Briefing) => Prepared,
  onlyBriefingId?: string,
): { p: Prepared; index: number; score: number; answerText?: string; editor?: boolean } | undefined {
  const q = new Set(contentTerms(question));
  if (q.size === 0) return undefined;
  const pairs = new Set<EditorPair>();
  for (const t of q)
    for (const pair of index.get(t) ?? []) if (!onlyBriefingId || pair.briefing.id === onlyBriefingId) pairs.add(pair);
  let best: { p: Prepared; index: number; score: number; answerText?: string; editor?: boolean } | undefined;
  for (const pair of pairs) {
    const e = pair.terms;
    let shared = 0;
    for (const t of q) if (e.has(t)) shared++;
    const score = 0.7 * (shared / q.size) + 0.3 * (e.size > 0 ? shared / e.size : 0);
    if (score < EDITOR_QA_MIN_SCORE || (best && best.score >= score)) continue;
    const p = prepare(pair.briefing);
    const support = selectAnswer(`${pair.question} ${pair.answer}`, p.index, undefined, { answerText: false });
    if (!support) continue;
    const span = leadingSharedSpan(pair.answer, p.index[support.index]!.text);
    best = { p, index: support.index, score, editor: true, ...(span ? { answerText: span } : {}) };
  }
  return best;
}

/**
 * Editors put the subject first ("Impact Level 5 and 6 are ..."): the longest opening run of the editor's
 * answer (two words or more) found verbatim in the quote is the span to highlight.
 */
export function leadingSharedSpan(editorAnswer: string, quote: string): string | undefined {
  const words = editorAnswer
    .replace(/[:;,.]+(\s|$)/g, ' ')
    .trim()
    .split(/\s+/);
  for (let n = Math.min(words.length, 12); n >= 2; n--) {
    const span = words.slice(0, n).join(' ');
    if (quote.includes(span)) return span;
  }
  return undefined;
}
