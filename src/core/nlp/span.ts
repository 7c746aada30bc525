// The short answer inside a chosen sentence: the entity, number or date of the kind the question
// asks for (wink-nlp's entities and part-of-speech tags), nearest to where the question's own words
// occur, and not something the question already says. Runs on one sentence, so the full pipeline is cheap.

import type { AnswerType } from './question.js';
import { SPAN_COST_FEATURES, SPAN_COST_WEIGHTS, type SpanCostFeature } from './span-cost.js';
import { type Analysis, analyse, STOP_WORDS } from './text.js';

interface Span {
  start: number;
  end: number;
  kind: string;
}

const ENTITY_KINDS: Record<Exclude<AnswerType, 'other' | 'person' | 'place'>, string[]> = {
  date: ['DATE', 'TIME'],
  number: ['CARDINAL', 'MEASURE', 'MONEY', 'PERCENT', 'DURATION', 'ORDINAL'],
  money: ['MONEY'],
  percent: ['PERCENT'],
  duration: ['DURATION', 'DATE', 'TIME'],
};

const PLACE_PREPOSITIONS = new Set([
  'in',
  'at',
  'from',
  'near',
  'to',
  'into',
  'across',
  'throughout',
  'outside',
  'inside',
]);
const CALENDAR =
  /^(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?$/i;
const CHUNK_POS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);

/**
 * The shortest span of `sentence` that answers the question, or undefined when none of the asked kind.
 * `questionStems` are the question's content stems; `stemOf` stems a lowercased token.
 */
export function extractAnswerSpan(
  sentence: string,
  type: AnswerType,
  questionStems: ReadonlySet<string>,
  stemOf: (w: string) => string,
  /** "What proclamation...", "Which cathedral...": a named thing is the likely answer. */
  wantsName = false,
): string | undefined {
  return extractTypedSpan(sentence, type, questionStems, stemOf, wantsName)?.text;
}

/**
 * Like `extractAnswerSpan`, and says whether the span is of the asked kind (`typed`: a date for "when", a
 * name for "who") or only the nearest noun phrase (a guess a reader should not be shown as "the answer").
 */
export function extractTypedSpan(
  sentence: string,
  type: AnswerType,
  questionStems: ReadonlySet<string>,
  stemOf: (w: string) => string,
  wantsName = false,
): TypedSpan | undefined {
  const a = analyse(sentence);
  if (a.tokens.length === 0) return undefined;
  const typed = type === 'other' ? undefined : bestSpan(a, type, questionStems, stemOf, wantsName);
  if (typed) return { ...typed, typed: true };
  // Nothing of the asked kind: the nearest noun phrase is still a better short answer than the whole sentence.
  const guess = bestSpan(a, 'other', questionStems, stemOf, wantsName);
  return guess ? { ...guess, typed: false } : undefined;
}

/** A span with what its own confidence is judged on (span-confidence.ts). */
export interface TypedSpan {
  text: string;
  typed: boolean;
  /** The candidate's kind: an entity type (DATE, CARDINAL...), PROPN, LOC (a name after "in", "at"...) or NP. */
  kind: string;
  /** Candidates of the asked kind in the sentence, after those the question already says. */
  candidates: number;
  /** How much cheaper the winner is than the runner-up (capped at 5; 5 when it is the only one). */
  margin: number;
  /** Tokens between the span and the nearest question word. */
  distance: number;
  /** Tokens in the span. */
  length: number;
}

/** One candidate span of a sentence with its cost features (for the fitting script and `bestSpan`). */
export interface SpanCandidate {
  text: string;
  kind: string;
  features: Record<SpanCostFeature, number>;
  near: number;
  length: number;
}

/**
 * Every candidate of the asked kind, or (when `type` is 'other') every noun chunk; `bestSpan` takes the cheapest.
 * Exported for scripts/fit-span-cost.mjs.
 */
export function spanCandidates(
  a: Analysis,
  type: AnswerType,
  questionStems: ReadonlySet<string>,
  stemOf: (w: string) => string,
  wantsName: boolean,
): SpanCandidate[] {
  const inQuestion = a.tokens.map((t) => questionStems.has(stemOf(t.toLowerCase())));
  const anchors: number[] = [];
  inQuestion.forEach((hit, i) => {
    if (hit) anchors.push(i);
  });
  const spans =
    type === 'other'
      ? withCoordination(
          nounChunks(a).flatMap((s) => {
            const parts = splitAtQuestionWords(s, inQuestion).filter((x) => hasNoun(x, a));
            // The chunk kept whole too ("Victoria Department of Education" asked about Victoria), as its own candidate.
            const whole = parts.length === 1 && parts[0]!.start === s.start && parts[0]!.end === s.end;
            return whole ? parts : [...parts, { ...s, kind: 'NPQ' }];
          }),
          a,
        )
      : candidateSpans(a, type);
  const out: SpanCandidate[] = [];
  for (const s of spans) {
    if (coveredByQuestion(s, inQuestion, a)) continue;
    const subject = type === 'person' && s.start === 0 && a.tokens[s.end + 1] === ',' && anchors.length > 0;
    const near = subject ? SUBJECT_DISTANCE : distance(s, anchors);
    const proper = isProper(s, a);
    let questionWord = 0;
    let number = 0;
    for (let i = s.start; i <= s.end; i++) {
      if (inQuestion[i]) questionWord = 1;
      if (a.pos[i] === 'NUM') number = 1;
    }
    const prev = a.pos[s.start - 1];
    const next = a.pos[s.end + 1];
    const features: Record<SpanCostFeature, number> = {
      near: Math.min(20, near),
      before: anchors.length > 0 && s.end < anchors[0]! ? 1 : 0,
      length: s.end - s.start,
      kind: kindCost(s.kind, type),
      wantedName: wantsName && proper ? 1 : 0,
      proper: proper ? 1 : 0,
      questionWord,
      afterVerb: prev === 'VERB' || prev === 'AUX' ? 1 : 0,
      afterPrep: prev === 'ADP' ? 1 : 0,
      beforeVerb: next === 'VERB' || next === 'AUX' ? 1 : 0,
      between: anchors.length > 0 && anchors[0]! < s.start && anchors[anchors.length - 1]! > s.end ? 1 : 0,
      coordinated: s.kind === 'COORD' ? 1 : 0,
      number: type === 'other' ? number : 0,
      ofPhrase: s.kind === 'OF' ? 1 : 0,
      long: Math.max(0, s.end - s.start - 2),
    };
    out.push({ text: textOf(a, s.start, s.end), kind: s.kind, features, near, length: s.end - s.start + 1 });
  }
  return out;
}

export function spanCost(c: SpanCandidate, weights: Record<SpanCostFeature, number> = SPAN_COST_WEIGHTS): number {
  let cost = 0;
  for (const f of SPAN_COST_FEATURES) cost += weights[f] * c.features[f];
  return cost;
}

function bestSpan(
  a: Analysis,
  type: AnswerType,
  questionStems: ReadonlySet<string>,
  stemOf: (w: string) => string,
  wantsName: boolean,
): Omit<TypedSpan, 'typed'> | undefined {
  const candidates = spanCandidates(a, type, questionStems, stemOf, wantsName);
  let best: SpanCandidate | undefined;
  let bestCost = Number.POSITIVE_INFINITY;
  let secondCost = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const cost = spanCost(c);
    if (cost < bestCost) {
      best = c;
      secondCost = bestCost;
      bestCost = cost;
    } else if (cost < secondCost) secondCost = cost;
  }
  if (!best) return undefined;
  return {
    text: best.text,
    kind: best.kind === 'NPQ' || best.kind === 'COORD' || best.kind === 'OF' ? 'NP' : best.kind,
    candidates: candidates.length,
    margin: Math.min(5, secondCost - bestCost),
    distance: best.near,
    length: best.length,
  };
}

/**
 * "killer T cells and helper T cells", "history of arms": two noun chunks joined by "and", "or", "of", also a
 * candidate.
 */
function withCoordination(spans: Span[], a: Analysis): Span[] {
  const out = [...spans];
  const sorted = spans.filter((s) => s.kind === 'NP').sort((x, y) => x.start - y.start);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const x = sorted[i]!;
    const y = sorted[i + 1]!;
    if (y.start !== x.end + 2) continue;
    const joint = a.tokens[x.end + 1]!.toLowerCase();
    if (joint === 'and' || joint === 'or') out.push({ start: x.start, end: y.end, kind: 'COORD' });
    // "the history of arms": the chunk with what it is of.
    else if (joint === 'of') out.push({ start: x.start, end: y.end, kind: 'OF' });
  }
  return out;
}

function candidateSpans(a: Analysis, type: AnswerType): Span[] {
  if (type === 'person') return properRuns(a, false);
  if (type === 'place') return properRuns(a, true);
  if (type === 'other') return nounChunks(a);
  const kinds = ENTITY_KINDS[type];
  const spans = a.entities
    .filter((e) => kinds.includes(e.type))
    .map((e) => ({ start: e.start, end: e.end, kind: e.type }));
  if (spans.length > 0 || type === 'money' || type === 'percent') return spans;
  // No entity of the kind: bare numbers still answer "how many".
  return a.pos.flatMap((p, i) => (p === 'NUM' ? [{ start: i, end: i, kind: 'NUM' }] : []));
}

/** Runs of proper nouns; for places, runs after a locative preposition rank first. */
function properRuns(a: Analysis, place: boolean): Span[] {
  const out: Span[] = [];
  let i = 0;
  while (i < a.tokens.length) {
    if (a.pos[i] !== 'PROPN') {
      i++;
      continue;
    }
    let j = i;
    // "University of Chicago", "Jean-Paul de la Salle": allow "of"/"de" between proper nouns.
    while (
      j + 1 < a.tokens.length &&
      (a.pos[j + 1] === 'PROPN' ||
        (/^(?:of|de|la|von|van|del|da|and|&)$/.test(a.tokens[j + 1]!) && a.pos[j + 2] === 'PROPN'))
    )
      j++;
    // A month or a weekday is a date, never the "who" or "where" ("October", "July").
    if (i === j && CALENDAR.test(a.tokens[i]!)) {
      i = j + 1;
      continue;
    }
    const before = (a.tokens[i - 1] ?? '').toLowerCase();
    const locative =
      PLACE_PREPOSITIONS.has(before) ||
      (before === 'the' && PLACE_PREPOSITIONS.has((a.tokens[i - 2] ?? '').toLowerCase()));
    out.push({ start: i, end: j, kind: place ? (locative ? 'LOC' : 'PROPN') : 'PROPN' });
    i = j + 1;
  }
  return out;
}

/** Noun chunks: runs of adjectives, nouns, proper nouns and numbers (with inner "of"). */
function nounChunks(a: Analysis): Span[] {
  const out: Span[] = [];
  let i = 0;
  while (i < a.tokens.length) {
    if (!CHUNK_POS.has(a.pos[i]!)) {
      i++;
      continue;
    }
    let j = i;
    for (;;) {
      if (j + 1 < a.tokens.length && CHUNK_POS.has(a.pos[j + 1]!)) j++;
      // "swimming-plates", "Miller–Rabin": a hyphen with no space around it joins one word.
      else if (
        j + 2 < a.tokens.length &&
        /^[-–]$/.test(a.tokens[j + 1]!) &&
        a.spaces[j + 1] === '' &&
        a.spaces[j + 2] === '' &&
        /[\p{L}\p{N}]/u.test(a.tokens[j + 2]!)
      )
        j += 2;
      else break;
    }
    // A chunk must end on a noun-like token ("the red car", not "the red").
    let end = j;
    while (end > i && a.pos[end] === 'ADJ') end--;
    out.push({ start: i, end, kind: 'NP' });
    i = j + 1;
  }
  return out;
}

// "Who ...?" asks for the subject: a name opening the sentence and followed by a comma (an appositive or a
// relative clause: "X, which has ..., is also ...") counts as near the question's words, however long the clause.
const SUBJECT_DISTANCE = 1;

function hasNoun(s: Span, a: Analysis): boolean {
  for (let i = s.start; i <= s.end; i++)
    if (a.pos[i] === 'NOUN' || a.pos[i] === 'PROPN' || a.pos[i] === 'NUM') return true;
  return false;
}

function isProper(s: Span, a: Analysis): boolean {
  for (let i = s.start; i <= s.end; i++) if (a.pos[i] === 'PROPN') return true;
  return false;
}

/** A noun chunk minus the question's own words: "two adjacent comb rows" asked about comb rows -> "two adjacent". */
function splitAtQuestionWords(s: Span, inQuestion: readonly boolean[]): Span[] {
  const out: Span[] = [];
  let start = -1;
  for (let i = s.start; i <= s.end + 1; i++) {
    const inside = i <= s.end && !inQuestion[i];
    if (inside && start < 0) start = i;
    if (!inside && start >= 0) {
      out.push({ start, end: i - 1, kind: s.kind });
      start = -1;
    }
  }
  return out;
}

/** Says nothing the question does not: its words, stop words ("that day" asked "...from that day?") and punctuation. */
function coveredByQuestion(s: Span, inQuestion: readonly boolean[], a: Analysis): boolean {
  for (let i = s.start; i <= s.end; i++) {
    const t = a.tokens[i]!;
    if (!inQuestion[i] && /[\p{L}\p{N}]/u.test(t) && !STOP_WORDS.has(t.toLowerCase())) return false;
  }
  return true;
}

function distance(s: Span, anchors: readonly number[]): number {
  if (anchors.length === 0) return s.start * 0.1;
  let best = Number.POSITIVE_INFINITY;
  for (const x of anchors) {
    const d = x < s.start ? s.start - x : x > s.end ? x - s.end : 0;
    if (d < best) best = d;
  }
  return best;
}

function kindCost(kind: string, type: AnswerType): number {
  if (type === 'place') return kind === 'LOC' ? 0 : 2;
  if (type === 'number') return kind === 'CARDINAL' || kind === 'NUM' ? 0 : kind === 'ORDINAL' ? 3 : 1;
  if (type === 'date') return kind === 'DATE' ? 0 : 1;
  return 0;
}

function textOf(a: Analysis, start: number, end: number): string {
  let out = a.tokens[start] ?? '';
  for (let i = start + 1; i <= end; i++) out += (a.spaces[i] ?? '') + (a.tokens[i] ?? '');
  return out.trim();
}
