// The short answer's own confidence: whether the bold span / `Answer:` line is shown, or the quote stands alone.
// A logistic model on what the span finder knows about its pick (its kind, how many rivals it had and by how
// much it beat them, how near it sits to the question's words) and on the sentence's score; the weights and
// the bar are fitted on train/ by scripts/fit-span.mjs and live in answer-model.ts (SPAN_CONFIDENCE).

import type { ShortAnswer } from './short-answer.js';
import { SHOWN_SPAN_KINDS, SPAN_CONFIDENCE } from './answer-model.js';

export const SPAN_FEATURE_NAMES = [
  'bias',
  'sentenceScore',
  'fullCover',
  'definition',
  'cause',
  'date',
  'number',
  'person',
  'place',
  'money',
  'percent',
  'duration',
  'placeNotLocative',
  'numberNotCardinal',
  'dateNotDate',
  'durationNotDuration',
  'candidates',
  'margin',
  'distance',
  'length',
] as const;

export type SpanFeature = (typeof SPAN_FEATURE_NAMES)[number];

/** The feature vector, in SPAN_FEATURE_NAMES order. `sentenceScore` is the quoted sentence's score (0..1). */
export function spanFeatures(answer: ShortAnswer, sentenceScore: number): number[] {
  const s = answer.span;
  const typed = answer.kind === 'typed';
  const score = Math.min(1, sentenceScore);
  const f: Record<SpanFeature, number> = {
    bias: 1,
    sentenceScore: score,
    fullCover: score >= 0.999 ? 1 : 0,
    definition: answer.kind === 'definition' ? 1 : 0,
    cause: answer.kind === 'cause' ? 1 : 0,
    date: typed && answer.type === 'date' ? 1 : 0,
    number: typed && answer.type === 'number' ? 1 : 0,
    person: typed && answer.type === 'person' ? 1 : 0,
    place: typed && answer.type === 'place' ? 1 : 0,
    money: typed && answer.type === 'money' ? 1 : 0,
    percent: typed && answer.type === 'percent' ? 1 : 0,
    duration: typed && answer.type === 'duration' ? 1 : 0,
    placeNotLocative: typed && answer.type === 'place' && s?.kind !== 'LOC' ? 1 : 0,
    numberNotCardinal: typed && answer.type === 'number' && s?.kind !== 'CARDINAL' && s?.kind !== 'NUM' ? 1 : 0,
    dateNotDate: typed && answer.type === 'date' && s?.kind !== 'DATE' ? 1 : 0,
    durationNotDuration: typed && answer.type === 'duration' && s?.kind !== 'DURATION' ? 1 : 0,
    candidates: s ? Math.log(1 + s.candidates) : 0,
    margin: s ? s.margin / 5 : 0,
    distance: s ? Math.min(10, s.distance) / 10 : 0,
    length: Math.log(1 + (s ? s.length : answer.text.split(/\s+/).length)),
  };
  return SPAN_FEATURE_NAMES.map((name) => f[name]);
}

/** 0..1: how likely the span is a right answer (F1 >= 0.5 against a reader's), by the fitted model. */
export function spanConfidence(answer: ShortAnswer, sentenceScore: number): number {
  const x = spanFeatures(answer, sentenceScore);
  let z = 0;
  SPAN_FEATURE_NAMES.forEach((name, i) => {
    z += (SPAN_CONFIDENCE.weights[name] ?? 0) * x[i]!;
  });
  return 1 / (1 + Math.exp(-z));
}

/** Show the span as the answer? Only of the asked kind (never a guess) and past the fitted bar. */
export function spanShown(answer: ShortAnswer, sentenceScore: number): boolean {
  return SHOWN_SPAN_KINDS.has(answer.kind) && spanConfidence(answer, sentenceScore) >= SPAN_CONFIDENCE.threshold.value;
}

/** For `govai ask --explain`: the span found in the quoted sentence, its confidence and whether it was shown. */
export interface SpanTrace {
  text: string;
  kind: string;
  confidence: number;
  bar: number;
  shown: boolean;
}

export function spanTrace(answer: ShortAnswer | undefined, sentenceScore: number): SpanTrace | undefined {
  if (!answer) return undefined;
  const confidence = Math.round(spanConfidence(answer, sentenceScore) * 1000) / 1000;
  return {
    text: answer.text,
    kind: answer.kind === 'typed' ? `${answer.type}` : answer.kind,
    confidence,
    bar: SPAN_CONFIDENCE.threshold.value,
    shown: spanShown(answer, sentenceScore),
  };
}
