import { sentencesOf } from '../briefing.js';
import type { Briefing, Citation } from '../model.js';
import { contentTerms, splitSentences } from '../nlp/text.js';
import type { CandidateDocument, CandidateSentence } from './port.js';

// The offline retriever decides what the model may read: the top briefings for the question and, in each,
// the sentences that share most words with it (plus the offline answer's sentence and the one after it, so
// an answer that continues into the next sentence is citable). The model never sees the rest of the library.

export interface CandidateOptions {
  /** Sentences per briefing. */
  perBriefing?: number;
  /** Sentences in all. */
  max?: number;
  /** The offline answer's sentence, always included when it is in one of the briefings. */
  offline?: { briefingId: string; quote: string };
}

export function citationOf(b: Briefing, paragraph: number): Citation {
  return {
    briefingId: b.id,
    title: b.title,
    ...(b.url ? { url: b.url } : {}),
    ...(b.source ? { source: b.source } : {}),
    paragraph,
  };
}

export function questionCandidates(
  question: string,
  briefings: readonly Briefing[],
  options: CandidateOptions = {},
): CandidateDocument[] {
  const perBriefing = options.perBriefing ?? 5;
  const max = options.max ?? 14;
  const q = new Set(contentTerms(question));
  const picked: Array<{ b: Briefing; indexes: number[] }> = [];
  let total = 0;
  for (const b of briefings) {
    if (total >= max) break;
    const sentences = sentencesOf(b.paragraphs);
    const scored = sentences
      .map((s, i) => {
        const terms = new Set(contentTerms(s.text));
        let shared = 0;
        for (const t of q) if (terms.has(t)) shared++;
        return { i, shared };
      })
      .filter((s) => s.shared > 0)
      .sort((x, y) => y.shared - x.shared || x.i - y.i);
    const chosen = new Set(scored.slice(0, perBriefing).map((s) => s.i));
    if (options.offline?.briefingId === b.id) {
      const at = sentences.findIndex((s) => s.text === options.offline?.quote);
      if (at >= 0) {
        chosen.add(at);
        if (at + 1 < sentences.length) chosen.add(at + 1);
      }
    }
    const indexes = [...chosen].sort((x, y) => x - y).slice(0, Math.max(0, max - total));
    if (indexes.length === 0) continue;
    total += indexes.length;
    picked.push({ b, indexes });
  }
  let id = 0;
  return picked.map(({ b, indexes }) => {
    const sentences = sentencesOf(b.paragraphs);
    return {
      briefingId: b.id,
      title: b.title,
      sentences: indexes.map(
        (i): CandidateSentence => ({
          id: ++id,
          text: sentences[i]!.text,
          citation: citationOf(b, sentences[i]!.paragraph),
        }),
      ),
    };
  });
}

/** Every sentence of one briefing (capped), numbered: the input of an abstractive summary. */
export function briefingCandidates(b: Briefing, max = 80): CandidateDocument {
  const sentences = sentencesOf(b.paragraphs).slice(0, max);
  return {
    briefingId: b.id,
    title: b.title,
    sentences: sentences.map((s, i) => ({ id: i + 1, text: s.text, citation: citationOf(b, s.paragraph) })),
  };
}

/**
 * Every sentence of one given passage (the paragraph task: `govai batch answer --llm`), numbered, split as the
 * offline passage answerer splits it; cited as paragraph 1 of a document called `passage`.
 */
export function passageCandidates(context: string, max = 60): CandidateDocument {
  const citation: Citation = { briefingId: 'passage', title: 'passage', paragraph: 1 };
  return {
    briefingId: 'passage',
    title: 'passage',
    sentences: splitSentences(context)
      .slice(0, max)
      .map((text, i) => ({ id: i + 1, text, citation })),
  };
}

export function allSentences(documents: readonly CandidateDocument[]): Map<number, CandidateSentence> {
  const map = new Map<number, CandidateSentence>();
  for (const d of documents) for (const s of d.sentences) map.set(s.id, s);
  return map;
}
