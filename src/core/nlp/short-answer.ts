// The short answer inside a chosen sentence: a definition for "What is X?", a cause for "why", else the span of the
// asked kind (span.ts). Separate from sentence choice (answer.ts): it runs once, on the winning sentence only.
import type { AnswerType } from './question.js';
import { definitionIn } from './definition.js';
import { extractTypedSpan, type SpanCandidate, spanCandidates, type TypedSpan } from './span.js';
import { analyse, stem, words } from './text.js';
import { CAUSE, type QuestionModel, questionModel } from './question-model.js';

/** The short answer span for `question` inside one sentence (what selectAnswer adds when asked to). */
export function answerTextFor(question: string, sentence: string): string | undefined {
  const q = questionModel(question);
  return q ? shortAnswerOf(q, sentence)?.text : undefined;
}

/** For "why": the clause that gives the cause ("because governments requested them"), up to the next comma. */
function causeIn(sentence: string): string | undefined {
  const m = CAUSE.exec(sentence);
  if (!m) return undefined;
  const rest = sentence.slice(m.index);
  const end = rest.search(/[,;:]\s|[.!?]$|\s[-–—]\s/);
  const clause = (end > 0 ? rest.slice(0, end) : rest).trim();
  return clause.split(/\s+/).length >= 3 ? clause : undefined;
}

/** How a short answer was found: only the first three are of the asked kind and worth showing a reader. */
export type SpanKind = 'definition' | 'cause' | 'typed' | 'guess';

/** A short answer, how it was found, and (for a typed span or a guess) what its confidence is judged on. */
export interface ShortAnswer {
  text: string;
  kind: SpanKind;
  /** The question's answer type. */
  type: AnswerType;
  /** The candidate's features (span.ts); absent for a definition or a cause. */
  span?: TypedSpan;
}

/** The short answer for `question` in one sentence, with how it was found (see `SpanKind`). */
export function answerSpanFor(question: string, sentence: string): ShortAnswer | undefined {
  const q = questionModel(question);
  return q ? shortAnswerOf(q, sentence) : undefined;
}

/** The definition for "What is X?" when the sentence gives one after X, a cause for "why", else the typed span. */
export function shortAnswerOf(q: QuestionModel, sentence: string): ShortAnswer | undefined {
  const definition = q.definiendum ? definitionIn(sentence, q.definiendum) : undefined;
  if (definition) return { text: definition, kind: 'definition', type: q.type };
  const cause = q.reason ? causeIn(sentence) : undefined;
  if (cause) return { text: cause, kind: 'cause', type: q.type };
  // "Does this change anything for ...?": a yes/no question has no span to show.
  const span = extractTypedSpan(sentence, q.type, q.stems, (w) => stemToken(w), q.wantsName);
  return span ? { text: span.text, kind: span.typed && !q.yesNo ? 'typed' : 'guess', type: q.type, span } : undefined;
}

/**
 * For scripts/fit-span-cost.mjs: the candidates the span finder weighs in `sentence`, those of the asked kind and
 * the noun chunks it falls back to, or the definition/cause it returns before weighing any (`fixed`).
 */
export function spanCandidatesFor(
  question: string,
  sentence: string,
): { fixed?: string; typed: SpanCandidate[]; other: SpanCandidate[] } | undefined {
  const q = questionModel(question);
  if (!q) return undefined;
  const first = shortAnswerOf(q, sentence);
  if (first && (first.kind === 'definition' || first.kind === 'cause'))
    return { fixed: first.text, typed: [], other: [] };
  const a = analyse(sentence);
  if (a.tokens.length === 0) return { typed: [], other: [] };
  const stemOf = (w: string) => stemToken(w);
  return {
    typed: q.type === 'other' ? [] : spanCandidates(a, q.type, q.stems, stemOf, q.wantsName),
    other: spanCandidates(a, 'other', q.stems, stemOf, q.wantsName),
  };
}

function stemToken(w: string): string {
  const bare = w.replace(/['’]s$/, '');
  return words(bare).length === 1 ? stem(bare) : bare;
}
