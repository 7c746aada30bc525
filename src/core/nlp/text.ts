import { createRequire } from 'node:module';
import type WinkNLP from 'wink-nlp';
import type { Model } from 'wink-nlp';
import { splitIntoSentences } from './sentences.js';

// wink-nlp runs offline: its English model ships inside the npm package, nothing is downloaded.
// Two pipelines: sentence splitting only (fast, for long documents) and the full one (POS, entities),
// which is used only on the sentences that matter.
// Both are built on first use, not at import: building one decodes the 3 MB model (about 150 ms each), and most
// processes need neither (`--help`, `list` on built briefings, config errors, doctor; the running bot's main thread
// builds no briefing, the ingest worker does) or only the full one (the sentence pipeline is the bench's
// comparison). `require` loads the package synchronously on that first call; the core itself reads no file.
const requireWink = createRequire(import.meta.url);
type Nlp = ReturnType<typeof WinkNLP>;
let winkModel: Model | undefined;
let sbdNlp: Nlp | undefined;
let fullNlp: Nlp | undefined;

function pipeline(pipe?: string[]): Nlp {
  const winkNLP = requireWink('wink-nlp') as typeof WinkNLP;
  winkModel ??= requireWink('wink-eng-lite-web-model') as Model;
  return pipe ? winkNLP(winkModel, pipe as Parameters<typeof WinkNLP>[1]) : winkNLP(winkModel);
}
const sbd = (): Nlp => (sbdNlp ??= pipeline(['sbd']));
const full = (): Nlp => (fullNlp ??= pipeline());
// The Porter2 stemmer the model ships as `addons.stem`, loaded on its own: it needs none of the model's data.
const porterStem = requireWink('wink-eng-lite-web-model/dist/porter-stemmer.js') as (w: string) => string;

export const STOP_WORDS = new Set(
  (
    'a an the and or but if of at by for with about against between into through during before after above ' +
    'below to from up down in out on off over under ' +
    'again further then once here there all any both each few more most other some such no nor not only own ' +
    'same so than too very can will just should now ' +
    'is are was were be been being have has had having do does did doing i me my we our you your he him his ' +
    'she her it its they them their what which who whom ' +
    'this that these those am would could may might must shall also as how when where why whose while s t ' +
    'don didn doesn isn aren wasn weren'
  ).split(' '),
);

/** Splits text into sentences (the linear rule-based splitter in sentences.ts), trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  if (text.trim() === '') return [];
  return splitIntoSentences(text);
}

/** wink-nlp's own sentence boundary detection (slower; kept for comparison in the bench). */
export function splitSentencesWink(text: string): string[] {
  if (text.trim() === '') return [];
  return sbd()
    .readDoc(text)
    .sentences()
    .out()
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const stemCache = new Map<string, string>();
const MAX_STEM_CHARS = 40;

/**
 * Longest token the stemmer sees. The Porter2 stemmer is quadratic in word length (a 20,000-character
 * "word" took 2.4 s), and no real word is near this long; a longer token is cut to this prefix first.
 */
export const MAX_STEM_INPUT = 64;

/** Stem of one lowercased word (the Porter2 stemmer shipped with wink's English model), cached. */
export function stem(word: string): string {
  if (word.length > MAX_STEM_INPUT) return word.slice(0, MAX_STEM_INPUT);
  let s = stemCache.get(word);
  if (s === undefined) {
    // A token longer than any word (a URL, a hash, a 200,000-character run) is kept as it is: the stemmer's
    // suffix rules are slow on it and there is nothing to stem.
    s = /\d/.test(word) || word.length <= 3 || word.length > MAX_STEM_CHARS ? word : porterStem(word);
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

const ASCII_WORD = /[a-z0-9]+(?:['.-][a-z0-9]+)*/g;
const NON_ASCII = /[\u0080-\uffff]/;

/** Lowercased word tokens (letters/digits, inner apostrophes/dots/dashes kept). */
export function words(text: string): string[] {
  const lower = text.toLowerCase();
  // Same tokens either way; the ASCII pattern is several times faster than the Unicode one.
  return (NON_ASCII.test(lower) ? lower.match(WORD) : lower.match(ASCII_WORD)) ?? [];
}

/**
 * The form a stem is matched in: without a final "e", because the stemmer keeps it in some forms and
 * drops it in others ("shape" but "shaped" -> "shap", "arrange" / "arranged" -> "arrang").
 */
export function matchKey(stemmed: string): string {
  return stemmed.length > 4 && stemmed.endsWith('e') && !/\d/.test(stemmed) ? stemmed.slice(0, -1) : stemmed;
}

/** Content terms: lowercased, stop words removed, stemmed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOP_WORDS.has(w)) continue;
    out.push(stem(w.endsWith("'s") || w.endsWith('’s') ? w.slice(0, -2) : w));
  }
  return out;
}

export interface EntitySpan {
  value: string;
  type: string;
}

/** Entities wink-nlp finds (DATE, MONEY, CARDINAL, PERCENT, ...) plus proper-noun runs as PROPN. */
export function entities(sentence: string): EntitySpan[] {
  const nlp = full();
  const doc = nlp.readDoc(sentence);
  const out: EntitySpan[] = doc.entities().out(nlp.its.detail) as unknown as EntitySpan[];
  const tokens = doc.tokens().out();
  const pos = doc.tokens().out(nlp.its.pos);
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) out.push({ value: run.join(' '), type: 'PROPN' });
    run = [];
  };
  tokens.forEach((t, i) => {
    if (pos[i] === 'PROPN') run.push(t);
    else flush();
  });
  flush();
  return out;
}

/** Part-of-speech tags, aligned with wink's tokens. */
export function tagged(text: string): Array<{ token: string; pos: string }> {
  const nlp = full();
  const doc = nlp.readDoc(text);
  const t = doc.tokens().out();
  const p = doc.tokens().out(nlp.its.pos);
  return t.map((token, i) => ({ token, pos: p[i] ?? 'X' }));
}

export interface Analysis {
  tokens: string[];
  /** Whitespace before each token, to rebuild a span's text exactly. */
  spaces: string[];
  pos: string[];
  /** wink entities with inclusive token spans. */
  entities: Array<{ start: number; end: number; type: string; value: string }>;
}

const analysisCache = new Map<string, Analysis>();

/** Tokens, POS tags and entities of one sentence (wink's full pipeline), cached for repeated questions. */
export function analyse(sentence: string): Analysis {
  const hit = analysisCache.get(sentence);
  if (hit) return hit;
  const nlp = full();
  const doc = nlp.readDoc(sentence);
  const tokens = doc.tokens().out();
  const spaces = doc.tokens().out(nlp.its.precedingSpaces) as string[];
  const pos = doc.tokens().out(nlp.its.pos) as string[];
  const details = doc.entities().out(nlp.its.detail) as unknown as Array<{ value: string; type: string }>;
  const spans = doc.entities().out(nlp.its.span) as unknown as Array<[number, number]>;
  const entities = details.map((d, i) => ({ start: spans[i]![0], end: spans[i]![1], type: d.type, value: d.value }));
  const a: Analysis = { tokens, spaces, pos, entities };
  if (analysisCache.size >= 20_000) analysisCache.clear();
  analysisCache.set(sentence, a);
  return a;
}
