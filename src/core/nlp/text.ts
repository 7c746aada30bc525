import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// wink-nlp runs offline: its English model ships inside the npm package, nothing is downloaded.
// Two pipelines: sentence splitting only (fast, for long documents) and the full one (POS, entities),
// which is used only on the sentences that matter.
const sbd = winkNLP(model, ['sbd']);
const full = winkNLP(model);
const its = full.its;

export const STOP_WORDS = new Set(
  (
    'a an the and or but if of at by for with about against between into through during before after above below to from up down in out on off over under ' +
    'again further then once here there all any both each few more most other some such no nor not only own same so than too very can will just should now ' +
    'is are was were be been being have has had having do does did doing i me my we our you your he him his she her it its they them their what which who whom ' +
    'this that these those am would could may might must shall also as how when where why whose while s t don didn doesn isn aren wasn weren'
  ).split(' '),
);

/** Splits text into sentences (wink-nlp's sentence boundary detection), trimmed, empty ones dropped. */
export function splitSentences(text: string): string[] {
  if (text.trim() === '') return [];
  return sbd
    .readDoc(text)
    .sentences()
    .out()
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const stemCache = new Map<string, string>();

/** Stem of one lowercased word (a compact Porter-like stripper below), cached. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = porterLite(word);
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/** Lowercased word tokens (letters/digits, inner apostrophes/dots/dashes kept). */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Content terms: lowercased, stop words removed, stemmed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOP_WORDS.has(w)) continue;
    out.push(stem(w.replace(/['’]s$/, '')));
  }
  return out;
}

export interface EntitySpan {
  value: string;
  type: string;
}

/** Entities wink-nlp finds (DATE, MONEY, CARDINAL, PERCENT, ...) plus proper-noun runs as PROPN. */
export function entities(sentence: string): EntitySpan[] {
  const doc = full.readDoc(sentence);
  const out: EntitySpan[] = doc.entities().out(its.detail) as unknown as EntitySpan[];
  const tokens = doc.tokens().out();
  const pos = doc.tokens().out(its.pos);
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
  const doc = full.readDoc(text);
  const t = doc.tokens().out();
  const p = doc.tokens().out(its.pos);
  return t.map((token, i) => ({ token, pos: p[i] ?? 'X' }));
}

// A compact Porter-like suffix stripper: deterministic and fast; enough to match
// "models"/"model", "contracts"/"contract", "trained"/"training".
function porterLite(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  let s = w;
  if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('ies')) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  for (const suf of ['ational', 'ization', 'ations', 'ation', 'ments', 'ment', 'ness', 'ingly', 'edly', 'ing', 'ed', 'ly', 'er']) {
    if (s.endsWith(suf) && s.length - suf.length >= 3) {
      s = s.slice(0, -suf.length);
      break;
    }
  }
  if (s.endsWith('e') && s.length > 4) s = s.slice(0, -1);
  if (/([^aeiouls])\1$/.test(s)) s = s.slice(0, -1);
  return s;
}
