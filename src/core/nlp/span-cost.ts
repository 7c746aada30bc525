// What the span finder weighs when it picks one candidate of a sentence: a cost per candidate, the sum of its
// features times these weights, lowest wins. Fitted on train/ by scripts/fit-span-cost.mjs (coordinate ascent on
// span F1, paragraph given); listed with their sources in answer-model.ts. Data only: no imports, no cycles.

export const SPAN_COST_FEATURES = [
  /** Tokens between the candidate and the nearest question word (capped at 20). */
  'near',
  /** Ends before the first question word. */
  'before',
  /** Tokens in the candidate, minus one. */
  'length',
  /** How far the candidate's kind is from the asked one (an ordinal for "how many", a name not after "in"...). */
  'kind',
  /** Holds a proper noun and the question asks "What X...", "Which X...". */
  'wantedName',
  /** Holds a proper noun. */
  'proper',
  /** Holds one of the question's words (a noun chunk kept whole). */
  'questionWord',
  /** Right after a verb. */
  'afterVerb',
  /** Right after a preposition. */
  'afterPrep',
  /** Right before a verb (the subject). */
  'beforeVerb',
  /** Question words on both sides. */
  'between',
  /** "X and Y": two chunks joined. */
  'coordinated',
  /** Holds a number though the question asks no number. */
  'number',
  /** "X of Y": two chunks joined by "of". */
  'ofPhrase',
  /** Tokens past the third (long spans lose what short ones gain). */
  'long',
] as const;

export type SpanCostFeature = (typeof SPAN_COST_FEATURES)[number];

export const SPAN_COST_WEIGHTS: Record<SpanCostFeature, number> = {
  near: 1,
  before: 1.4,
  length: -1.05,
  kind: 4.95,
  wantedName: -5.05,
  proper: -3.8,
  questionWord: 7.7,
  afterVerb: -0.1,
  afterPrep: -0.1,
  beforeVerb: 0.1,
  between: 1,
  coordinated: 1.8,
  number: -0.1,
  ofPhrase: 1.95,
  long: 0,
};
