import { entities, STOP_WORDS, tagged } from './nlp/text.js';

// Names and watched terms from news copy, precision over recall: a capitalised word is a name only when the
// text does not also use it as an ordinary word, and not only where every word is capitalised (a sentence start).

const CALENDAR =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Today|Tomorrow|Yesterday)$/;
const WIRES = /^(?:CNN|CNN iReport|EW|AP|AFP|Reuters|UPI|THR|The|A|An|But|For|That|This|Those|None|Whether)$/;
// Job titles that run into a name in news copy ("House Speaker John Boehner", "Sgt. Jeremy Sutton").
const TITLE_WORDS = new Set(
  (
    'actress actor producer director president minister secretary deputy inspector general sheriff detective chief ' +
    'officer commissioner judge speaker spokesman spokeswoman lawyer attorney pope sgt sgt. maj maj. gen gen. lt lt. ' +
    'col col. capt capt. gov gov. sen sen. rep rep. dr dr. mr mr. mrs mrs. ms ms. coach reporter aide prosecutor'
  ).split(' '),
);

const MAX_SENTENCES = 400;
const MAX_SENTENCE_CHARS = 2_000;

/** People, places and organisations the text names, most mentioned first, each with its mention count. */
export function namedThings(sentences: readonly string[], limit = 20): Array<{ name: string; count: number }> {
  const used = sentences.slice(0, MAX_SENTENCES).filter((s) => s.length <= MAX_SENTENCE_CHARS);
  const text = used.join(' ');
  const lowerWords = new Set<string>();
  for (const w of text.match(/[A-Za-z]+/g) ?? []) if (w.length < 40 && /^[a-z]/.test(w)) lowerWords.add(w);
  const counts = new Map<string, { n: number; inner: number; first: number }>();
  let order = 0;
  for (const s of used) {
    const opening = s.replace(/^["'\u201c\u2018(]+/, '');
    for (const e of entities(s)) {
      if (e.type !== 'PROPN') continue;
      const initial = opening.startsWith(e.value);
      const name = cleanName(e.value);
      if (!name || !plausible(name, text, lowerWords)) continue;
      const c = counts.get(name) ?? { n: 0, inner: 0, first: order++ };
      c.n++;
      if (!initial || name !== e.value || name.includes(' ')) c.inner++;
      counts.set(name, c);
    }
  }
  return [...counts.entries()]
    .filter(([, c]) => c.inner > 0 || c.n >= 2)
    .sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first)
    .slice(0, limit)
    .map(([name, c]) => ({ name, count: c.n }));
}

/**
 * "Israeli Prime Minister Benjamin Netanyahu" -> "Benjamin Netanyahu"; "CNN Saturday" -> "CNN"; "Christie's" ->
 * "Christie's".
 */
function cleanName(value: string): string | undefined {
  let words = value
    .replace(/['’]s$/, '')
    .trim()
    .split(/\s+/);
  const possessive = words.findIndex((w) => /['’]s$/.test(w));
  if (possessive >= 0 && possessive < words.length - 1) words = words.slice(possessive + 1);
  while (words.length > 1 && CALENDAR.test(words.at(-1)!)) words.pop();
  let lastTitle = -1;
  words.forEach((w, i) => {
    if (TITLE_WORDS.has(w.toLowerCase())) lastTitle = i;
  });
  if (lastTitle >= 0 && words.length - lastTitle - 1 >= 2) words = words.slice(lastTitle + 1);
  else if (lastTitle === words.length - 1 || (words.length === 1 && lastTitle === 0)) return undefined;
  const name = words.join(' ');
  return name.length >= 2 ? name : undefined;
}

function plausible(name: string, text: string, lowerWords: ReadonlySet<string>): boolean {
  if (CALENDAR.test(name) || WIRES.test(name) || /['’]/.test(name) || name.length > 60) return false;
  if (name.includes(' ')) return true;
  if (STOP_WORDS.has(name.toLowerCase()) || lowerWords.has(name.toLowerCase())) return false;
  // One half of a hyphenated name ("Chokal" of "Chokal-Ingam") is not the name.
  return !text.includes(`${name}-`) && !text.includes(`-${name}`);
}

/**
 * What keyword triggers watch for a briefing: the editor's keywords, the glossary's terms, the names mentioned
 * more than once and the noun phrases the key sentences repeat ("red sandalwood", "nuclear program").
 */
export function watchTerms(input: {
  keywords: readonly string[];
  glossary: readonly string[];
  names: ReadonlyArray<{ name: string; count: number }>;
  keySentences: readonly string[];
  text: string;
}): string[] {
  const out = new Map<string, string>();
  const add = (t: string) => {
    const term = t.trim();
    if (term.length >= 2 && term.length <= 60 && !out.has(term.toLowerCase())) out.set(term.toLowerCase(), term);
  };
  for (const k of input.keywords) add(k);
  for (const g of input.glossary) add(g);
  for (const n of input.names.filter((x) => x.count >= 2).slice(0, 10)) add(n.name);
  const lower = input.text.slice(0, 200_000).toLowerCase();
  const phrases = new Map<string, number>();
  for (const s of input.keySentences) {
    if (s.length > MAX_SENTENCE_CHARS) continue;
    const tokens = tagged(s);
    let run: Array<{ token: string; noun: boolean }> = [];
    const flush = () => {
      // Every two- or three-word stretch of the run that ends in a noun and starts with no stop word.
      for (let end = 1; end < run.length; end++) {
        if (!run[end]!.noun) continue;
        for (let len = 2; len <= 3 && end - len + 1 >= 0; len++) {
          const words = run.slice(end - len + 1, end + 1).map((r) => r.token);
          if (STOP_WORDS.has(words[0]!)) continue;
          const phrase = words.join(' ');
          if (!phrases.has(phrase)) phrases.set(phrase, occurrences(lower, phrase));
        }
      }
      run = [];
    };
    for (const { token, pos } of tokens) {
      if ((pos === 'NOUN' || pos === 'ADJ') && /^[a-z][a-z-]{1,30}$/.test(token))
        run.push({ token, noun: pos === 'NOUN' });
      else flush();
    }
    flush();
  }
  for (const [phrase] of [...phrases.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8))
    add(phrase);
  return [...out.values()];
}

function occurrences(text: string, phrase: string): number {
  let n = 0;
  for (let at = text.indexOf(phrase); at >= 0 && n < 100; at = text.indexOf(phrase, at + phrase.length)) n++;
  return n;
}
